import type { INode } from 'n8n-workflow';

import { startFakeKommo, type FakeKommo } from '../../fake-kommo';
import {
	type ExecutionRecord,
	nodeItems,
	type QueueCluster,
	runWorkflowViaRest,
	startQueueCluster,
	waiter,
	type WorkflowFile,
} from '../harness';
import { freePort } from '../harness/free-port';
import { kommoTriggerNode } from '../kommo-trigger-node';
import { webhookTriggerWorkflow } from '../webhook-workflow';
import { MANUAL_TRIGGER } from '../helpers/accept-load';
import { triggerUids } from './trigger-uids';

/**
 * What only queue mode can show (the shared suites run the same bodies in both modes): where
 * executions run, and that both triggers stay exactly-once with a main and two workers, across a
 * restart of the main and a crash of a worker in the middle of an execution.
 */
const SETUP_TIMEOUT_MS = 25 * 60 * 1000;
const TOKEN = 'e2e-queue-token';
const POLL_ID = 'queuePollE2e';
const HOOK_WORKFLOW_ID = 'queueWebhookE2e';
const WEBHOOK_ID = 'kommo-queue-webhook-e2e';
const CREDENTIAL = { id: 'kommo-queue-e2e', name: 'Kommo queue e2e' };
/** The Wait node keeps each poll's execution busy on its worker long enough to crash the worker. */
const WAIT_SECONDS = 20;

let fake: FakeKommo;
let cluster: QueueCluster;
let webhookBase: string;

const manualWorkflow: WorkflowFile = {
	id: 'queueManualE2e',
	name: 'e2e queue manual',
	nodes: [
		MANUAL_TRIGGER,
		{
			id: 'k',
			name: 'Kommo',
			type: 'n8n-nodes-kommo-incoming-leads.kommo',
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				authentication: 'longLivedToken',
				resource: 'incomingLead',
				operation: 'getAll',
				returnAll: true,
			},
			credentials: { kommoIncomingLeadsLongLivedApi: CREDENTIAL },
		} as INode,
	],
	connections: { Start: { main: [[{ node: 'Kommo', type: 'main', index: 0 }]] } },
	settings: {},
};

const pollWorkflow: WorkflowFile = {
	id: POLL_ID,
	name: 'e2e queue Kommo Trigger',
	nodes: [
		kommoTriggerNode(CREDENTIAL),
		{
			id: 'wait',
			name: 'Slow Step',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: [220, 0],
			webhookId: 'queue-poll-wait',
			parameters: { resume: 'timeInterval', amount: WAIT_SECONDS, unit: 'seconds' },
		} as INode,
	],
	connections: { 'Kommo Trigger': { main: [[{ node: 'Slow Step', type: 'main', index: 0 }]] } },
	settings: {},
};

const until = waiter(() => cluster.main.serverLogText());

const executionsOf = (workflowId: string) => cluster.main.executions(workflowId);

beforeAll(async () => {
	// Kommo waits 2 s for a hook's answer; a main sharing 2 cores with 2 workers (and other test
	// runs) can take longer, and this file checks where deliveries run, not how fast.
	fake = await startFakeKommo({ port: 0, accessTokens: [TOKEN], webhooks: { timeoutMs: 15_000 } });
	const port = await freePort();
	webhookBase = `http://127.0.0.1:${port}/`;
	const startedAt = Date.now();
	cluster = await startQueueCluster('queue-mode', {
		installPackage: true,
		workers: 2,
		concurrency: 5,
		port,
		extraEnv: {
			N8N_WEBHOOK_URL: webhookBase,
			// A crashed worker's job is noticed within seconds instead of n8n's 60-90 s.
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
		},
	});
	// A figure, not a check: Redis, PostgreSQL, package install, main and 2 workers ready.
	// eslint-disable-next-line no-console -- prints a figure for the closing note, not a check
	console.log(`queue cluster ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
	await cluster.main.importCredentials([
		{
			...CREDENTIAL,
			type: 'kommoIncomingLeadsLongLivedApi',
			data: { domain: 'custom', baseUrl: fake.url, accessToken: TOKEN },
		},
	]);
	await cluster.main.importWorkflows([
		manualWorkflow,
		pollWorkflow,
		webhookTriggerWorkflow({
			id: HOOK_WORKFLOW_ID,
			webhookId: WEBHOOK_ID,
			events: ['added', 'accepted'],
			credentialId: CREDENTIAL.id,
			record: '={{ $json.event }}:{{ $json.uid }}',
		}),
	]);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await cluster?.dispose();
	await fake?.close();
});

it('a run started on the main through REST runs on a worker, with the Kommo node output', async () => {
	const lead = fake.state.addIncomingLead({ category: 'forms' });
	const run = await runWorkflowViaRest(cluster.main, manualWorkflow.id);
	expect(run.exitCode).toBe(0);
	expect(nodeItems(run.output, 'Kommo').map((item) => item.uid)).toEqual([lead.uid]);
	expect(cluster.workerThatRan(run.executionId)).toBeDefined();
	expect(cluster.main.serverLogText()).not.toMatch(
		new RegExp(`Worker started execution ${run.executionId} \\(`),
	);
}, 180_000);

it(
	'polling trigger: each new lead is emitted once, across a main restart and a worker crash mid-execution',
	async () => {
		const backlog = fake.state.addIncomingLead({ category: 'forms' }).uid;
		fake.clearRequests();
		await cluster.main.activate(POLL_ID);
		// The activation poll (on the main) takes the baseline: the backlog is not replayed.
		await until(
			() => fake.requests.filter((r) => r.path === '/api/v4/leads/unsorted').length,
			(count) => count > 0,
			60_000,
			'the activation poll',
		);

		// Wave 1 reaches the next minute's poll; its execution waits in the Slow Step on a worker,
		// and that worker is killed (SIGKILL) while it runs, then started again.
		const wave1 = [1, 2].map(() => fake.state.addIncomingLead({ category: 'forms' }).uid);
		const running = await until(
			async () => (await executionsOf(POLL_ID)).find((run) => run.stoppedAt === null),
			(run) => run !== undefined && cluster.workerThatRan(run.id) !== undefined,
			120_000,
			'the wave 1 execution to run on a worker',
		);
		// Read before the crash: n8n replaces a crashed execution's data with its error.
		const crashedRun = running!;
		const queuedWithWave1 = triggerUids(crashedRun);
		expect([...queuedWithWave1].sort()).toEqual([...wave1].sort());
		const crashedWorker = cluster.workerThatRan(crashedRun.id)!;
		await cluster.restartWorker(crashedWorker, { kill: true });

		// Wave 2 arrives while the main is down; the poll after its restart emits it.
		await cluster.main.stop();
		const wave2 = [fake.state.addIncomingLead({ category: 'sip' }).uid];
		await cluster.start();
		await until(
			async () => (await executionsOf(POLL_ID)).flatMap(triggerUids),
			(uids) => wave2.every((uid) => uids.includes(uid)),
			150_000,
			'wave 2',
		);
		// Wave 3: a scheduled poll of the restarted main, run by the workers as usual.
		const wave3 = [fake.state.addIncomingLead({ category: 'forms' }).uid];
		const all = [...wave1, ...wave2, ...wave3];
		const executions = await until(
			() => executionsOf(POLL_ID),
			(runs) =>
				[...wave2, ...wave3].every((uid) => runs.some((run) => triggerUids(run).includes(uid))) &&
				runs.every((run) => run.id === crashedRun.id || run.stoppedAt !== null),
			240_000,
			'waves 2 and 3, every execution (but the crashed one) ended',
		);
		const uidsOf = (run: ExecutionRecord) =>
			run.id === crashedRun.id && triggerUids(run).length === 0
				? queuedWithWave1
				: triggerUids(run);
		const emitted = executions.flatMap(uidsOf);
		// eslint-disable-next-line no-console -- prints a figure for the closing note, not a check
		console.log(
			'queue poll executions:',
			executions.map((run) => `${run.id} ${run.status} [${uidsOf(run).join(', ')}]`),
		);
		// Exactly once each: no lead twice (not re-polled after the restart, not re-queued after
		// the crash), none lost, the backlog never.
		expect([...emitted].sort()).toEqual([...all].sort());
		expect(emitted).not.toContain(backlog);
		// Every execution that the crash did not hit ran to its end on a worker. (n8n does not
		// retry the crashed one: its queue sets maxStalledCount 0 and marks it failed.)
		for (const run of executions.filter((r) => r.id !== crashedRun.id)) {
			expect(run.status).toBe('success');
			expect(cluster.workerThatRan(run.id)).toBeDefined();
		}
		await cluster.main.deactivate(POLL_ID);
	},
	15 * 60 * 1000,
);

it('webhook trigger: one subscription with 2 workers, across restarts; each delivery runs once on a worker', async () => {
	const productionUrl = `${webhookBase}webhook/${WEBHOOK_ID}/kommo`;
	await cluster.main.activate(HOOK_WORKFLOW_ID);
	await until(
		() => fake.state.webhooks.list(),
		(list) => list.length > 0,
		60_000,
		'the subscription',
	);
	expect(fake.state.webhooks.list()).toHaveLength(1);
	expect(fake.state.webhooks.list()[0]?.destination).toMatch(
		new RegExp(`^${productionUrl.replace(/[.?]/g, '\\$&')}\\?kommo_secret=`),
	);

	const seen = async () => {
		const runs = (await executionsOf(HOOK_WORKFLOW_ID)).filter((run) => run.stoppedAt !== null);
		return runs.map((run) => ({ run, seen: nodeItemsSafe(run) }));
	};
	const expectOnce = async (events: string[]) => {
		const runs = await until(
			seen,
			(list) => events.every((e) => list.some((r) => r.seen.includes(e))),
			60_000,
			events.join(', '),
		);
		for (const event of events) {
			const matching = runs.filter((r) => r.seen.includes(event));
			expect(matching).toHaveLength(1);
			expect(matching[0]!.run.status).toBe('success');
			expect(cluster.workerThatRan(matching[0]!.run.id)).toBeDefined();
		}
	};

	const uids = [1, 2, 3, 4].map(() => fake.state.addIncomingLead({ category: 'forms' }).uid);
	await expectOnce(uids.map((uid) => `added:${uid}`));
	fake.state.accept(uids[0]!);
	await expectOnce([`accepted:${uids[0]}`]);

	const [hook] = fake.state.webhooks.list();
	await cluster.restartMain();
	await cluster.restartWorker(0);
	expect(fake.state.webhooks.list()).toEqual([hook]);
	const late = fake.state.addIncomingLead({ category: 'sip' }).uid;
	await expectOnce([`added:${late}`]);
	expect(
		fake.webhooks.deliveries
			.filter((d) => d.status !== 200 || d.attempt !== 1)
			.map((d) => `${d.code} ${d.status} attempt ${d.attempt}`),
	).toEqual([]);
	expect(fake.state.webhooks.list()).toHaveLength(1);

	await cluster.main.deactivate(HOOK_WORKFLOW_ID);
	await until(
		() => fake.state.webhooks.list(),
		(list) => list.length === 0,
		30_000,
		'unsubscription',
	);
}, 600_000);

function nodeItemsSafe(run: ExecutionRecord): string[] {
	try {
		return nodeItems({ data: run.data }, 'Next Node').map((item) => String(item.seen));
	} catch {
		return [];
	}
}
