/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import type { FakeKommo } from '../fake-kommo';
import { startFakeKommo } from '../fake-kommo';
import { N8nInstance, nodeItems, runError, type N8nLine } from './harness';
import {
	kommoCredentials,
	LONG_LIVED_CREDENTIAL,
	operationWorkflows,
	UID,
	type OperationWorkflowId,
} from './operation-workflows';
import { pollingTriggerWorkflow, uidsSeenByNextNode } from './trigger-workflow';

/**
 * The compatibility smoke, one test body for each supported n8n line: the built package loaded
 * as a community node into a real n8n 1.123 (Node 22) and a real n8n 2.41 (Node 24). Every
 * operation runs once, the polling trigger emits across two polls, and n8n's credential test
 * reaches the fake Kommo. The operations, trigger and browser suites test the details on 2.41.
 */
const SETUP_TIMEOUT_MS = 25 * 60 * 1000;
const TEST_TIMEOUT_MS = 3 * 60 * 1000;
const TOKEN = 'compat-long-lived-token';
const OAUTH_TOKEN = 'compat-oauth-access-token';
const TRIGGER_ID = 'compatKommoTrigger';
const LINES: Array<[N8nLine, RegExp]> = [
	['1.x', /^1\.123\./],
	['2.x', /^2\.41\./],
];

type Items = ReturnType<typeof nodeItems>;
type Step = (fake: FakeKommo) => (items: Items) => void;

/** Per operation: what to put into the fake first, then what the Kommo node must output. */
const OPERATIONS: Record<Exclude<OperationWorkflowId, 'opNotFound'>, Step> = {
	opGetAll: (fake) => {
		const sip = fake.state.addIncomingLead({ category: 'sip', created_at: 100 }).uid;
		const form = fake.state.addIncomingLead({ category: 'forms', created_at: 200 }).uid;
		fake.state.addIncomingLead({ category: 'chats' });
		return (items) => expect(items.map((i) => i.uid)).toEqual([sip, form]);
	},
	opGetAllOAuth: (fake) => {
		const lead = fake.state.addIncomingLead({ category: 'mail' }).uid;
		return (items) => expect(items.map((i) => i.uid)).toEqual([lead]);
	},
	opGet: (fake) => {
		fake.state.addIncomingLead({ category: 'mail', uid: UID.get });
		return (items) => expect(items.map((i) => i.uid)).toEqual([UID.get]);
	},
	opCreateSip: (fake) => (items) => {
		const created = fake.state.waiting();
		expect(items.map((i) => i.uid)).toEqual(created.map((lead) => lead.uid));
		expect(created).toHaveLength(1);
	},
	opCreateForm: (fake) => (items) => {
		expect(items.map((i) => i.request_id)).toEqual(['0.0', '0.1', '0.2']);
		expect(fake.state.waiting()).toHaveLength(3);
	},
	opAccept: (fake) => {
		fake.state.addIncomingLead({ category: 'forms', uid: UID.accept });
		return (items) => {
			expect(items.map((i) => i.uid)).toEqual([UID.accept]);
			expect(fake.state.record(UID.accept)?.status).toBe('accepted');
		};
	},
	opDecline: (fake) => {
		fake.state.addIncomingLead({ category: 'sip', uid: UID.decline });
		return () => expect(fake.state.record(UID.decline)?.status).toBe('declined');
	},
	opLink: (fake) => {
		fake.state.addIncomingLead({ category: 'chats', uid: UID.link });
		return () => expect(fake.state.record(UID.link)?.status).toBe('linked');
	},
	opSummary: (fake) => {
		const lead = fake.state.addIncomingLead({ category: 'sip', created_at: 1_700_000_100 });
		fake.state.addIncomingLead({ category: 'forms', created_at: 1_700_000_200 });
		fake.state.decline(lead.uid);
		return (items) => expect(items).toEqual([expect.objectContaining({ total: 2, declined: 1 })]);
	},
};

describe.each(LINES)('n8n %s compatibility smoke', (line, expectedVersion) => {
	let fake: FakeKommo;
	let n8n: N8nInstance;

	beforeAll(async () => {
		fake = await startFakeKommo({ port: 0, accessTokens: [TOKEN, OAUTH_TOKEN] });
		n8n = await N8nInstance.create(`compat-${line.replace('.', '')}`, {
			installPackage: true,
			line,
		});
		await n8n.importCredentials(kommoCredentials(fake.url, TOKEN, OAUTH_TOKEN));
		await n8n.importWorkflows([
			...operationWorkflows(),
			pollingTriggerWorkflow(TRIGGER_ID, LONG_LIVED_CREDENTIAL),
		]);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.dispose();
		await fake?.close();
	});

	beforeEach(() => fake.state.reset());

	it.each(Object.keys(OPERATIONS) as Array<keyof typeof OPERATIONS>)(
		'operation %s runs in `n8n execute`',
		async (id) => {
			const check = OPERATIONS[id](fake);
			const result = await n8n.execute(id);
			if (result.exitCode !== 0)
				// eslint-disable-next-line no-console -- shows why the run failed
				console.log(result.stdout.slice(-3000), result.stderr.slice(-3000));
			expect(result.exitCode).toBe(0);
			check(nodeItems(result.output, 'Kommo'));
			expect(result.maskedSecrets).toBe(0);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'a Kommo 404 fails the run with the node’s own message',
		async () => {
			const result = await n8n.execute('opNotFound');
			expect(result.exitCode).toBe(1);
			expect(runError(result.output)?.message).toBe(
				`Incoming lead "${UID.missing}" was not found (404)`,
			);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'the server is the expected n8n, and its credential test reaches Kommo',
		async () => {
			await n8n.start();
			const settings = await n8n.rest<{ versionCli: string }>('GET', '/rest/settings');
			expect(settings.versionCli).toMatch(expectedVersion);

			const testWith = (accessToken: string) =>
				n8n.rest<{ status: string; message: string }>('POST', '/rest/credentials/test', {
					credentials: {
						...LONG_LIVED_CREDENTIAL,
						type: 'kommoIncomingLeadsLongLivedApi',
						data: { domain: 'custom', baseUrl: fake.url, accessToken },
					},
				});
			fake.clearRequests();
			expect(await testWith(TOKEN)).toEqual(expect.objectContaining({ status: 'OK' }));
			expect(await testWith('compat-wrong-token')).toEqual(
				expect.objectContaining({ status: 'Error' }),
			);
			// n8n (1.123 and 2.41 alike) sends a failing test request twice: every request after
			// the first carries the wrong token, and there is at least one.
			const [first, ...rest] = fake.requests.map((r) => [
				r.method,
				r.path,
				r.headers.authorization,
			]);
			expect(first).toEqual(['GET', '/api/v4/account', `Bearer ${TOKEN}`]);
			expect(rest.length).toBeGreaterThanOrEqual(1);
			for (const request of rest) {
				expect(request).toEqual(['GET', '/api/v4/account', 'Bearer compat-wrong-token']);
			}
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'the polling trigger takes its baseline on activation and emits new leads on the next poll',
		async () => {
			const backlog = fake.state.addIncomingLead({ category: 'forms' }).uid;
			await n8n.start();
			fake.clearRequests();
			await n8n.activate(TRIGGER_ID);
			const polls = () => fake.requests.filter((r) => r.path === '/api/v4/leads/unsorted').length;
			const deadline = Date.now() + 60_000;
			while (polls() === 0 && Date.now() < deadline) await sleep(250);
			expect(polls()).toBeGreaterThan(0);

			const fresh = [
				fake.state.addIncomingLead({ category: 'forms' }).uid,
				fake.state.addIncomingLead({ category: 'sip' }).uid,
			];
			fake.state.addIncomingLead({ category: 'chats' });
			// n8n polls every minute at second 0: wait for that poll's execution.
			const until = Date.now() + 150_000;
			let seen: string[] = [];
			while (seen.length < fresh.length && Date.now() < until) {
				await sleep(1000);
				const done = (await n8n.executions(TRIGGER_ID)).filter((run) => run.stoppedAt !== null);
				seen = uidsSeenByNextNode(done);
			}
			expect(seen.sort()).toEqual([...fresh].sort());
			expect(seen).not.toContain(backlog);
			expect(polls()).toBeGreaterThanOrEqual(2);
			await n8n.deactivate(TRIGGER_ID);
		},
		TEST_TIMEOUT_MS,
	);

	// Last: on 1.123, the next request on the connection that fetched this ~MB file was once closed
	// by n8n ("other side closed"); nothing of the smoke follows it.
	it(
		'the editor lists every node of the package',
		async () => {
			await n8n.start();
			// The editor's list of every loaded node type (needs the session in 2.x).
			const types = await n8n.request('GET', '/types/nodes.json');
			expect(types.status).toBe(200);
			const names = (types.body as Array<{ name: string }>).map((type) => type.name);
			const ours = names.filter((name) => name.includes('kommo'));
			expect([...new Set(ours)].sort()).toEqual(
				[
					'n8n-nodes-kommo-incoming-leads.kommo',
					'n8n-nodes-kommo-incoming-leads.kommoTrigger',
					'n8n-nodes-kommo-incoming-leads.kommoWebhookTrigger',
					// The AI Agent tool variant n8n derives from `usableAsTool`.
					'n8n-nodes-kommo-incoming-leads.kommoTool',
				].sort(),
			);
		},
		TEST_TIMEOUT_MS,
	);
});

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
