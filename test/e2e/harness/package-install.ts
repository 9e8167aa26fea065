/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { execFile } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	realpathSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

import { repoRoot } from './paths';
import { ensureN8nRuntime } from './runtime';

const run = promisify(execFile);

interface PackageJson {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	n8n?: { nodes?: string[]; credentials?: string[] };
	[key: string]: unknown;
}

export interface InstalledPackage {
	name: string;
	version: string;
	/** `<userFolder>/.n8n/nodes/node_modules/<name>`. */
	directory: string;
	/** Node types n8n registers, by n8n's naming convention: `<package>.<NodeFileName camelCased>`. */
	nodeTypes: string[];
	/** Credential types by the same convention (`Foo.credentials.js` → `foo`). */
	credentialTypes: string[];
	/** Where the package's `require('n8n-workflow')` resolves (a realpath inside the n8n runtime). */
	n8nWorkflowPath: string;
}

function readPackageJson(file: string): PackageJson {
	// package.json files are trusted local files here; the fields used are checked where read.
	return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
}

/**
 * Installs the package the way n8n installs a community package from the registry, but from a
 * local `npm pack` (the real shipped artifact, so a wrong `files` list or a missing build output
 * fails here, as it would for users). n8n 2.41 (CommunityPackagesService.downloadPackage):
 *   1. `npm pack <name>@<version>` and `tar -xzf … --strip-components=1` into
 *      `<userFolder>/.n8n/nodes/node_modules/<name>`;
 *   2. drops devDependencies/peerDependencies/optionalDependencies from its package.json and runs
 *      `npm install` inside it, i.e. installs only `dependencies` (none here: n8n's scanner
 *      rejects community packages that have any);
 *   3. records `{ name: 'installed-nodes', private: true, dependencies: { <name>: <version> } }` in
 *      `<userFolder>/.n8n/nodes/package.json`.
 * At start n8n loads every `n8n-nodes-*` folder in `.n8n/nodes/node_modules`, whether or not the
 * database lists it, so nothing has to be written to n8n's database.
 *
 * How `require('n8n-workflow')` resolves inside n8n (what we found): nothing installs n8n-workflow
 * next to the package (peerDependencies are dropped before `npm install`). Instead n8n's
 * LoadNodesAndCredentials.init() prepends its own `module.paths` to NODE_PATH and re-inits the
 * module paths, so a package resolves n8n-workflow through the NODE_PATH fallback, to the copy
 * n8n itself uses: one module instance, so NodeApiError/NodeOperationError classes match. But
 * NODE_PATH is only consulted after the node_modules folders above the package. Our user folder
 * lives under the repo (.e2e/…), so without help the walk up would find the repo's own dev copy
 * in <repo>/node_modules/n8n-workflow (a second instance, installed for Node 20 with scripts
 * off) — something a real user's ~/.n8n never sees. A symlink
 * `.n8n/nodes/node_modules/n8n-workflow` → the runtime's n8n-workflow restores n8n's behaviour:
 * Node resolves symlinks to real paths, so the package gets the very module instance n8n uses
 * (proved from inside n8n by the probe fixture, test/e2e/fixtures/probe-package). The folder
 * name does not match `n8n-nodes-*`, so n8n does not try to load it as a package.
 *
 * The caller runs `npm run build` first.
 */
export async function installPackageInto(
	userFolder: string,
	options: { packageRoot?: string } = {},
): Promise<InstalledPackage> {
	const packageRoot = options.packageRoot ?? repoRoot;
	const source = readPackageJson(join(packageRoot, 'package.json'));
	assertBuilt(packageRoot, source);
	if (Object.keys(source.dependencies ?? {}).length > 0) {
		// n8n would `npm install` them; community packages must not have any, so refuse instead.
		throw new Error(
			`${source.name} has runtime dependencies, which n8n community packages may not have`,
		);
	}

	const runtime = await ensureN8nRuntime();
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const packageDir = join(nodesDir, 'node_modules', source.name);
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });

	const packDir = mkdtempSync(join(tmpdir(), 'kommo-e2e-pack-'));
	try {
		// --ignore-scripts: a prepack hook must not rebuild (and possibly break) what the caller built.
		const { stdout } = await run(
			'npm',
			['pack', '--json', '--ignore-scripts', '--pack-destination', packDir],
			{
				cwd: packageRoot,
				maxBuffer: 16 * 1024 * 1024,
			},
		);
		const tarball = join(packDir, basename(packedFileName(stdout)));
		await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}

	// As n8n does before its `npm install`: keep only what a user's installation keeps.
	const installedJsonPath = join(packageDir, 'package.json');
	// The three dependency lists are taken out so that `installed` is the rest.
	// eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped on purpose
	const { devDependencies, peerDependencies, optionalDependencies, ...installed } =
		readPackageJson(installedJsonPath);
	writeFileSync(installedJsonPath, JSON.stringify(installed, null, 2));
	const ledgerPath = join(nodesDir, 'package.json');
	const emptyLedger: Record<string, unknown> & { dependencies?: Record<string, string> } = {
		name: 'installed-nodes',
		private: true,
		dependencies: {},
	};
	const ledger = existsSync(ledgerPath) ? readPackageJson(ledgerPath) : emptyLedger;
	ledger.dependencies = { ...ledger.dependencies, [installed.name]: installed.version };
	writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));

	const hostWorkflow = realpathSync(join(runtime.dir, 'node_modules', 'n8n-workflow'));
	const link = join(nodesDir, 'node_modules', 'n8n-workflow');
	rmSync(link, { recursive: true, force: true });
	symlinkSync(hostWorkflow, link, 'dir');

	// Node's own resolver (not jest's), from inside the installed package.
	const resolved = realpathSync(createRequire(installedJsonPath).resolve('n8n-workflow'));
	if (!resolved.startsWith(hostWorkflow + '/')) {
		throw new Error(
			`${installed.name} would load n8n-workflow from ${resolved}, not from n8n's own ${hostWorkflow}`,
		);
	}

	return {
		name: installed.name,
		version: installed.version,
		directory: packageDir,
		nodeTypes: (installed.n8n?.nodes ?? []).map(
			(file) => `${installed.name}.${typeNameOf(file, '.node.js')}`,
		),
		credentialTypes: (installed.n8n?.credentials ?? []).map((file) =>
			typeNameOf(file, '.credentials.js'),
		),
		n8nWorkflowPath: resolved,
	};
}

function assertBuilt(packageRoot: string, source: PackageJson): void {
	const declared = [...(source.n8n?.nodes ?? []), ...(source.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(join(packageRoot, file)));
	if (missing.length > 0 && !existsSync(join(packageRoot, 'dist'))) {
		throw new Error(
			`${join(packageRoot, 'dist')} does not exist: run \`npm run build\` before installing the package into n8n`,
		);
	}
	if (declared.length === 0 || missing.length > 0) {
		throw new Error(
			`${source.name}: package.json "n8n" lists files the build did not produce: ${missing.join(', ') || '(no nodes declared)'}. Run \`npm run build\` and check the "n8n" section.`,
		);
	}
}

function packedFileName(npmPackJson: string): string {
	// npm prints lifecycle noise before the JSON array on some versions; take the array itself.
	const parsed: unknown = JSON.parse(npmPackJson.slice(npmPackJson.indexOf('[')));
	const first: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
	if (
		typeof first === 'object' &&
		first !== null &&
		'filename' in first &&
		typeof first.filename === 'string'
	) {
		return first.filename;
	}
	throw new Error(`unexpected \`npm pack --json\` output: ${npmPackJson.slice(0, 300)}`);
}

/** `dist/nodes/Kommo/KommoTrigger.node.js` → `kommoTrigger` (n8n's convention for the `name`). */
function typeNameOf(file: string, suffix: string): string {
	const base = basename(file, suffix);
	return base.charAt(0).toLowerCase() + base.slice(1);
}
