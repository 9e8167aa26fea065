/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import type { FakeKommo } from '../fake-kommo';
import { startFakeKommo } from '../fake-kommo';
import { createE2eN8n, type E2eN8n, type N8nInstance } from './harness';
import { pollingTriggerWorkflow, uidsSeenByNextNode } from './trigger-workflow';

/**
 * The Kommo Trigger activated in a real n8n 2.41 server: incoming leads added to the fake reach
 * the next node once each, with n8n's own poll scheduling and static data, across a restart.
 */
const SETUP_TIMEOUT_MS = 25 * 60 * 1000;
const TOKEN = 'e2e-trigger-token';
const WORKFLOW_ID = 'kommoTriggerE2e';

let fake: FakeKommo;
let e2e: E2eN8n;
let n8n: N8nInstance;

const workflow = pollingTriggerWorkflow(WORKFLOW_ID, {
	id: 'kommo-trigger-e2e',
	name: 'Kommo trigger e2e',
});

async function waitForUids(count: number, timeoutMs: number): Promise<string[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = (await n8n.executions(WORKFLOW_ID)).filter((run) => run.stoppedAt !== null);
		const uids = uidsSeenByNextNode(executions);
		if (uids.length >= count || Date.now() > deadline) return uids;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

beforeAll(async () => {
	fake = await startFakeKommo({ port: 0, accessTokens: [TOKEN] });
	e2e = await createE2eN8n('trigger', { installPackage: true });
	n8n = e2e.n8n;
	await n8n.importCredentials([
		{
			id: 'kommo-trigger-e2e',
			name: 'Kommo trigger e2e',
			type: 'kommoIncomingLeadsLongLivedApi',
			data: { domain: 'custom', baseUrl: fake.url, accessToken: TOKEN },
		},
	]);
	await n8n.importWorkflow(workflow);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await e2e?.dispose();
	await fake?.close();
});

it(
	'emits each new incoming lead once, to the next node, across a restart of n8n',
	async () => {
		const backlog = [1, 2].map(() => fake.state.addIncomingLead({ category: 'forms' }).uid);
		await e2e.start();
		fake.clearRequests();
		await n8n.activate(WORKFLOW_ID);
		// The activation poll takes the baseline: the backlog is not replayed.
		const deadline = Date.now() + 60_000;
		while (
			!fake.requests.some((r) => r.path === '/api/v4/leads/unsorted') &&
			Date.now() < deadline
		) {
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		expect(fake.requests.filter((r) => r.path === '/api/v4/leads/unsorted').length).toBeGreaterThan(
			0,
		);

		const firstWave = [
			fake.state.addIncomingLead({ category: 'forms' }).uid,
			fake.state.addIncomingLead({ category: 'sip', created_at: 1_000_000 }).uid,
			fake.state.addIncomingLead({ category: 'forms' }).uid,
		];
		fake.state.addIncomingLead({ category: 'chats' });
		// n8n polls every minute at second 0: wait for that poll's execution.
		const afterFirst = await waitForUids(3, 150_000);
		expect(afterFirst.sort()).toEqual([...firstWave].sort());

		await n8n.stop();
		const whileStopped = [
			fake.state.addIncomingLead({ category: 'sip' }).uid,
			fake.state.addIncomingLead({ category: 'forms' }).uid,
		];
		await e2e.start();
		// Static data survived the restart: the activation poll after start emits only what is new.
		const afterRestart = await waitForUids(5, 150_000);
		expect(afterRestart.sort()).toEqual([...firstWave, ...whileStopped].sort());

		// One more scheduled poll with nothing new: still each exactly once, the backlog never.
		const polled = fake.requests.length;
		const until = Date.now() + 75_000;
		while (fake.requests.length === polled && Date.now() < until)
			await new Promise((resolve) => setTimeout(resolve, 1000));
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const final = uidsSeenByNextNode(
			(await n8n.executions(WORKFLOW_ID)).filter((run) => run.stoppedAt !== null),
		);
		expect(final.sort()).toEqual([...firstWave, ...whileStopped].sort());
		expect(final.filter((uid) => backlog.includes(uid))).toEqual([]);
	},
	10 * 60 * 1000,
);
