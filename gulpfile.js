const { src, dest, task } = require('gulp');

// Icons are not TypeScript, so tsc does not copy them; n8n loads them from next to the compiled files.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { encoding: false, base: '.' }).pipe(
		dest('dist'),
	),
);
