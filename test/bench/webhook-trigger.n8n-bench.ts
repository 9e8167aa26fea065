/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { startFakeKommo, type FakeKommo } from '../fake-kommo';
import { N8nInstance, type WorkflowFile } from '../e2e/harness';
import { freePort } from '../e2e/harness/free-port';
import { webhookTriggerWorkflow } from '../e2e/webhook-workflow';

/**
 * A burst of Kommo deliveries into the Kommo Webhook Trigger of a real n8n 2.41: how many calls per
 * second it accepts (answered 2xx) and how long from the fake's delivery to the execution's start.
 * 500 incoming leads are accepted at once, so the fake posts 500 `delete_unsorted` calls together;
 * a second, smaller burst of added leads shows the cost of "Verify Added Leads" (one paced GET per
 * lead at the credential's default 6 requests per second).
 */
const BURST = Number(process.env.KOMMO_BENCH_BURST ?? 500);
const VERIFIED_BURST = Number(process.env.KOMMO_BENCH_VERIFIED_BURST ?? 30);
const TOKEN = 'bench-webhook-token';
const rows: string[] = [];

let fake: FakeKommo;
let n8n: N8nInstance;

function workflow(id: string, events: string[]): WorkflowFile {
	return webhookTriggerWorkflow({
		id,
		webhookId: `bench-${id}`,
		events,
		credentialId: 'bench-webhook',
		record: '={{ $json.uid }}',
	});
}

interface Listed {
	id: string;
	startedAt: string | null;
	stoppedAt: string | null;
	status: string;
}

async function listExecutions(workflowId: string): Promise<Listed[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const all: Listed[] = [];
	// n8n lists at most 100 per page, newest first, and hands out a cursor for the next page.
	let cursor: string | null = null;
	for (let page = 0; page < 100; page++) {
		const next: string = cursor ? `&cursor=${cursor}` : '';
		const response = await n8n.request('GET', `/rest/executions?filter=${filter}&limit=100${next}`);
		const data = (response.body as { data?: { results?: Listed[]; nextCursor?: string | null } })
			.data;
		all.push(...(data?.results ?? []));
		cursor = data?.nextCursor ?? null;
		if (!cursor) break;
	}
	// The first page also lists running executions, which later pages repeat once finished.
	return [...new Map(all.map((execution) => [execution.id, execution])).values()];
}

/** The uid (of `known`) each execution's trigger emitted, found in its run data. */
async function executionUid(id: string, known: Set<string>): Promise<string | undefined> {
	const execution = await n8n.rest<{ data?: unknown }>('GET', `/rest/executions/${id}`);
	const text = JSON.stringify(execution.data ?? '');
	return text
		.match(/(?<![0-9a-f])[0-9a-f]{60}(?![0-9a-f])/g)
		?.find((candidate) => known.has(candidate));
}

function percentile(sorted: number[], p: number): number {
	return (
		sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
	);
}

async function waitForExecutions(
	workflowId: string,
	count: number,
	timeoutMs: number,
): Promise<Listed[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const done = (await listExecutions(workflowId)).filter((e) => e.stoppedAt !== null);
		if (done.length >= count || Date.now() > deadline) return done;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

async function measure(
	label: string,
	workflowId: string,
	code: string,
	uids: string[],
	act: () => void,
): Promise<void> {
	const start = fake.webhooks.deliveries.length;
	const t0 = Date.now();
	act();
	await fake.webhooks.idle();
	const deliveries = fake.webhooks.deliveries.slice(start).filter((d) => d.code === code);
	const ok = deliveries.filter((d) => d.status >= 200 && d.status < 300);
	const acceptedWithin = Math.max(...ok.map((d) => d.answeredAt)) - t0;
	const executions = await waitForExecutions(workflowId, uids.length, 600_000);
	const sentAt = new Map<string, number>();
	for (const d of ok) {
		const uid = uids.find((u) => d.body.includes(u));
		if (uid && !sentAt.has(uid)) sentAt.set(uid, d.sentAt);
	}
	const latencies: number[] = [];
	const known = new Set(uids);
	for (let i = 0; i < executions.length; i += 10) {
		const batch = executions.slice(i, i + 10);
		const found = await Promise.all(
			batch.map(async (e) => ({ e, uid: await executionUid(e.id, known) })),
		);
		for (const { e, uid } of found) {
			const sent = uid ? sentAt.get(uid) : undefined;
			if (sent !== undefined && e.startedAt) latencies.push(Date.parse(e.startedAt) - sent);
		}
	}
	latencies.sort((a, b) => a - b);
	const lastStart = Math.max(...executions.map((e) => Date.parse(String(e.startedAt))));
	rows.push(
		`${label}: ${uids.length} events, ${deliveries.length} calls (${deliveries.length - ok.length} non-2xx/retried), ` +
			`${executions.length} executions (${executions.filter((e) => e.status !== 'success').length} not successful)`,
		`  accepted: ${(ok.length / (acceptedWithin / 1000)).toFixed(1)} calls/s (all answered within ${acceptedWithin} ms)`,
		`  executions started: ${(executions.length / ((lastStart - t0) / 1000)).toFixed(1)}/s (last started ${lastStart - t0} ms after the burst)`,
		`  delivery → execution start: median ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${latencies.at(-1)} ms (n=${latencies.length})`,
	);
	expect(executions).toHaveLength(uids.length);
	expect(latencies).toHaveLength(uids.length);
}

beforeAll(
	async () => {
		fake = await startFakeKommo({ port: 0, accessTokens: [TOKEN] });
		const port = await freePort();
		n8n = await N8nInstance.create('bench-webhook', {
			installPackage: true,
			port,
			extraEnv: { N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/` },
		});
		await n8n.importCredentials([
			{
				id: 'bench-webhook',
				name: 'bench-webhook',
				type: 'kommoIncomingLeadsLongLivedApi',
				data: { domain: 'custom', baseUrl: fake.url, accessToken: TOKEN },
			},
		]);
		await n8n.importWorkflows([
			workflow('benchAccepted', ['accepted']),
			workflow('benchAdded', ['added']),
		]);
		await n8n.start();
	},
	25 * 60 * 1000,
);

afterAll(async () => {
	await n8n?.dispose();
	await fake?.close();
	process.stdout.write(`\n${rows.join('\n')}\n\n`);
});

const hookOf = (workflowId: string) =>
	fake.state.webhooks.list().filter((hook) => hook.destination.includes(`/bench-${workflowId}/`));

async function waitForHooks(workflowId: string, count: number): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (hookOf(workflowId).length !== count && Date.now() < deadline)
		await new Promise((r) => setTimeout(r, 200));
	expect(hookOf(workflowId)).toHaveLength(count);
}

async function activate(workflowId: string): Promise<void> {
	await n8n.activate(workflowId);
	await waitForHooks(workflowId, 1);
}

it(`burst of ${BURST} accepted incoming leads`, async () => {
	await activate('benchAccepted');
	const uids = Array.from(
		{ length: BURST },
		() => fake.state.addIncomingLead({ category: 'forms' }).uid,
	);
	await measure(
		`accepted burst (no verification)`,
		'benchAccepted',
		'delete_unsorted',
		uids,
		() => {
			for (const uid of uids) fake.state.accept(uid);
		},
	);
	await n8n.deactivate('benchAccepted');
	await waitForHooks('benchAccepted', 0);
});

it(`burst of ${VERIFIED_BURST} added incoming leads with "Verify Added Leads"`, async () => {
	await activate('benchAdded');
	const uids: string[] = [];
	await measure(`added burst (verified, 6 requests/s)`, 'benchAdded', 'add_unsorted', uids, () => {
		for (let i = 0; i < VERIFIED_BURST; i++)
			uids.push(fake.state.addIncomingLead({ category: 'forms' }).uid);
	});
});
