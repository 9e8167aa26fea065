/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import type { FakeKommo } from '../fake-kommo';
import { startFakeKommo } from '../fake-kommo';
import { createE2eN8n, type E2eN8n, type N8nInstance, nodeItems, runError } from './harness';
import {
	kommoCredentials,
	operationWorkflows,
	UID,
	type OperationWorkflowId,
} from './operation-workflows';

/**
 * Every operation of the Kommo node inside a real n8n 2.41 (the built package loaded as a
 * community node), one workflow each, against the fake Kommo over HTTP: asserts what the workflow
 * output and what reached the fake.
 */
const SETUP_TIMEOUT_MS = 25 * 60 * 1000;
const TEST_TIMEOUT_MS = 3 * 60 * 1000;
const TOKEN = 'e2e-long-lived-token';
const OAUTH_TOKEN = 'e2e-oauth-access-token';

let fake: FakeKommo;
let e2e: E2eN8n;
let n8n: N8nInstance;

/** Runs one imported workflow; returns the Kommo node's output and the requests the fake got. */
async function run(id: OperationWorkflowId) {
	fake.clearRequests();
	const result = await e2e.run(id);
	// eslint-disable-next-line no-console -- asked for with E2E_DEBUG
	if (process.env.E2E_DEBUG) console.log(result.stdout.slice(-3000), result.stderr.slice(-3000));
	const requests = fake.requests.filter((r) => r.path.startsWith('/api/'));
	return { result, requests, items: () => nodeItems(result.output, 'Kommo') };
}

beforeAll(async () => {
	fake = await startFakeKommo({ port: 0, accessTokens: [TOKEN, OAUTH_TOKEN] });
	e2e = await createE2eN8n('operations', { installPackage: true });
	n8n = e2e.n8n;
	await n8n.importCredentials(kommoCredentials(fake.url, TOKEN, OAUTH_TOKEN));
	await n8n.importWorkflows(operationWorkflows());
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await e2e?.dispose();
	await fake?.close();
});

beforeEach(() => fake.state.reset());

describe('Kommo node inside a real n8n', () => {
	it(
		'Get Many (long-lived token): one item per incoming lead, filters in bracket form',
		async () => {
			const sip = fake.state.addIncomingLead({ category: 'sip', created_at: 100 });
			const form = fake.state.addIncomingLead({ category: 'forms', created_at: 200 });
			fake.state.addIncomingLead({ category: 'chats' });
			const { result, requests, items } = await run('opGetAll');
			expect(result.exitCode).toBe(0);
			expect(items().map((i) => i.uid)).toEqual([sip.uid, form.uid]);
			expect(requests.map((r) => `${r.method} ${r.path}?${r.rawQuery}`)).toEqual([
				'GET /api/v4/leads/unsorted?filter[category][]=sip&filter[category][]=forms&order[created_at]=asc&page=1&limit=250',
			]);
			expect(requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'Get Many (OAuth2): signed with the stored access token; an empty list is zero items',
		async () => {
			const { result, requests } = await run('opGetAllOAuth');
			expect(result.exitCode).toBe(0);
			expect(requests.map((r) => [r.status, r.headers.authorization])).toEqual([
				[204, `Bearer ${OAUTH_TOKEN}`],
			]);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'Get',
		async () => {
			const lead = fake.state.addIncomingLead({ category: 'mail', uid: UID.get });
			const { items, requests } = await run('opGet');
			expect(items()).toEqual([JSON.parse(JSON.stringify(lead))]);
			expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
				`GET /api/v4/leads/unsorted/${lead.uid}`,
			]);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'Create From Call',
		async () => {
			const { items, requests } = await run('opCreateSip');
			const created = fake.state.waiting();
			expect(created).toHaveLength(1);
			expect(items()).toEqual([
				expect.objectContaining({
					uid: created[0].uid,
					request_id: '0',
					lead_id: created[0]._embedded.leads[0].id,
				}),
			]);
			expect(requests[0].method).toBe('POST');
			expect(requests[0].path).toBe('/api/v4/leads/unsorted/sip');
			expect(requests[0].body).toEqual([
				expect.objectContaining({
					source_uid: 'pbx-1',
					metadata: expect.objectContaining({
						phone: '14155551234',
						duration: 54,
						service_code: 'svc',
					}),
				}),
			]);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'Create From Form (JSON mode, several incoming leads in one request)',
		async () => {
			const { items, requests } = await run('opCreateForm');
			expect(items().map((i) => i.request_id)).toEqual(['0.0', '0.1', '0.2']);
			expect(requests.map((r) => [r.path, (r.body as unknown[]).length])).toEqual([
				['/api/v4/leads/unsorted/forms', 3],
			]);
			expect(fake.state.waiting()).toHaveLength(3);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'Accept into a stage',
		async () => {
			const lead = fake.state.addIncomingLead({ category: 'forms', uid: UID.accept });
			const { items, requests } = await run('opAccept');
			expect(items()[0].uid).toBe(lead.uid);
			expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
				[
					'POST',
					`/api/v4/leads/unsorted/${lead.uid}/accept`,
					{ status_id: 58141807, user_id: 8375357 },
				],
			]);
			expect(fake.state.record(lead.uid)?.status).toBe('accepted');
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'Decline uses DELETE',
		async () => {
			const lead = fake.state.addIncomingLead({ category: 'sip', uid: UID.decline });
			const { items, requests } = await run('opDecline');
			expect(items()[0].uid).toBe(lead.uid);
			expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
				`DELETE /api/v4/leads/unsorted/${lead.uid}/decline`,
			]);
			expect(fake.state.record(lead.uid)?.status).toBe('declined');
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'Link a chat to an existing lead',
		async () => {
			const lead = fake.state.addIncomingLead({ category: 'chats', uid: UID.link });
			const { items, requests } = await run('opLink');
			expect(items()[0].uid).toBe(lead.uid);
			expect(requests[0].body).toEqual({ link: { entity_type: 'leads', entity_id: 152464 } });
			expect(fake.state.record(lead.uid)?.status).toBe('linked');
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'Get Summary',
		async () => {
			const lead = fake.state.addIncomingLead({ category: 'sip', created_at: 1_700_000_100 });
			fake.state.addIncomingLead({ category: 'forms', created_at: 1_700_000_200 });
			fake.state.decline(lead.uid);
			const { items, requests } = await run('opSummary');
			expect(items()).toEqual([
				expect.objectContaining({
					total: 2,
					declined: 1,
					categories: { sip: { total: 1 }, forms: { total: 1 } },
				}),
			]);
			expect(requests[0].rawQuery).toBe(
				'filter[pipeline_id]=6950551&filter[created_at]=1700000000',
			);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'a Kommo 404 fails the run with a message naming the UID, and the token appears nowhere',
		async () => {
			const { result } = await run('opNotFound');
			expect(result.exitCode).toBe(1);
			expect(runError(result.output)?.message).toBe(
				`Incoming lead "${UID.missing}" was not found (404)`,
			);
			expect(`${result.stdout}\n${result.stderr}\n${JSON.stringify(result.output)}`).not.toContain(
				TOKEN,
			);
		},
		TEST_TIMEOUT_MS,
	);
});
