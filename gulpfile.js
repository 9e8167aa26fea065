const { src, dest, task, parallel } = require('gulp');

// Icons and codex files are not TypeScript, so tsc does not copy them; n8n loads them from next to the compiled files.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		encoding: false,
		base: '.',
	}).pipe(dest('dist')),
);

// The package entry point ships inside dist, the only folder published.
task('build:entry', () => src(['index.js']).pipe(dest('dist')));

task('build', parallel('build:icons', 'build:entry'));
