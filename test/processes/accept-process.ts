/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
/**
 * One stand-in for an n8n process (a queue-mode worker): runs the Kommo node's accept through
 * n8n-core's RoutingNode, several executions at once, with the pacing state of its own process.
 * Started by accept-processes.ts through ts-child.js; prints "ready", waits for "go" on stdin (so
 * every process starts together), then prints one JSON line with its results.
 */
import { createInterface } from 'node:readline';

import { credentialData, LONG_LIVED, runKommoNode } from '../helpers/n8n-harness';

export interface AcceptJob {
	fakeUrl: string;
	/** Incoming lead uids per execution. */
	executions: string[][];
	perSecond: number;
	processes: number;
}

export interface AcceptResult {
	accepted: string[];
	errors: string[];
}

async function runExecution(job: AcceptJob, uids: string[]): Promise<AcceptResult> {
	const data = credentialData('longLivedToken', job.fakeUrl, 'test-token', job.perSecond);
	data.processesSharingLimit = job.processes;
	const items = await runKommoNode({
		store: { data: { [LONG_LIVED]: data }, refreshes: 0 },
		parameters: { resource: 'incomingLead', operation: 'accept', uid: '={{ $json.uid }}' } as never,
		items: uids.map((uid) => ({ json: { uid } })),
		continueOnFail: true,
	});
	const result: AcceptResult = { accepted: [], errors: [] };
	items.forEach((item, i) => {
		if (item.json.error) result.errors.push(`${uids[i]}: ${JSON.stringify(item.json.error)}`);
		else result.accepted.push(uids[i]);
	});
	return result;
}

async function main(): Promise<void> {
	const job = JSON.parse(process.argv[2]) as AcceptJob;
	process.stdout.write('ready\n');
	const lines = createInterface({ input: process.stdin });
	await new Promise<void>((resolve) => lines.once('line', () => resolve()));
	lines.close();
	const results = await Promise.all(job.executions.map((uids) => runExecution(job, uids)));
	const total: AcceptResult = {
		accepted: results.flatMap((r) => r.accepted),
		errors: results.flatMap((r) => r.errors),
	};
	process.stdout.write(`${JSON.stringify(total)}\n`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(
			`accept-process: ${error instanceof Error ? error.stack : String(error)}\n`,
		);
		process.exit(1);
	},
);
