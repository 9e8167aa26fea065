/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import type { FakeKommo } from '../fake-kommo';
import { startFakeKommo } from '../fake-kommo';
import { credentialStore, pollHarness, runKommoNode } from '../helpers/n8n-harness';

/**
 * Trigger and node costs measured against the fake Kommo over HTTP, through n8n-core's real
 * PollContext and RoutingNode. Request counts are exact; times are this machine's and only worth
 * comparing within one run.
 */
let fake: FakeKommo;
const rows: string[] = [];
const report = (line: string) => rows.push(line);

beforeAll(async () => {
	fake = await startFakeKommo({ port: 0 });
});
afterAll(async () => {
	await fake.close();
	process.stdout.write(`\n${rows.join('\n')}\n\n`);
});

const apiRequests = () => fake.requests.filter((r) => r.path.startsWith('/api/')).length;

function addLeads(n: number, createdAt = Math.floor(Date.now() / 1000)): string[] {
	return Array.from(
		{ length: n },
		() => fake.state.addIncomingLead({ category: 'forms', created_at: createdAt }).uid,
	);
}

it('requests per poll are ceil(P/250), at least 1', async () => {
	report('trigger poll cost (P = matching incoming leads waiting)');
	report('     P  requests  expected  poll ms');
	for (const waiting of [0, 1, 249, 250, 251, 1000, 5000]) {
		fake.state.reset();
		addLeads(waiting);
		const trigger = pollHarness(
			'kommoTrigger',
			{ output: 'raw' } as never,
			credentialStore('longLivedToken', fake.url),
		);
		await trigger.poll();
		addLeads(3);
		const before = apiRequests();
		const started = process.hrtime.bigint();
		const result = await trigger.poll();
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		const requests = apiRequests() - before;
		const expected = Math.max(1, Math.ceil((waiting + 3) / 250));
		report(
			`${String(waiting).padStart(6)}  ${String(requests).padStart(8)}  ${String(expected).padStart(8)}  ${ms.toFixed(1).padStart(7)}`,
		);
		expect(requests).toBe(expected);
		expect(result?.[0]).toHaveLength(3);
	}
});

it('state stays under 64 KB after 100,000 incoming leads processed over HTTP', async () => {
	fake.state.reset();
	const trigger = pollHarness(
		'kommoTrigger',
		{ output: 'raw' } as never,
		credentialStore('longLivedToken', fake.url),
	);
	await trigger.poll();
	let emitted = 0;
	let largest = 0;
	let polls = 0;
	const started = Date.now();
	while (emitted < 100_000) {
		addLeads(250);
		emitted += (await trigger.poll())?.[0].length ?? 0;
		polls++;
		largest = Math.max(largest, JSON.stringify(trigger.staticData()).length);
		// Managers sort the oldest: the backlog stays around 750 incoming leads.
		const waiting = fake.state.waiting().sort((a, b) => a.created_at - b.created_at);
		for (const lead of waiting.slice(0, Math.max(0, waiting.length - 750)))
			fake.state.accept(lead.uid);
	}
	report(
		`trigger state after ${emitted} processed incoming leads (${polls} polls, backlog ≤ 1000, ${((Date.now() - started) / 1000).toFixed(1)} s): largest ${largest} bytes (target < 65536)`,
	);
	expect(emitted).toBe(100_000);
	expect(largest).toBeLessThan(64 * 1024);
});

it('Get Many with Return All: items per second through RoutingNode', async () => {
	fake.state.reset();
	addLeads(5000);
	const before = apiRequests();
	const started = process.hrtime.bigint();
	const items = await runKommoNode({
		store: credentialStore('longLivedToken', fake.url),
		parameters: { resource: 'incomingLead', operation: 'getAll', returnAll: true } as never,
	});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	report(
		`Get Many, 5000 incoming leads: ${apiRequests() - before} requests, ${seconds.toFixed(2)} s, ${Math.round(items.length / seconds)} items/s`,
	);
	expect(items).toHaveLength(5000);
	expect(apiRequests() - before).toBe(21);
});
