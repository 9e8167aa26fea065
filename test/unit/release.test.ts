/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run release` (scripts/release.mjs) in a throw-away git repository holding the project's
 * package.json, package-lock.json, CHANGELOG.md and the script: a real bump, commit and tag, and
 * each refusal leaving the repository as it was.
 */
const repo = join(__dirname, '..', '..');
let work: string;
const git = (...args: string[]) =>
	execFileSync('git', args, { cwd: work, encoding: 'utf8' }).trim();
const read = (file: string) => readFileSync(join(work, file), 'utf8');
const version = (file: string) => (JSON.parse(read(file)) as { version: string }).version;

beforeEach(() => {
	work = mkdtempSync(join(tmpdir(), 'kommo-release-'));
	mkdirSync(join(work, 'scripts'));
	cpSync(join(repo, 'scripts', 'release.mjs'), join(work, 'scripts', 'release.mjs'));
	for (const file of ['package.json', 'package-lock.json', 'CHANGELOG.md', '.npmrc']) {
		cpSync(join(repo, file), join(work, file));
	}
	// The project's own changelog is at some point of its release cycle (right after a release its
	// "Unreleased" is empty, and the script rightly refuses); most tests start from the state
	// before a first release: the project's header and one entry, no version yet.
	const header = read('CHANGELOG.md').split('## [Unreleased]\n')[0];
	writeFileSync(join(work, 'CHANGELOG.md'), `${header}## [Unreleased]\n${entry}`);
	git('init', '--quiet', '--initial-branch=main');
	git('config', 'user.name', 'release test');
	git('config', 'user.email', 'release@example.com');
	git('config', 'commit.gpgsign', 'false');
	git('config', 'tag.gpgsign', 'false');
	git('add', '.');
	git('commit', '--quiet', '-m', 'start');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));
const entry = '\n### Changed\n\n- An entry written by the release test.\n';

/** The changelog with `entries` as the whole body of its "Unreleased" section. */
function setUnreleased(changelog: string, entries: string): string {
	const start = changelog.indexOf('## [Unreleased]\n');
	const end = changelog.indexOf('\n## [', start + 1);
	if (start < 0 || end < 0) throw new Error('CHANGELOG.md lost its "## [Unreleased]" section');
	return `${changelog.slice(0, start)}## [Unreleased]\n${entries}${changelog.slice(end)}`;
}

function release(...args: string[]): { status: number | null; output: string } {
	const run = spawnSync(process.execPath, [join(work, 'scripts', 'release.mjs'), ...args], {
		cwd: work,
		encoding: 'utf8',
	});
	return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function expectUnchanged(head: string): void {
	expect(git('rev-parse', 'HEAD')).toBe(head);
	expect(git('status', '--porcelain')).toBe('');
	expect(git('tag', '--list')).toBe('');
}

test('minor: bumps package.json and the lock, dates the Unreleased entries, commits and tags', () => {
	const before = version('package.json');
	const [major, minor] = before.split('.').map(Number);
	const next = `${major}.${minor + 1}.0`;
	const unreleased = read('CHANGELOG.md').split('## [Unreleased]\n')[1].split('\n[Unreleased]:')[0];
	const today = new Date().toISOString().slice(0, 10);

	const { status, output } = release('minor');
	expect(output).toContain(`committed and tagged v${next}`);
	expect(status).toBe(0);

	expect(version('package.json')).toBe(next);
	expect(version('package-lock.json')).toBe(next);
	expect(
		(JSON.parse(read('package-lock.json')) as { packages: Record<string, { version: string }> })
			.packages[''].version,
	).toBe(next);
	const changelog = read('CHANGELOG.md');
	// An empty Unreleased section, then the new version with the old entries, word for word.
	expect(changelog).toContain(`## [Unreleased]\n\n## [${next}] - ${today}\n${unreleased}`);
	expect(changelog).toMatch(
		new RegExp(`^\\[Unreleased\\]: .*/compare/v${next}\\.\\.\\.HEAD$`, 'm'),
	);
	expect(changelog).toMatch(
		new RegExp(`^\\[${next.replace(/\./g, '\\.')}\\]: .*/releases/tag/v${next}$`, 'm'),
	);

	expect(git('status', '--porcelain')).toBe('');
	expect(git('log', '-1', '--format=%s')).toBe(`Release ${next}`);
	expect(git('rev-list', '-n', '1', `v${next}`)).toBe(git('rev-parse', 'HEAD'));
	expect(
		git('show', '--stat', '--format=', 'HEAD')
			.split('\n')
			.map((l) => l.trim().split(' ')[0]),
	).toEqual(expect.arrayContaining(['CHANGELOG.md', 'package-lock.json', 'package.json']));
});

test('the next release compares with the previous tag and needs new Unreleased entries', () => {
	expect(release('1.0.0').status).toBe(0);
	const again = release('patch');
	expect(again.status).toBe(1);
	expect(again.output).toContain('nothing under "## [Unreleased]"');

	const changelog = read('CHANGELOG.md').replace(
		'## [Unreleased]\n',
		'## [Unreleased]\n\n### Fixed\n\n- A fix.\n',
	);
	writeFileSync(join(work, 'CHANGELOG.md'), changelog);
	git('commit', '--quiet', '-am', 'a fix');
	expect(release('patch').status).toBe(0);
	expect(version('package.json')).toBe('1.0.1');
	expect(read('CHANGELOG.md')).toMatch(/^\[1\.0\.1\]: .*\/compare\/v1\.0\.0\.\.\.v1\.0\.1$/m);
	expect(read('CHANGELOG.md')).toMatch(
		/## \[1\.0\.1\] - \d{4}-\d{2}-\d{2}\n\n### Fixed\n\n- A fix\.\n\n## \[1\.0\.0\]/,
	);
	expect(git('tag', '--list').split('\n')).toEqual(['v1.0.0', 'v1.0.1']);
});

test('the first release may keep the version package.json already has', () => {
	const current = version('package.json');
	expect(release(current).status).toBe(0);
	expect(git('tag', '--list')).toBe(`v${current}`);
	expect(release(current).output).toContain(`tag v${current} exists already`);
});

test('refuses a dirty working tree, changing nothing', () => {
	const head = git('rev-parse', 'HEAD');
	writeFileSync(join(work, 'CHANGELOG.md'), `${read('CHANGELOG.md')}\nuncommitted\n`);
	const { status, output } = release('patch');
	expect(status).toBe(1);
	expect(output).toContain('uncommitted changes');
	expect(git('rev-parse', 'HEAD')).toBe(head);
	expect(git('tag', '--list')).toBe('');
	expect(git('status', '--porcelain')).toBe('M CHANGELOG.md');
});

test('refuses a missing or unknown bump, and an existing tag, changing nothing', () => {
	const head = git('rev-parse', 'HEAD');
	expect(release().output).toContain('usage: npm run release');
	expect(release('huge').status).toBe(1);
	expectUnchanged(head);

	git('tag', 'v9.9.9');
	const { status, output } = release('9.9.9');
	expect(status).toBe(1);
	expect(output).toContain('tag v9.9.9 exists already');
	expect(git('rev-parse', 'HEAD')).toBe(head);
	expect(version('package.json')).not.toBe('9.9.9');
});

test("the project's own CHANGELOG.md, with one new entry, releases next to its last version", () => {
	const own = readFileSync(join(repo, 'CHANGELOG.md'), 'utf8');
	const last = /^## \[(\d+\.\d+\.\d+)\]/m.exec(own)?.[1];
	expect(last).toBeDefined();
	writeFileSync(join(work, 'CHANGELOG.md'), setUnreleased(own, entry));
	git('commit', '--quiet', '-am', 'an entry');

	expect(release('99.0.0').status).toBe(0);
	const changelog = read('CHANGELOG.md');
	expect(changelog).toMatch(
		new RegExp(
			`^\\[99\\.0\\.0\\]: .*/compare/v${last?.replace(/\./g, '\\.')}\\.\\.\\.v99\\.0\\.0$`,
			'm',
		),
	);
	// Every earlier section and link is kept as it was.
	expect(changelog).toContain(
		own.slice(own.indexOf(`## [${last}]`), own.indexOf(`[Unreleased]: `)),
	);
	expect(changelog).toContain(`## [Unreleased]\n\n## [99.0.0] - `);
});
