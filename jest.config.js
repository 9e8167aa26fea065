const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }];
// n8n user folders of e2e runs hold package.json files that jest's module map would otherwise index.
const modulePathIgnorePatterns = ['<rootDir>/.e2e/', '<rootDir>/.n8n-test/'];

/** Fast projects run by `npm run test:unit`; the e2e project drives a real n8n. */
module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			modulePathIgnorePatterns,
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/fake-kommo/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/setup-n8n-env.ts'],
		},
		{
			displayName: 'routing',
			testEnvironment: 'node',
			modulePathIgnorePatterns,
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/routing/**/*.test.ts', '<rootDir>/test/trigger/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/setup-n8n-env.ts'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			modulePathIgnorePatterns,
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			// Hooks without their own timeout too: stopping a queue-mode cluster (workers, main,
			// Redis, PostgreSQL) takes longer than jest's 5 s default.
			testTimeout: 120_000,
			setupFiles: ['<rootDir>/test/setup-n8n-env.ts'],
		},
	],
};
