/** `npm run bench:webhook`: a real n8n takes a burst of Kommo web hook deliveries; figures are printed. */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	modulePathIgnorePatterns: ['<rootDir>/.e2e/', '<rootDir>/.n8n-test/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testMatch: ['<rootDir>/test/bench/**/*.n8n-bench.ts'],
	setupFiles: ['<rootDir>/test/setup-n8n-env.ts'],
	testTimeout: 1_500_000,
};
