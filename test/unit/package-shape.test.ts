/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<
	string,
	unknown
> & {
	n8n: { nodes: string[]; credentials: string[] };
};

describe('package.json and the published tarball', () => {
	it('is a community node package with no runtime dependencies', () => {
		expect(pkg.name).toBe('n8n-nodes-kommo-incoming-leads');
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.n8n.credentials).toEqual([
			'dist/credentials/KommoIncomingLeadsOAuth2Api.credentials.js',
			'dist/credentials/KommoIncomingLeadsLongLivedApi.credentials.js',
		]);
		expect(pkg.n8n.nodes).toContain('dist/nodes/Kommo/Kommo.node.js');
	});

	// Needs `npm run build` first (npm test does it): the tarball is what n8n installs.
	it('npm pack lists only dist, README, LICENSE and package.json, and every n8n entry is in it', () => {
		expect(existsSync(join(root, 'dist'))).toBe(true);
		const [report] = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
				cwd: root,
				encoding: 'utf8',
			}),
		) as Array<{
			files: Array<{ path: string }>;
		}>;
		const files = report.files.map((f) => f.path);
		expect(
			files.filter((f) => !/^(dist\/.+|README\.md|LICENSE(\.md)?|package\.json)$/.test(f)),
		).toEqual([]);
		expect(files).toEqual(
			expect.arrayContaining([
				'README.md',
				'LICENSE.md',
				'package.json',
				'dist/nodes/Kommo/Kommo.node.json',
				'dist/nodes/Kommo/kommo.svg',
			]),
		);
		for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(entry);
		expect(files.some((f) => f.includes('.test.') || f.startsWith('dist/test'))).toBe(false);
	});
});
