import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import jsoncParser from 'jsonc-eslint-parser';

// The rule set of n8n's verification: the community-nodes plugin (recommended) plus the community,
// credentials and nodes configs of eslint-plugin-n8n-nodes-base, with the same few overrides that
// @n8n/scan-community-package (scanner.mjs, buildScanConfig) and `n8n-node lint` apply.
const base = n8nNodesBase.configs;

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'test/**',
			'.sandbox/**',
			'.e2e/**',
			'.n8n-test/**',
			'scripts/**',
		],
	},
	n8nCommunityNodesPlugin.configs.recommended,
	{
		files: ['**/*.ts'],
		languageOptions: {
			parser: tsParser,
			parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
		},
		plugins: { 'n8n-nodes-base': n8nNodesBase },
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: base.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...base.credentials.rules,
			// Not valid for community nodes (wants a docs slug where a URL is required).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// The community plugin's credential-password-field rule is the accurate one.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...base.nodes.rules,
			// Inputs and outputs use the NodeConnectionTypes enum, as the community plugin requires.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// Kommo's API does have maximums (250 per page and per add request).
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
];
