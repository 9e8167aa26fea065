import { randomUUID } from 'node:crypto';

import { DEV_CREDENTIAL_ID, DEV_CREDENTIAL_TYPE } from '../../scripts/dev/config';
import { loadExamples } from '../../scripts/dev/examples';
import {
	type FakeKommo,
	type IncomingLead,
	MAIN_PIPELINE_ID,
	startFakeKommo,
	type StoredEntity,
} from '../fake-kommo';
import {
	createE2eN8n,
	type E2eN8n,
	type ExecutionRecord,
	type N8nInstance,
	nodeItems,
	repoRoot,
} from './harness';

/**
 * Every workflow in examples/ (the ones `npm run dev` imports) runs green in a real n8n against
 * the sandbox Kommo, and does what its name promises. One n8n instance serves the whole file.
 * The Kommo Trigger workflows run as the editor runs them ("Execute workflow"): in that manual
 * mode the trigger returns the newest matching incoming lead.
 */

const SETUP_TIMEOUT_MS = 25 * 60 * 1000; // a cold n8n runtime install (CI) takes minutes
const TEST_TIMEOUT_MS = 3 * 60 * 1000;
const CONTACTED_STAGE_ID = 58141807; // "Contacted" in the sandbox's Sales pipeline
const token = `examples-token-${randomUUID()}`;
const examples = loadExamples(repoRoot);

let fake: FakeKommo;
let e2e: E2eN8n;
let n8n: N8nInstance;

beforeAll(async () => {
	fake = await startFakeKommo({ port: 0, seed: true, accessTokens: [token] });
	e2e = await createE2eN8n('examples', { installPackage: true });
	n8n = e2e.n8n;
	await n8n.importCredentials([
		{
			id: DEV_CREDENTIAL_ID,
			name: 'Kommo Sandbox',
			type: DEV_CREDENTIAL_TYPE,
			data: { domain: 'custom', baseUrl: fake.url, accessToken: token },
		},
	]);
	await n8n.importWorkflows(examples);
	await e2e.start();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await e2e?.dispose();
	await fake?.close();
});

/** Runs a workflow from its trigger, as the editor's "Execute workflow" does, and returns the run. */
async function runFromTrigger(workflowId: string, triggerName: string): Promise<ExecutionRecord> {
	const before = (await n8n.executions(workflowId)).length;
	await n8n.rest('POST', `/rest/workflows/${workflowId}/run`, {
		triggerToStartFrom: { name: triggerName },
	});
	const [newest] = await n8n.waitForExecutions(workflowId, before + 1);
	return newest;
}

function items(run: ExecutionRecord, node: string, output = 0): ReturnType<typeof nodeItems> {
	return nodeItems({ data: run.data }, node, output);
}

function expectSuccess(run: ExecutionRecord): void {
	if (run.status !== 'success') {
		const error = (run.data as { resultData?: { error?: { message?: string } } } | undefined)
			?.resultData?.error;
		throw new Error(
			`run ${run.id} ended "${run.status}": ${n8n.mask(error?.message ?? 'no error message')}\n${n8n.serverLogText()}`,
		);
	}
}

function example(id: string): (typeof examples)[number] {
	const found = examples.find((workflow) => workflow.id === id);
	if (!found) throw new Error(`examples/ has no workflow with id ${id}`);
	return found;
}

test('examples/ holds the four documented workflows, all on the sandbox credential', () => {
	expect(examples.map((workflow) => workflow.id).sort()).toEqual([
		'kommoExampleCalls',
		'kommoExampleForm',
		'kommoExampleInstant',
		'kommoExampleSummary',
	]);
	for (const workflow of examples) {
		const kommoNodes = workflow.nodes.filter((node) =>
			node.type.startsWith('n8n-nodes-kommo-incoming-leads.'),
		);
		expect(kommoNodes.length).toBeGreaterThan(0);
		for (const node of workflow.nodes.filter((candidate) => candidate.credentials)) {
			expect(node.credentials).toEqual({
				[DEV_CREDENTIAL_TYPE]: { id: DEV_CREDENTIAL_ID, name: 'Kommo Sandbox' },
			});
		}
	}
});

/** The newest waiting incoming lead matching `filter`, as the trigger's manual run picks it. */
function newestWaiting(filter: (lead: IncomingLead) => boolean): IncomingLead {
	const lead = fake.state.waiting().find(filter);
	if (!lead) throw new Error('the sandbox seed has no waiting incoming lead for this example');
	return lead;
}

function fieldValue(entity: StoredEntity | undefined, code: string): string {
	const fields = (entity?.custom_fields_values ?? []) as Array<{
		field_code?: string;
		values?: Array<{ value?: unknown }>;
	}>;
	return String(fields.find((field) => field.field_code === code)?.values?.[0]?.value ?? '-');
}

// Each example runs first against the sandbox exactly as `npm run dev` seeds it, as a user clicks
// "Execute workflow" right after start: nothing is added before that first run.

test(
	'new form lead → message with the contact details',
	async () => {
		const workflow = example('kommoExampleForm');
		const lead = newestWaiting((candidate) => candidate.category === 'forms');
		const contactId = lead._embedded.contacts[0].id;
		const contact = fake.state.entities.contacts.get(contactId);
		const metadata = lead.metadata as { form_name?: string; form_page?: string };

		const run = await runFromTrigger(workflow.id, 'Kommo Trigger');
		expectSuccess(run);
		expect(items(run, 'Kommo Trigger')).toEqual([
			expect.objectContaining({ uid: lead.uid, contact_id: contactId }),
		]);
		expect(
			fake.requests.some(
				(request) => request.method === 'GET' && request.path === `/api/v4/contacts/${contactId}`,
			),
		).toBe(true);
		const [message] = items(run, 'Message');
		expect(message.uid).toBe(lead.uid);
		expect(message.text).toContain(`New form lead: ${contact?.name}`);
		expect(message.text).toContain(`Phone: ${fieldValue(contact, 'PHONE')}`);
		expect(message.text).toContain(`Email: ${fieldValue(contact, 'EMAIL')}`);
		expect(message.text).toContain(`Form: ${metadata.form_name} on ${metadata.form_page}`);
		expect(message.text).toContain(
			`Open in Kommo: ${fake.url}/leads/detail/${lead._embedded.leads[0].id}`,
		);
		// Reading is all this workflow does.
		expect(fake.state.get(lead.uid)).toBeDefined();
	},
	TEST_TIMEOUT_MS,
);

test(
	'a call longer than 30 s is accepted into the chosen stage; a shorter one is declined as spam',
	async () => {
		const workflow = example('kommoExampleCalls');
		const isSalesCall = (lead: IncomingLead): boolean =>
			lead.category === 'sip' && lead.pipeline_id === MAIN_PIPELINE_ID;
		const seeded = newestWaiting(isSalesCall);
		const callsElsewhere = fake.state
			.waiting()
			.filter((lead) => lead.category === 'sip' && !isSalesCall(lead));
		expect(Number((seeded.metadata as { duration?: number }).duration)).toBeGreaterThan(30);

		const accepted = await runFromTrigger(workflow.id, 'Kommo Trigger');
		expectSuccess(accepted);
		expect(items(accepted, 'Kommo Trigger')).toEqual([
			expect.objectContaining({ uid: seeded.uid }),
		]);
		expect(items(accepted, 'Accept Call')).toHaveLength(1);
		expect(fake.state.record(seeded.uid)).toMatchObject({
			status: 'accepted',
			accepted_status_id: CONTACTED_STAGE_ID,
		});
		// Calls of other pipelines cannot go into a Sales stage: the trigger does not pick them.
		for (const call of callsElsewhere) expect(fake.state.get(call.uid)).toBeDefined();

		// The decline branch: a short call arrives after the first run.
		const shortCall = fake.state.addIncomingLead({
			category: 'sip',
			source_uid: randomUUID().replace(/-/g, ''),
			source_name: 'onlinePBX',
			metadata: {
				from: '+14155550666',
				phone: '14155551234',
				called_at: fake.state.now(),
				duration: 4,
				link: 'https://pbx.example.com/records/9001.mp3',
				service_code: 'CkAvbEwPam6sad',
			},
		}).uid;
		const declined = await runFromTrigger(workflow.id, 'Kommo Trigger');
		expectSuccess(declined);
		expect(items(declined, 'Kommo Trigger')).toEqual([
			expect.objectContaining({ uid: shortCall, duration: 4 }),
		]);
		expect(fake.state.record(shortCall)?.status).toBe('declined');
		expect(items(declined, 'Decline Spam')).toHaveLength(1);
	},
	TEST_TIMEOUT_MS,
);

test(
	'nightly summary of incoming leads by category',
	async () => {
		const workflow = example('kommoExampleSummary');
		const run = await runFromTrigger(workflow.id, 'Every Night');
		expectSuccess(run);

		const since = fake.state.now() - 24 * 3600 - 120; // the workflow asks for the last 24 h
		const recent = fake.state.allRecords().filter((record) => record.model.created_at >= since);
		const [summary] = items(run, 'Summary');
		expect(summary.total).toBe(recent.length);
		const [report] = items(run, 'Report');
		expect(report.text).toContain(`Incoming leads in the last 24 h: ${recent.length}`);
		for (const category of new Set(recent.map((record) => record.model.category))) {
			const count = recent.filter((record) => record.model.category === category).length;
			expect(report.text).toContain(`${category}: ${count}`);
		}
	},
	TEST_TIMEOUT_MS,
);
