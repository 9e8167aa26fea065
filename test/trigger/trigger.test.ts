import type { IDataObject } from 'n8n-workflow';

import { credentialStore, pollHarness } from '../helpers/n8n-harness';
import { KINDS, useFakeKommo } from '../routing/use-fake-kommo';

const { fake, apiRequests } = useFakeKommo();

type Params = Record<string, unknown>;

describe.each(KINDS)('Kommo Trigger (%s)', (kind) => {
	const trigger = (parameters: Params = {}) => {
		const harness = pollHarness(
			'kommoTrigger',
			{ output: 'raw', ...parameters } as never,
			credentialStore(kind, fake().url),
			kind,
		);
		return {
			...harness,
			/** Polls and returns the emitted UIDs and the number of requests the poll made. */
			async next(mode: 'trigger' | 'manual' = 'trigger') {
				const before = apiRequests().length;
				const result = await harness.poll(mode);
				const uids = (result?.[0] ?? []).map((item) => String(item.json.uid));
				return { uids, requests: apiRequests().length - before, items: result?.[0] ?? [] };
			},
		};
	};
	const add = (
		overrides: Partial<Parameters<ReturnType<typeof fake>['state']['addIncomingLead']>[0]> = {},
	) => fake().state.addIncomingLead({ category: 'forms', ...overrides }).uid;

	it('starts from now: leads already waiting at activation are not replayed', async () => {
		[1, 2, 3].forEach(() => add());
		const t = trigger();
		expect(await t.next()).toMatchObject({ uids: [], requests: 1 });
		expect(await t.next()).toMatchObject({ uids: [], requests: 1 });
	});

	it('"Emit Waiting Leads on Activation" replays the backlog on a first activation only, not when the stored state is unreadable', async () => {
		const waiting = [1, 2, 3].map(() => add());
		const first = trigger({ options: { emitBacklog: true } });
		expect((await first.next()).uids.sort()).toEqual([...waiting].sort());
		const corrupted = trigger({ options: { emitBacklog: true } });
		corrupted.staticData().pollState = 'not a state' as unknown as IDataObject;
		expect((await corrupted.next()).uids).toEqual([]);
		const fresh = add();
		expect((await corrupted.next()).uids).toEqual([fresh]);
	});

	it('emits every lead of a burst in one second exactly once', async () => {
		const t = trigger();
		await t.next();
		const now = Math.floor(Date.now() / 1000);
		const burst = Array.from({ length: 40 }, () => add({ created_at: now }));
		expect((await t.next()).uids.sort()).toEqual([...burst].sort());
		expect((await t.next()).uids).toEqual([]);
	});

	it('emits a lead whose created_at lies in the past (set by the integration)', async () => {
		add({ created_at: 2_000_000_000 });
		const t = trigger();
		await t.next();
		const backdated = add({ created_at: 1_000_000 });
		expect((await t.next()).uids).toEqual([backdated]);
	});

	it('reads all pages: ceil(P/250) requests per poll, new leads among 600 waiting emitted once', async () => {
		for (let i = 0; i < 600; i++) add({ created_at: 1_600_000_000 + i });
		const t = trigger();
		expect((await t.next()).requests).toBe(3);
		const fresh = Array.from({ length: 10 }, (_, i) => add({ created_at: 1_600_000_000 + i * 60 }));
		const polled = await t.next();
		expect(polled.uids.sort()).toEqual([...fresh].sort());
		expect(polled.requests).toBe(3);
		expect(
			apiRequests()
				.slice(-3)
				.map((r) => r.rawQuery),
		).toEqual([
			'order[created_at]=asc&page=1&limit=250',
			'order[created_at]=asc&page=2&limit=250',
			'order[created_at]=asc&page=3&limit=250',
		]);
	});

	it('an empty list costs one request', async () => {
		const t = trigger();
		expect(await t.next()).toMatchObject({ uids: [], requests: 1 });
		expect(apiRequests()[0].status).toBe(204);
	});

	it('a lead accepted or declined after it was emitted is never emitted again', async () => {
		const t = trigger();
		await t.next();
		const a = add();
		const b = add({ category: 'sip' });
		expect((await t.next()).uids.sort()).toEqual([a, b].sort());
		fake().state.accept(a);
		fake().state.decline(b);
		const c = add();
		expect((await t.next()).uids).toEqual([c]);
		expect((await t.next()).uids).toEqual([]);
	});

	it('a poll that fails in the middle of paging keeps the state; the next emits what was missed, once', async () => {
		for (let i = 0; i < 300; i++) add({ created_at: 1_600_000_000 + i });
		const t = trigger();
		await t.next();
		const stateBefore = JSON.stringify(t.staticData());
		const fresh = add();
		// A 503 of a read is retried (3 times): it fails the poll only when it lasts.
		fake().injectFault({
			path: '/api/v4/leads/unsorted',
			status: 503,
			headers: { 'Retry-After': '0' },
			body: { title: 'Service Unavailable', status: 503, detail: 'maintenance' },
			afterMatches: 1,
			times: 4,
		});
		await expect(t.next()).rejects.toThrow('Kommo server error (503): maintenance');
		expect(JSON.stringify(t.staticData())).toBe(stateBefore);
		fake().injectFault({
			path: '/api/v4/leads/unsorted',
			status: 0,
			destroySocket: true,
			afterMatches: 1,
		});
		await expect(t.next()).rejects.toThrow('Could not reach Kommo');
		expect(JSON.stringify(t.staticData())).toBe(stateBefore);
		expect((await t.next()).uids).toEqual([fresh]);
		expect((await t.next()).uids).toEqual([]);
	});

	it('a lead hidden by a page shift (a manager accepts on page 1 while page 2 is read) is not emitted twice', async () => {
		const known = Array.from({ length: 300 }, (_, i) => add({ created_at: 1_600_000_000 + i }));
		const t = trigger({ options: { emitBacklog: true } });
		expect((await t.next()).uids).toHaveLength(300);
		// known[250] opens page 2; accepting a page-1 lead meanwhile slides it onto page 1, already read.
		fake().setRequestHook((request, state) => {
			if (request.query.page === '2' && state.get(known[0])) state.accept(known[0]);
		});
		const shifted = await t.next();
		fake().setRequestHook(undefined);
		expect(shifted.uids).toEqual([]);
		expect(apiRequests().slice(-1)[0].status).toBe(200);
		expect((await t.next()).uids).toEqual([]);
		const fresh = add();
		expect((await t.next()).uids).toEqual([fresh]);
	});

	it('retries 429 as Kommo asks, then fails without touching the state', async () => {
		const t = trigger();
		await t.next();
		const fresh = add();
		fake().injectFault({
			path: '/api/v4/leads/unsorted',
			status: 429,
			body: { status: 429, title: 'Too Many Requests', retry_after: 0 },
			times: 1,
		});
		expect(await t.next()).toMatchObject({ uids: [fresh], requests: 2 });
		const later = add();
		fake().injectFault({
			path: '/api/v4/leads/unsorted',
			status: 429,
			headers: { 'Retry-After': '0' },
			times: 4,
		});
		await expect(t.next()).rejects.toThrow(/rate limit/);
		expect((await t.next()).uids).toEqual([later]);
	});

	it('filters by category and pipeline, in the request and in what is emitted', async () => {
		const t = trigger({ categories: ['sip', 'chats'], pipelineId: 7000001 });
		await t.next();
		expect(apiRequests()[0].rawQuery).toBe(
			'filter[category][]=chats&filter[category][]=sip&filter[pipeline_id]=7000001&order[created_at]=asc&page=1&limit=250',
		);
		add({ category: 'forms', pipeline_id: 7000001 });
		add({ category: 'sip', pipeline_id: 6950551 });
		const chat = add({ category: 'chats', pipeline_id: 7000001 });
		const call = add({ category: 'sip', pipeline_id: 7000001 });
		expect((await t.next()).uids.sort()).toEqual([chat, call].sort());
	});

	it('changing the filters starts afresh instead of replaying the newly matching backlog', async () => {
		const harness = pollHarness(
			'kommoTrigger',
			{ categories: ['sip'] } as never,
			credentialStore(kind, fake().url),
			kind,
		);
		await harness.poll();
		add({ category: 'forms' });
		harness.node.parameters.categories = ['forms'];
		expect(await harness.poll()).toBeNull();
		const form = add({ category: 'forms' });
		expect((await harness.poll())?.[0].map((i) => i.json.uid)).toEqual([form]);
	});

	it('can emit the waiting backlog once on activation', async () => {
		const waiting = [add(), add()];
		const t = trigger({ options: { emitBacklog: true } });
		expect((await t.next()).uids.sort()).toEqual([...waiting].sort());
		expect((await t.next()).uids).toEqual([]);
	});

	it('"Fetch Test Event" returns the newest matching lead and changes no state', async () => {
		add({ category: 'sip', created_at: 100 });
		const newest = add({ category: 'sip', created_at: 200 });
		add({ category: 'forms', created_at: 300 });
		const t = trigger({ categories: ['sip'] });
		expect(await t.next('manual')).toMatchObject({ uids: [newest], requests: 1 });
		expect(apiRequests()[0].rawQuery).toBe(
			'filter[category][]=sip&order[created_at]=desc&page=1&limit=1',
		);
		expect(t.staticData()).toEqual({});
		const manualAgain = await t.next('manual');
		expect(manualAgain.uids).toEqual([newest]);
		expect(await t.next()).toMatchObject({ uids: [] });
	});

	it('"Fetch Test Event" with nothing matching says so', async () => {
		add({ category: 'forms' });
		await expect(trigger({ categories: ['mail'] }).next('manual')).rejects.toThrow(
			'No incoming leads match the trigger right now',
		);
	});

	it('simplified output is flat and mappable', async () => {
		const t = trigger({ output: 'simplified' });
		await t.next();
		const uid = fake().state.addIncomingLead({
			category: 'mail',
			source_name: 'Mailbox',
			created_at: 1_700_000_000,
			metadata: {
				from: { email: 'jane@example.com', name: 'Jane' },
				subject: 'Quote please',
				received_at: 1_700_000_000,
			},
		}).uid;
		const [item] = (await t.next()).items;
		const lead = fake().state.get(uid) as unknown as IDataObject & {
			_embedded: { leads: Array<{ id: number }>; contacts: Array<{ id: number }> };
		};
		expect(item.json).toEqual({
			uid,
			category: 'mail',
			source_name: 'Mailbox',
			source_uid: lead.source_uid ?? null,
			pipeline_id: 6950551,
			created_at: '2023-11-14T22:13:20.000Z',
			created_at_unix: 1_700_000_000,
			from_email: 'jane@example.com',
			from_name: 'Jane',
			subject: 'Quote please',
			received_at: 1_700_000_000,
			contact_id: lead._embedded.contacts[0].id,
			lead_id: lead._embedded.leads[0].id,
			company_id: null,
			kommo_url: `${fake().url}/leads/detail/${lead._embedded.leads[0].id}`,
		});
	});
});

describe('Kommo Trigger with an expired OAuth2 token', () => {
	it('polls through httpRequestWithAuthentication, so n8n refreshes the token', async () => {
		const tokens = fake().state.issueTokens('sandbox-client-id');
		const store = credentialStore('oAuth2', fake().url, tokens.access_token);
		(
			store.data.kommoIncomingLeadsOAuth2Api.oauthTokenData as Record<string, string>
		).refresh_token = tokens.refresh_token;
		const harness = pollHarness('kommoTrigger', { output: 'raw' } as never, store, 'oAuth2');
		await harness.poll();
		fake().state.expireToken(tokens.access_token);
		const fresh = fake().state.addIncomingLead({ category: 'forms' }).uid;
		const result = await harness.poll();
		expect(result?.[0].map((item) => item.json.uid)).toEqual([fresh]);
		expect(store.refreshes).toBe(1);
		expect(
			fake()
				.requests.slice(-3)
				.map((r) => `${r.status} ${r.method} ${r.path}`),
		).toEqual([
			'401 GET /api/v4/leads/unsorted',
			'200 POST /oauth2/access_token',
			'200 GET /api/v4/leads/unsorted',
		]);
	});
});
