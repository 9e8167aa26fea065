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
			setupFilesAfterEnv: ['<rootDir>/test/e2e/jest-timeout.ts'],
			setupFiles: ['<rootDir>/test/setup-n8n-env.ts'],
		},
	],
};
