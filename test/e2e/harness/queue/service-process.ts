import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

import { exited, hasExited, spawnGroup, stopGroup, unrefGroup } from '../child-processes';

const LOG_TAIL_CHARS = 4_000;

/**
 * A long-running helper process (redis-server, postgres, an n8n worker) in its own process group
 * behind the harness's watchdog, so it dies with jest even when a test file forgets dispose().
 * Its output goes to `logFile`; the last part stays in memory for error messages and checks.
 */
export class ServiceProcess {
	private logTail = '';
	/** Everything the process printed (kept whole: tests search it for execution ids). */
	private logAll = '';
	private readonly child: ChildProcess;

	constructor(
		readonly label: string,
		command: string,
		args: string[],
		options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
	) {
		const log = createWriteStream(options.logFile, { flags: 'a' });
		this.child = spawnGroup(command, args, { cwd: options.cwd, env: options.env });
		unrefGroup(this.child);
		const onOutput = (chunk: Buffer): void => {
			log.write(chunk);
			const text = chunk.toString('utf8');
			this.logTail = (this.logTail + text).slice(-LOG_TAIL_CHARS);
			// Bounded: a worker prints a few lines per execution; 4 MB is far more than a test file makes.
			if (this.logAll.length < 4_000_000) this.logAll += text;
		};
		this.child.stdout?.on('data', onOutput);
		this.child.stderr?.on('data', onOutput);
		this.child.once('exit', () => log.end());
		this.child.once('error', (error) => (this.logTail += `\nspawn error: ${error.message}`));
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get running(): boolean {
		return !hasExited(this.child);
	}

	get log(): string {
		return this.logAll;
	}

	get tail(): string {
		return this.logTail;
	}

	/** Polls `ready()` every 200 ms until it is true; fails early if the process exits. */
	async waitUntil(ready: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		const gone = exited(this.child);
		for (;;) {
			if (!this.running) {
				throw new Error(
					`${this.label} exited (${this.child.exitCode ?? this.child.signalCode}) before it was ready\n${this.logTail}`,
				);
			}
			if (await ready()) return;
			if (Date.now() > deadline) {
				throw new Error(`${this.label} was not ready after ${timeoutMs} ms\n${this.logTail}`);
			}
			await Promise.race([sleep(200), gone]);
		}
	}

	/** SIGTERM to the group, SIGKILL after `graceMs`. */
	stop(graceMs = 10_000): Promise<void> {
		return stopGroup(this.child, graceMs);
	}

	/** SIGKILL at once: a crash, as when a machine or container dies. */
	kill(): Promise<void> {
		return stopGroup(this.child, 0);
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}
