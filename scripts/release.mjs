// `npm run release -- <patch|minor|major|x.y.z>`: cuts a release locally, with no network and no
// push: bumps the version (package.json and package-lock.json), moves CHANGELOG.md's
// "Unreleased" entries under the new version with today's date (UTC), commits and tags
// `v<version>`. Pushing the tag (`git push origin main --follow-tags`) starts
// .github/workflows/publish.yml, which publishes with provenance.
// Refuses, changing nothing, when the working tree is not clean, when "Unreleased" is empty, or
// when the tag exists. `x.y.z` may equal the current version once, for the first release.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8' }).trim();
function refuse(message) {
	console.error(`release: ${message}`);
	process.exit(1);
}

const semver = /^(\d+)\.(\d+)\.(\d+)$/;
const wanted = process.argv[2];
if (wanted === undefined || !(/^(patch|minor|major)$/.test(wanted) || semver.test(wanted))) {
	refuse('usage: npm run release -- <patch|minor|major|x.y.z>');
}

if (run('git', ['status', '--porcelain']) !== '') {
	refuse('the working tree has uncommitted changes: commit or stash them first');
}

const pkgPath = join(root, 'package.json');
const current = JSON.parse(readFileSync(pkgPath, 'utf8')).version;
const parts = semver.exec(current)?.slice(1).map(Number);
if (!parts) refuse(`package.json version "${current}" is not x.y.z`);
const [major, minor, patch] = parts;
const next =
	wanted === 'major'
		? `${major + 1}.0.0`
		: wanted === 'minor'
			? `${major}.${minor + 1}.0`
			: wanted === 'patch'
				? `${major}.${minor}.${patch + 1}`
				: wanted;
const tag = `v${next}`;
if (run('git', ['tag', '--list', tag]) !== '') refuse(`tag ${tag} exists already`);

const changelogPath = join(root, 'CHANGELOG.md');
const changelog = readFileSync(changelogPath, 'utf8');
const heading = '## [Unreleased]\n';
const start = changelog.indexOf(heading);
if (start < 0) refuse('CHANGELOG.md has no "## [Unreleased]" section');
const bodyStart = start + heading.length;
const nextSection = changelog.slice(bodyStart).search(/^## \[|^\[Unreleased\]:/m);
const bodyEnd = nextSection < 0 ? changelog.length : bodyStart + nextSection;
if (changelog.slice(bodyStart, bodyEnd).trim() === '') {
	refuse('CHANGELOG.md has nothing under "## [Unreleased]": describe the release there first');
}
if (changelog.includes(`## [${next}]`)) refuse(`CHANGELOG.md already has a ${next} section`);

// Comparison links at the bottom, from the repository URL in package.json.
const repoUrl = JSON.parse(readFileSync(pkgPath, 'utf8'))
	.repository?.url?.replace(/^git\+/, '')
	.replace(/\.git$/, '');
const previousTag = /^\[(\d+\.\d+\.\d+)\]: /m.exec(changelog)?.[1];
let links = changelog.slice(bodyEnd);
if (repoUrl) {
	const unreleased = `[Unreleased]: ${repoUrl}/compare/${tag}...HEAD`;
	const released = previousTag
		? `[${next}]: ${repoUrl}/compare/v${previousTag}...${tag}`
		: `[${next}]: ${repoUrl}/releases/tag/${tag}`;
	links = /^\[Unreleased\]: .*$/m.test(links)
		? links.replace(/^\[Unreleased\]: .*$/m, `${unreleased}\n${released}`)
		: `${links.trimEnd()}\n\n${unreleased}\n${released}\n`;
}
const today = new Date().toISOString().slice(0, 10);
const released =
	changelog.slice(0, bodyStart) +
	`\n## [${next}] - ${today}\n` +
	changelog.slice(bodyStart, bodyEnd) +
	links;

// npm version edits package.json and package-lock.json alike; no git, no scripts, no network.
run('npm', ['version', next, '--no-git-tag-version', '--allow-same-version', '--ignore-scripts']);
writeFileSync(changelogPath, released);
run('git', ['add', 'package.json', 'package-lock.json', 'CHANGELOG.md']);
run('git', ['commit', '--quiet', '-m', `Release ${next}`]);
run('git', ['tag', '--annotate', tag, '--message', `Release ${next}`]);
console.log(`release: ${current} → ${next}, committed and tagged ${tag} (nothing pushed).`);
console.log('release: publish it with `git push origin main --follow-tags`');
