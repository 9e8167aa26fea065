/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { setKommoLimitsForTests } from '../../nodes/shared/limits';
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_ACCOUNT_ID, startFakeKommo, type FakeKommo } from '../fake-kommo';
import { credentialStore, type CredentialKind } from '../helpers/n8n-harness';
import { startWebhookHarness, type WebhookHarness } from '../helpers/webhook-harness';
import { KINDS } from '../routing/use-fake-kommo';

type Params = Record<string, unknown>;

let fake: FakeKommo;
const open: WebhookHarness[] = [];

beforeEach(async () => {
	fake = await startFakeKommo({
		accessTokens: ['test-token', 'user-token'],
		webhooks: { retryDelaysMs: [20], timeoutMs: 1000 },
	});
});

afterEach(async () => {
	await Promise.all(open.splice(0).map((h) => h.close()));
	await fake.close();
});

async function waitFor(check: () => boolean, what: string, ms = 3000): Promise<void> {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

async function harness(
	parameters: Params,
	kind: CredentialKind = 'longLivedToken',
	token = 'test-token',
): Promise<WebhookHarness> {
	const h = await startWebhookHarness(
		{
			events: ['added', 'accepted', 'declined', 'linked'],
			categories: [],
			pipelineId: '',
			output: 'simplified',
			...parameters,
		} as never,
		credentialStore(kind, fake.url, token),
		kind,
	);
	open.push(h);
	return h;
}

const hookPosts = () =>
	fake.requests.filter((r) => r.path === '/api/v4/webhooks' && r.method === 'POST');
const addLead = (overrides: Params = {}) =>
	fake.state.addIncomingLead({ category: 'forms', metadata: { form_name: 'Site' }, ...overrides });

/** All deliveries done and every call answered by the n8n side. */
async function settle(h: WebhookHarness): Promise<void> {
	await fake.webhooks.idle();
	const origin = new URL(h.productionUrl).origin;
	const answered = () =>
		fake.webhooks.deliveries.filter((d) => d.status > 0 && d.destination.startsWith(origin)).length;
	await waitFor(() => h.calls.length >= answered(), 'the node to finish its calls');
}

describe.each(KINDS)('Kommo Webhook Trigger lifecycle (%s)', (kind) => {
	it('activation subscribes exactly one hook with the needed codes and a secret URL; re-activation adds none', async () => {
		const h = await harness({ events: ['added', 'accepted'] }, kind);
		await h.activate();
		const hooks = fake.state.webhooks.list();
		expect(hooks).toHaveLength(1);
		expect(hooks[0]?.settings).toEqual(['add_unsorted', 'delete_unsorted']);
		const url = new URL(hooks[0]!.destination);
		expect(`${url.origin}${url.pathname}`).toBe(h.productionUrl);
		expect(
			Buffer.from(url.searchParams.get('kommo_secret') ?? '', 'base64url').length * 8,
		).toBeGreaterThanOrEqual(128);
		expect(h.staticData()).toMatchObject({ accountId: DEFAULT_ACCOUNT_ID });
		expect(fake.requests.filter((r) => r.path === '/api/v4/account')).toHaveLength(1);

		await h.activate();
		expect(hookPosts()).toHaveLength(1);
		expect(fake.state.webhooks.list()).toHaveLength(1);
	});

	it('changed events update the same subscription instead of adding one', async () => {
		const h = await harness({ events: ['added'] }, kind);
		await h.activate();
		const before = fake.state.webhooks.list()[0]!;
		h.node.parameters.events = ['added', 'declined'];
		await h.activate();
		expect(fake.state.webhooks.list()).toEqual([
			expect.objectContaining({
				id: before.id,
				destination: before.destination,
				settings: ['add_unsorted', 'delete_unsorted'],
			}),
		]);
	});

	it('deactivation removes the hook and the secret; a hook already removed in Kommo is fine', async () => {
		const h = await harness({}, kind);
		await h.activate();
		expect(await h.delete()).toBe(true);
		expect(fake.state.webhooks.list()).toEqual([]);
		expect(h.staticData().subscriptions).toEqual({});
		await h.activate();
		fake.state.webhooks.unsubscribe(fake.state.webhooks.list()[0]!.destination);
		expect(await h.delete()).toBe(true);
	});
});

describe('Kommo Webhook Trigger deliveries', () => {
	it('emits added, accepted, declined and linked leads once each, added ones verified with Kommo', async () => {
		const h = await harness({});
		await h.activate();
		const [a, b, c] = [addLead(), addLead({ category: 'sip', metadata: { phone: 1 } }), addLead()];
		await settle(h);
		fake.state.accept(a.uid);
		fake.state.decline(b.uid);
		fake.state.link(c.uid, { entity_id: 4242, entity_type: 'leads' });
		await settle(h);
		const events = h.emitted().map((item) => `${String(item.event)}:${String(item.uid)}`);
		expect(events.sort()).toEqual(
			[
				`added:${a.uid}`,
				`added:${b.uid}`,
				`added:${c.uid}`,
				`accepted:${a.uid}`,
				`declined:${b.uid}`,
				`linked:${c.uid}`,
			].sort(),
		);
		expect(h.calls.every((call) => call.status === 200)).toBe(true);
		const fetched = fake.requests
			.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v4/leads/unsorted/'))
			.map((r) => r.path);
		expect(fetched.sort()).toEqual(
			[a.uid, b.uid, c.uid].map((uid) => `/api/v4/leads/unsorted/${uid}`).sort(),
		);
		const linked = h.emitted().find((item) => item.event === 'linked') as IDataObject;
		expect(linked).toMatchObject({
			result_lead_ids: [4242],
			kommo_url: `${fake.url}/leads/detail/4242`,
		});
		const added = h
			.emitted()
			.find((item) => item.event === 'added' && item.uid === a.uid) as IDataObject;
		expect(added).toMatchObject({
			category: 'forms',
			form_name: 'Site',
			lead_id: a._embedded.leads[0]!.id,
			contact_id: a._embedded.contacts[0]!.id,
		});
	});

	it('an added lead sorted before the node could verify it is reported by its sorting event only', async () => {
		const h = await harness({});
		await h.activate();
		const lead = addLead();
		fake.state.accept(lead.uid);
		await settle(h);
		expect(h.emitted().map((item) => item.event)).toEqual(['accepted']);
	});

	it('emits a delivery Kommo repeats only once, remembering it in static data', async () => {
		const h = await harness({});
		await h.activate();
		addLead();
		await settle(h);
		await fake.webhooks.replay(fake.webhooks.deliveries[0]!);
		await fake.webhooks.replay(fake.webhooks.deliveries[0]!);
		await settle(h);
		expect(h.calls).toHaveLength(3);
		expect(h.emitted()).toHaveLength(1);
		expect(h.staticData().seen).toHaveLength(1);
	});

	it('refuses forged calls: no secret or a wrong one 401, another account 403; nothing is emitted', async () => {
		const h = await harness({ options: { verifyAddedLeads: false } });
		await h.activate();
		const destination = fake.state.webhooks.list()[0]!.destination;
		const body = (accountId: number) => ({
			unsorted: { add: [{ uid: 'abc', category: 'forms', pipeline_id: 1 }] },
			account: { id: accountId },
		});
		expect((await fake.webhooks.post(h.productionUrl, body(DEFAULT_ACCOUNT_ID))).status).toBe(401);
		expect(
			(await fake.webhooks.post(`${h.productionUrl}?kommo_secret=guess`, body(DEFAULT_ACCOUNT_ID)))
				.status,
		).toBe(401);
		expect((await fake.webhooks.post(destination, body(DEFAULT_ACCOUNT_ID + 1))).status).toBe(403);
		expect((await fake.webhooks.post(destination, 'a=%E0%A4%A')).status).toBe(400);
		await settle(h);
		expect(h.emitted()).toEqual([]);
	});

	it('a well-signed call about a lead Kommo does not have is dropped by "Verify Added Leads"', async () => {
		const h = await harness({});
		await h.activate();
		const destination = fake.state.webhooks.list()[0]!.destination;
		const call = await fake.webhooks.post(destination, {
			unsorted: { add: [{ uid: 'deadbeef', category: 'forms' }] },
			account: { id: DEFAULT_ACCOUNT_ID },
		});
		expect(call.status).toBe(200);
		await settle(h);
		expect(h.emitted()).toEqual([]);
	});

	it('when Kommo cannot be asked (5xx), an added lead is emitted marked unverified instead of lost', async () => {
		const h = await harness({ events: ['added'] });
		await h.activate();
		// A read is retried on 503 (3 times, fast here): the fault outlasts the retries.
		setKommoLimitsForTests({ retryBaseDelayMs: 1, retryMaxDelayMs: 5 });
		fake.injectFault({
			method: 'GET',
			path: /^\/api\/v4\/leads\/unsorted\/[0-9a-f]+$/,
			status: 503,
			times: 4,
		});
		const lead = addLead();
		await settle(h);
		setKommoLimitsForTests();
		expect(h.emitted()).toEqual([
			expect.objectContaining({
				event: 'added',
				uid: lead.uid,
				verified: false,
				verification_error: expect.stringMatching(/503/),
			}),
		]);
	});

	it('one item per entry: a call with 60 entries and ~2,400 form keys gives 60 items', async () => {
		const h = await harness({ options: { verifyAddedLeads: false }, output: 'raw' });
		await h.activate();
		const entries = Array.from({ length: 60 }, (_, i) => ({
			uid: `u${i}`,
			category: 'forms',
			pipeline_id: 1,
			source_data: Object.fromEntries(
				Array.from({ length: 38 }, (_, k) => [`f${k}`, `Ünïcødé ${i}/${k}`]),
			),
		}));
		const destination = fake.state.webhooks.list()[0]!.destination;
		await fake.webhooks.post(destination, {
			unsorted: { add: entries },
			account: { id: DEFAULT_ACCOUNT_ID },
		});
		await settle(h);
		const items = h.emitted();
		expect(items).toHaveLength(60);
		expect(items[59]).toMatchObject({
			event: 'added',
			entry: { uid: 'u59', source_data: { f37: 'Ünïcødé 59/37' } },
		});
	});

	it('applies Events, Categories and Pipeline', async () => {
		const h = await harness({ events: ['accepted'], categories: ['sip'] });
		await h.activate();
		const sip = addLead({ category: 'sip', metadata: { phone: 1 } });
		const form = addLead();
		await settle(h);
		fake.state.accept(sip.uid);
		fake.state.accept(form.uid);
		await settle(h);
		expect(h.emitted().map((item) => [item.event, item.uid])).toEqual([['accepted', sip.uid]]);
		expect(fake.webhooks.deliveries.every((d) => d.code === 'delete_unsorted')).toBe(true);

		const p = await harness({ events: ['added'], pipelineId: 999 });
		await p.activate();
		addLead();
		await settle(p);
		expect(p.emitted()).toEqual([]);
	});

	it('"Listen for test event" subscribes the test URL beside production and removes only it', async () => {
		const h = await harness({ events: ['added'] });
		await h.activate();
		await h.activate(true);
		expect(
			fake.state.webhooks
				.list()
				.map((w) => new URL(w.destination).pathname)
				.sort(),
		).toEqual(['/webhook-test/hook-id-1/kommo', '/webhook/hook-id-1/kommo']);
		addLead();
		await settle(h);
		expect(h.emitted()).toHaveLength(2);
		expect(h.staticData().seen).toHaveLength(1);
		await h.delete(true);
		expect(fake.state.webhooks.list().map((w) => new URL(w.destination).pathname)).toEqual([
			'/webhook/hook-id-1/kommo',
		]);
	});
});

describe('Kommo Webhook Trigger when subscribing is refused', () => {
	it('names the plan and the manual option when the plan has no API web hooks', async () => {
		const h = await harness({});
		fake.state.webhooks.planAllowsWebhooks = false;
		await expect(h.activate()).rejects.toMatchObject({
			message: expect.stringMatching(/refused to subscribe.*402.*plan/),
			description: expect.stringMatching(/Register.*Manually/),
		});
	});

	it('names administrator rights for a non-admin token', async () => {
		fake.state.webhooks.nonAdminTokens.add('user-token');
		const h = await harness({}, 'longLivedToken', 'user-token');
		await expect(h.activate()).rejects.toMatchObject({
			message: expect.stringMatching(/403.*administrators/),
			description: expect.stringMatching(/administrator/),
		});
		expect(fake.state.webhooks.list()).toEqual([]);
	});

	it("Register: Manually subscribes nothing and accepts calls carrying the user's secret", async () => {
		const secret = 'a-long-manual-secret-0123456789';
		const h = await harness({
			register: 'manually',
			manualSecret: secret,
			options: { verifyAddedLeads: false },
		});
		await h.activate();
		expect(hookPosts()).toEqual([]);
		const body = {
			unsorted: { add: [{ uid: 'm1', category: 'forms' }] },
			account: { id: DEFAULT_ACCOUNT_ID },
		};
		expect(
			(await fake.webhooks.post(`${h.productionUrl}?kommo_secret=${secret}`, body)).status,
		).toBe(200);
		expect((await fake.webhooks.post(`${h.productionUrl}?kommo_secret=other`, body)).status).toBe(
			401,
		);
		await settle(h);
		expect(h.emitted().map((item) => item.uid)).toEqual(['m1']);

		const short = await harness({ register: 'manually', manualSecret: 'short' });
		await expect(short.activate()).rejects.toThrow(/"Secret" must be at least 22/);
	});
});
