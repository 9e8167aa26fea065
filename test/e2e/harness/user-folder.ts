/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A fresh folder per instance name (or the kept one, when `keep`). Two runs using the same folder
 * at once (two engineers on one checkout) would corrupt each other's database, so the folder is
 * claimed with our pid. Returns whether existing content was kept.
 */
export function claimUserFolder(userFolder: string, keep: boolean): boolean {
	const marker = join(userFolder, '.owner-pid');
	if (existsSync(marker)) {
		const pid = Number(readFileSync(marker, 'utf8'));
		if (pid !== process.pid && isAlive(pid)) {
			throw new Error(`${userFolder} is in use by process ${pid}; pick another instance name`);
		}
	}
	const reused = keep && existsSync(userFolder);
	if (!reused) rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });
	writeFileSync(marker, String(process.pid));
	return reused;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
