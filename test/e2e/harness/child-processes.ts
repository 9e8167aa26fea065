/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { constants } from 'node:os';
import { join } from 'node:path';

/**
 * n8n starts children of its own (the JS task runner), so every command runs in a new process
 * group behind group-watchdog.js and is always stopped as a group. The watchdog also kills the
 * group when this (jest) process dies, so a failing, crashed or interrupted test run never leaves
 * n8n behind.
 */
const WATCHDOG = join(__dirname, 'group-watchdog.js');

function killGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// ESRCH: the group is already gone.
	}
}

export interface SpawnGroupOptions {
	env: NodeJS.ProcessEnv;
	cwd: string;
}

/** Spawns `command` in a new process group; its pid is the group id. */
export function spawnGroup(
	command: string,
	args: string[],
	options: SpawnGroupOptions,
): ChildProcess {
	const child = spawn(process.execPath, [WATCHDOG, command, ...args], {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		// stdin stays open and unused: its closing tells the watchdog that we are gone.
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	const pgid = child.pid;
	// The leader exited, but other members (the task runner) may linger: end them too.
	if (pgid !== undefined) child.once('exit', () => killGroup(pgid, 'SIGKILL'));
	return child;
}

/** Lets jest exit while the group runs (the watchdog then ends it). */
export function unrefGroup(child: ChildProcess): void {
	child.unref();
	for (const stream of [child.stdin, child.stdout, child.stderr]) {
		if (stream instanceof Socket) stream.unref();
	}
}

export function hasExited(child: ChildProcess): boolean {
	return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once the child has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
	if (hasExited(child)) return Promise.resolve();
	return new Promise((resolvePromise) => child.once('exit', () => resolvePromise()));
}

/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the group leader is gone. */
export async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
	const pgid = child.pid;
	if (pgid === undefined || hasExited(child)) return;
	killGroup(pgid, 'SIGTERM');
	const timer = setTimeout(() => killGroup(pgid, 'SIGKILL'), graceMs);
	try {
		await exited(child);
	} finally {
		clearTimeout(timer);
	}
	killGroup(pgid, 'SIGKILL');
	child.stdin?.destroy();
}

export interface CommandResult {
	/** Exit code; 128 + signal number when a signal ended the command (as a shell reports it). */
	exitCode: number;
	/** The signal that ended the command, if any (e.g. SIGSEGV). */
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	timedOut: boolean;
}

function signalOf(exitCode: number): NodeJS.Signals | null {
	if (exitCode <= 128) return null;
	const entry = Object.entries(constants.signals).find(([, number]) => number === exitCode - 128);
	// Keys of os.constants.signals are signal names.
	return entry ? (entry[0] as NodeJS.Signals) : null;
}

/** Runs a command to completion in its own process group, killing the group on timeout. */
export function runGroup(
	command: string,
	args: string[],
	options: SpawnGroupOptions & { timeoutMs: number },
): Promise<CommandResult> {
	return new Promise((resolvePromise, reject) => {
		const child = spawnGroup(command, args, options);
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => {
			timedOut = true;
			void stopGroup(child, 2_000);
		}, options.timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		// 'close' (not 'exit') so that all piped output has been read.
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			child.stdin?.destroy();
			const exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
			resolvePromise({ exitCode, signal: signal ?? signalOf(exitCode), stdout, stderr, timedOut });
		});
	});
}

/** Resident memory of a process group's members except `excludePid` (the watchdog), from /proc. */
export function groupRssBytes(pgid: number, excludePid?: number): number {
	let total = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === excludePid) continue;
		try {
			// Fields after the parenthesised command name: state ppid pgrp ... (man 5 proc).
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== pgid) continue;
			const rssKb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
			if (rssKb) total += Number(rssKb) * 1024;
		} catch {
			// The process ended while we were reading it.
		}
	}
	return total;
}
