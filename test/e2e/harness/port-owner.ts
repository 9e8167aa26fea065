/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

/** A process listening on a TCP port, as far as /proc shows it. */
export interface PortHolder {
	pid: number;
	command: string;
}

/**
 * Whether `port` can be bound on 127.0.0.1 right now. A readiness probe alone cannot tell our n8n
 * from another one already serving that port, so callers check this before starting anything.
 */
export function isPortFree(port: number): Promise<boolean> {
	return new Promise((resolvePromise) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolvePromise(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
	});
}

/**
 * The processes listening on `port` (any address), read from /proc/net/tcp{,6} and each
 * process's file descriptors. Linux only, like the n8n runtime; processes of other users are
 * invisible without root, hence the "unknown" fallback in {@link describePortHolders}.
 */
export function portHolders(port: number): PortHolder[] {
	const inodes = new Set<string>();
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text = '';
		try {
			text = readFileSync(table, 'utf8');
		} catch {
			continue; // no IPv6 on this machine
		}
		for (const line of text.split('\n').slice(1)) {
			const columns = line.trim().split(/\s+/);
			// local_address is "ADDR:PORT" in hex; state 0A is LISTEN; column 9 is the socket inode.
			if (columns.length < 10 || columns[3] !== '0A') continue;
			if (parseInt(columns[1].split(':')[1] ?? '', 16) === port) inodes.add(columns[9]);
		}
	}
	if (inodes.size === 0) return [];
	const holders: PortHolder[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let fds: string[];
		try {
			fds = readdirSync(`/proc/${entry}/fd`);
		} catch {
			continue; // gone, or not ours to read
		}
		const holds = fds.some((fd) => {
			try {
				const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
				return target.startsWith('socket:[') && inodes.has(target.slice(8, -1));
			} catch {
				return false;
			}
		});
		if (holds) holders.push({ pid: Number(entry), command: commandLine(Number(entry)) });
	}
	return holders;
}

/** "pid 1234 (node /usr/lib/n8n/bin/n8n start)", for error messages. */
export function describePortHolders(port: number): string {
	const holders = portHolders(port);
	if (holders.length === 0) return 'a process this user cannot see';
	return holders.map((holder) => `pid ${holder.pid} (${holder.command})`).join(', ');
}

function commandLine(pid: number): string {
	try {
		const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
		return text.length > 160 ? `${text.slice(0, 157)}…` : text;
	} catch {
		return 'unknown command';
	}
}

/** Whether a member of the child's process group (n8n under its watchdog) listens on `port`. */
export function servesPort(child: ChildProcess, port: number): boolean {
	const holders = portHolders(port);
	// Without /proc insight (another user's process) there is nothing to contradict readiness.
	if (holders.length === 0) return true;
	return holders.some((holder) => processGroupOf(holder.pid) === child.pid);
}

function processGroupOf(pid: number): number | undefined {
	try {
		// /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so split after ')'.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
	} catch {
		return undefined;
	}
}
