// `npm run lint:n8n`: n8n's own `n8n-node lint` (@n8n/node-cli) in strict mode, the configuration
// n8n requires of Cloud-eligible packages: eslint.config.mjs must be n8n's default, unmodified.
// That config lints every file under the folder, so it runs on a copy of the files git tracks (or
// would track): the folders that `npm run dev` and the e2e suite leave behind (.dev/, .e2e/,
// .sandbox/, which hold n8n's own bundled JavaScript) are not the project's code. On a fresh clone
// this is the same as `npx n8n-node lint` at the root.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'node_modules', '.bin', 'n8n-node');
if (!existsSync(bin)) {
	console.error('lint:n8n: @n8n/node-cli is not installed: run `npm ci` first');
	process.exit(1);
}

let listing;
try {
	listing = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
} catch {
	// Not a git checkout (a source archive): no run leftovers to leave out, lint the folder itself.
	const inPlace = spawnSync(bin, ['lint'], { cwd: root, stdio: 'inherit' });
	process.exit(inPlace.status ?? 1);
}
const files = listing.split('\0').filter((file) => file !== '' && existsSync(join(root, file)));

const copy = mkdtempSync(join(tmpdir(), 'kommo-n8n-lint-'));
let status = 1;
try {
	for (const file of files) {
		mkdirSync(dirname(join(copy, file)), { recursive: true });
		copyFileSync(join(root, file), join(copy, file));
	}
	symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
	const run = spawnSync(bin, ['lint'], { cwd: copy, encoding: 'utf8', env: process.env });
	// Findings name the copy's paths; show them as the project's own.
	const show = (text) => (text ?? '').split(copy).join(root);
	process.stdout.write(show(run.stdout));
	process.stderr.write(show(run.stderr));
	status = run.status ?? 1;
	console.log(
		`lint:n8n: n8n-node lint on ${files.length} files: ${status === 0 ? 'passed' : 'FAILED'}`,
	);
} finally {
	rmSync(copy, { recursive: true, force: true });
}
process.exit(status);
