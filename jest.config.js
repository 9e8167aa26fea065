const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }];

/** Fast projects run by `npm run test:unit`; the e2e project drives a real n8n. */
module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/fake-kommo/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/setup-n8n-env.ts'],
		},
		{
			displayName: 'routing',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/routing/**/*.test.ts', '<rootDir>/test/trigger/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/setup-n8n-env.ts'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/setup-n8n-env.ts'],
		},
	],
};
