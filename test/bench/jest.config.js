/** `npm run bench`: figures are printed; the targets are asserted so the benchmark can fail. */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testMatch: ['<rootDir>/test/bench/**/*.bench.ts'],
	setupFiles: ['<rootDir>/test/setup-n8n-env.ts'],
	testTimeout: 600_000,
};
