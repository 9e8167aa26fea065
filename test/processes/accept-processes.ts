/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { FakeKommo } from '../fake-kommo';
import type { AcceptJob, AcceptResult } from './accept-process';

export interface LoadOptions {
	/** OS processes, each with its own pacing state (queue-mode workers). */
	processes: number;
	/** Executions in all, dealt round-robin to the processes, all started at once. */
	executions: number;
	leadsPerExecution: number;
	perSecond: number;
	/** The credential's "n8n Processes Sharing This Limit"; default `processes`. */
	sharingSetting?: number;
}

export interface LoadResult extends AcceptResult {
	/** From "go" to the last process's answer. */
	seconds: number;
}

const CHILD = join(__dirname, 'ts-child.js');
const BODY = join(__dirname, 'accept-process.ts');
const START_TIMEOUT_MS = 120_000;
const RUN_TIMEOUT_MS = 300_000;

function waitForLine(child: ChildProcess, name: string, timeoutMs: number): Promise<string> {
	return new Promise((resolve, reject) => {
		let buffer = '';
		let stderr = '';
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${name}: no answer within ${timeoutMs} ms\n${stderr}`));
		}, timeoutMs);
		const onData = (chunk: Buffer) => {
			buffer += chunk.toString();
			const newline = buffer.indexOf('\n');
			if (newline === -1) return;
			clearTimeout(timer);
			child.stdout?.off('data', onData);
			resolve(buffer.slice(0, newline));
		};
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.stdout?.on('data', onData);
		child.once('close', (code) => {
			clearTimeout(timer);
			reject(new Error(`${name} exited with ${code}\n${stderr}`));
		});
	});
}

/**
 * Accepts incoming leads of `fake` from several OS processes at once, each running the real node
 * code (RoutingNode) with its own pacing, as queue-mode workers do; adds the leads first.
 */
export async function acceptFromProcesses(
	fake: FakeKommo,
	options: LoadOptions,
): Promise<LoadResult> {
	const executions = Array.from({ length: options.executions }, () =>
		Array.from(
			{ length: options.leadsPerExecution },
			() => fake.state.addIncomingLead({ category: 'forms' }).uid,
		),
	);
	const children: ChildProcess[] = [];
	try {
		const ready: Array<Promise<string>> = [];
		for (let p = 0; p < options.processes; p++) {
			const job: AcceptJob = {
				fakeUrl: fake.url,
				executions: executions.filter((_, i) => i % options.processes === p),
				perSecond: options.perSecond,
				processes: options.sharingSetting ?? options.processes,
			};
			const child = spawn(process.execPath, [CHILD, BODY, JSON.stringify(job)], {
				stdio: ['pipe', 'pipe', 'pipe'],
			});
			children.push(child);
			ready.push(waitForLine(child, `process ${p}`, START_TIMEOUT_MS));
		}
		await Promise.all(ready);
		const done = children.map((child, p) => waitForLine(child, `process ${p}`, RUN_TIMEOUT_MS));
		fake.clearRequests();
		const started = Date.now();
		for (const child of children) child.stdin?.write('go\n');
		const results = (await Promise.all(done)).map((line) => JSON.parse(line) as AcceptResult);
		return {
			seconds: (Date.now() - started) / 1000,
			accepted: results.flatMap((r) => r.accepted),
			errors: results.flatMap((r) => r.errors),
		};
	} finally {
		for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
	}
}
