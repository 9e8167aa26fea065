/** `npm run bench:queue`: one Kommo rate limit across n8n processes; figures are printed. */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	modulePathIgnorePatterns: ['<rootDir>/.e2e/', '<rootDir>/.n8n-test/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testMatch: ['<rootDir>/test/bench/**/*.queue-bench.ts'],
	setupFiles: ['<rootDir>/test/setup-n8n-env.ts'],
	testTimeout: 1_500_000,
};
