/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import {
	MAIN_PIPELINE_ID,
	PARTNERS_PIPELINE_ID,
	startFakeKommo,
	type FakeKommo,
	type IncomingLead,
	type SeedIncomingLead,
} from './index';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field

const UNSORTED = '/api/v4/leads/unsorted';

let fake: FakeKommo;
let api: AxiosInstance;
let anon: AxiosInstance;

function client(baseURL: string, token?: string): AxiosInstance {
	return axios.create({
		baseURL,
		validateStatus: () => true,
		maxRedirects: 0,
		headers: token ? { Authorization: `Bearer ${token}` } : {},
	});
}

function data(res: AxiosResponse): Json {
	return res.data as Json;
}

function sipItem(overrides: Json = {}): Json {
	return {
		source_name: 'Acme Co.',
		source_uid: 'a1fee7c0fc436088e64ba2e8822ba2b3',
		_embedded: {
			leads: [
				{
					name: 'Tech maintenance',
					price: 5000,
					custom_fields_values: [{ field_id: 184994, values: [{ value: true }] }],
					_embedded: { tags: [{ id: 2164 }] },
				},
			],
			contacts: [{ name: 'Example contact' }],
			companies: [{ name: 'Acme Co.' }],
		},
		metadata: {
			is_call_event_needed: true,
			uniq: 'a1fe231cc88e64ba2e8822ba2b3ewrw',
			duration: 54,
			service_code: 'CkAvbEwPam6sad',
			link: 'https://example.com',
			phone: 14155551234,
			called_at: 1510261200,
			from: 'onlinePBX',
		},
		...overrides,
	};
}

function formItem(overrides: Json = {}): Json {
	return {
		request_id: '456',
		source_name: 'Asme Co.',
		source_uid: 'form-source-1',
		pipeline_id: MAIN_PIPELINE_ID,
		created_at: 1510261200,
		_embedded: {
			leads: [{ name: 'Tech maintenance', price: 5500 }],
			contacts: [{ name: 'Example 2 contact' }],
		},
		metadata: {
			ip: '123.222.2.22',
			form_id: 'a1fee7c0fc436088e64ba2e8822ba2b3ewrw',
			form_sent_at: 1590830520,
			form_name: 'Application form',
			form_page: 'https://example.com',
			referer: 'https://www.google.com',
		},
		...overrides,
	};
}

function addLead(input: Partial<SeedIncomingLead> = {}): IncomingLead {
	return fake.state.addIncomingLead({ category: 'forms', metadata: { form_id: 'f' }, ...input });
}

function validationErrors(
	res: AxiosResponse,
): Array<{ request_id: string; errors: Array<{ code: string; path: string; detail: string }> }> {
	return data(res)['validation-errors'] as Array<{
		request_id: string;
		errors: Array<{ code: string; path: string; detail: string }>;
	}>;
}

beforeAll(async () => {
	fake = await startFakeKommo({ port: 0 });
	api = client(fake.url, 'test-token');
	anon = client(fake.url);
});

afterAll(async () => {
	await fake.close();
});

beforeEach(() => {
	fake.state.reset();
	fake.state.setClock(undefined);
	fake.clearFaults();
	fake.clearRequests();
});

describe('server basics', () => {
	it('listens on 127.0.0.1 and exposes its url and port', () => {
		expect(fake.url).toBe(`http://127.0.0.1:${fake.port}`);
		expect(fake.port).toBeGreaterThan(0);
	});

	it('rejects requests without, or with an unknown, bearer token', async () => {
		for (const res of [await anon.get(UNSORTED), await client(fake.url, 'nope').get(UNSORTED)]) {
			expect(res.status).toBe(401);
			expect(res.headers['content-type']).toBe('application/problem+json');
			expect(data(res)).toMatchObject({ title: 'Unauthorized', status: 401 });
			expect(typeof data(res)['detail']).toBe('string');
		}
	});

	it('rejects a token once it has been expired', async () => {
		addLead();
		expect((await api.get(UNSORTED)).status).toBe(200);
		fake.state.expireToken('test-token');
		expect((await api.get(UNSORTED)).status).toBe(401);
	});

	it('answers 404 for unknown paths and 405 for wrong methods on known ones', async () => {
		const missing = await api.get('/api/v4/nothing-here');
		expect(missing.status).toBe(404);
		expect(missing.headers['content-type']).toBe('application/problem+json');
		const wrong = await api.put(UNSORTED, {});
		expect(wrong.status).toBe(405);
		expect(data(wrong)).toMatchObject({ status: 405, title: 'Method Not Allowed' });
		expect(wrong.headers['allow']).toBe('GET');
		expect((await api.post(`${UNSORTED}/sip/x`, [])).status).toBe(404);
		expect((await api.get(`${UNSORTED}/sip`)).status).toBe(405);
	});
});

describe('GET /api/v4/leads/unsorted', () => {
	it('answers 204 with no body when nothing is waiting', async () => {
		const res = await api.get(UNSORTED);
		expect(res.status).toBe(204);
		expect(res.data).toBe('');
		expect(res.headers['content-type']).toBeUndefined();
	});

	it('renders incoming leads like the spec, with hrefs on the fake', async () => {
		const lead = fake.state.addIncomingLead({
			category: 'sip',
			source_uid: 'src-1',
			source_name: 'Acme',
			created_at: 1510261200,
			metadata: { phone: '14155551234', called_at: 1510261200, duration: '54', service_code: 'x' },
			_embedded: { contacts: [{ name: 'C' }], leads: [{ name: 'L' }], companies: [{ name: 'Co' }] },
		});
		const res = await api.get(UNSORTED);
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('application/hal+json');
		const body = data(res);
		expect(body['_page']).toBe(1);
		expect(body['_links']['self']['href']).toBe(`${fake.url}${UNSORTED}?page=1&limit=50`);
		expect(body['_links']['next']).toBeUndefined();
		const [item] = body['_embedded']['unsorted'] as Json[];
		expect(item).toEqual({
			uid: lead.uid,
			source_uid: 'src-1',
			source_name: 'Acme',
			category: 'sip',
			pipeline_id: MAIN_PIPELINE_ID,
			created_at: 1510261200,
			metadata: { phone: '14155551234', called_at: 1510261200, duration: '54', service_code: 'x' },
			account_id: 31361463,
			_links: { self: { href: `${fake.url}${UNSORTED}/${lead.uid}` } },
			_embedded: {
				contacts: [
					{ id: 500000, _links: { self: { href: `${fake.url}/api/v4/contacts/500000` } } },
				],
				leads: [{ id: 100000, _links: { self: { href: `${fake.url}/api/v4/leads/100000` } } }],
				companies: [
					{ id: 700000, _links: { self: { href: `${fake.url}/api/v4/companies/700000` } } },
				],
			},
		});
		expect(lead.uid).toMatch(/^[0-9a-f]{60}$/);
	});

	it('orders by created_at desc by default, later inserts first on ties, and asc on request', async () => {
		const a = addLead({ created_at: 1000 });
		const b = addLead({ created_at: 2000 });
		const c = addLead({ created_at: 2000 });
		const d = addLead({ created_at: 500 });
		const uids = (res: AxiosResponse): string[] =>
			(data(res)['_embedded']['unsorted'] as Json[]).map((x) => x['uid'] as string);
		expect(uids(await api.get(UNSORTED))).toEqual([c.uid, b.uid, a.uid, d.uid]);
		expect(uids(await api.get(`${UNSORTED}?order[created_at]=desc`))).toEqual([
			c.uid,
			b.uid,
			a.uid,
			d.uid,
		]);
		expect(uids(await api.get(`${UNSORTED}?order[created_at]=asc`))).toEqual([
			d.uid,
			a.uid,
			b.uid,
			c.uid,
		]);
		expect(fake.state.waiting().map((l) => l.uid)).toEqual([c.uid, b.uid, a.uid, d.uid]);
	});

	it('refuses unknown order fields and directions', async () => {
		addLead();
		const badDir = await api.get(`${UNSORTED}?order[created_at]=up`);
		expect(badDir.status).toBe(400);
		expect(validationErrors(badDir)[0]?.errors[0]).toMatchObject({
			code: 'NotSupportedChoice',
			path: 'order[created_at]',
		});
		expect((await api.get(`${UNSORTED}?order[id]=asc`)).status).toBe(400);
	});

	it('validates limit and page', async () => {
		addLead();
		for (const q of ['limit=251', 'limit=0', 'limit=abc', 'limit=2.5', 'page=0', 'page=x']) {
			const res = await api.get(`${UNSORTED}?${q}`);
			expect(res.status).toBe(400);
			expect(res.headers['content-type']).toBe('application/problem+json');
			expect(data(res)).toMatchObject({
				title: 'Bad Request',
				status: 400,
				detail: 'Request validation failed',
			});
			expect(validationErrors(res)[0]?.errors[0]?.path).toBe(q.split('=')[0]);
		}
		expect((await api.get(`${UNSORTED}?limit=250`)).status).toBe(200);
	});

	it('pages with a next link only while another non-empty page exists', async () => {
		for (let i = 0; i < 5; i++) addLead({ created_at: 1000 + i, pipeline_id: MAIN_PIPELINE_ID });
		addLead({ created_at: 5000, pipeline_id: PARTNERS_PIPELINE_ID });
		const first = await api.get(`${UNSORTED}?filter[pipeline_id]=${MAIN_PIPELINE_ID}&limit=2`);
		expect(first.status).toBe(200);
		expect(data(first)['_embedded']['unsorted']).toHaveLength(2);
		const next = data(first)['_links']['next']['href'] as string;
		expect(next).toBe(
			`${fake.url}${UNSORTED}?filter[pipeline_id]=${MAIN_PIPELINE_ID}&page=2&limit=2`,
		);
		const second = await api.get(next);
		expect(data(second)['_page']).toBe(2);
		const third = await api.get(data(second)['_links']['next']['href'] as string);
		expect(data(third)['_embedded']['unsorted']).toHaveLength(1);
		expect(data(third)['_links']['next']).toBeUndefined();
		expect(
			(await api.get(`${UNSORTED}?filter[pipeline_id]=${MAIN_PIPELINE_ID}&limit=2&page=4`)).status,
		).toBe(204);
		// Exactly full last page: no next.
		const exact = await api.get(`${UNSORTED}?limit=3&page=2`);
		expect(data(exact)['_embedded']['unsorted']).toHaveLength(3);
		expect(data(exact)['_links']['next']).toBeUndefined();
	});

	it('filters by uid in all its spellings, by category and by pipeline', async () => {
		const f = addLead({ category: 'forms' });
		const s = addLead({ category: 'sip', pipeline_id: PARTNERS_PIPELINE_ID });
		const c = addLead({ category: 'chats' });
		const m = addLead({ category: 'mail' });
		const uids = async (q: string): Promise<string[]> => {
			const res = await api.get(`${UNSORTED}?${q}`);
			if (res.status === 204) return [];
			expect(res.status).toBe(200);
			return (data(res)['_embedded']['unsorted'] as Json[]).map((x) => x['uid'] as string).sort();
		};
		expect(await uids(`filter[uid]=${f.uid}`)).toEqual([f.uid]);
		expect(await uids(`filter[uid][]=${f.uid}&filter[uid][]=${s.uid}`)).toEqual(
			[f.uid, s.uid].sort(),
		);
		expect(await uids(`filter[uid][0]=${c.uid}&filter[uid][1]=${m.uid}`)).toEqual(
			[c.uid, m.uid].sort(),
		);
		expect(await uids(`filter[category][]=sip&filter[category][]=mail`)).toEqual(
			[s.uid, m.uid].sort(),
		);
		expect(await uids(`filter[category][0]=chats`)).toEqual([c.uid]);
		expect(await uids(`filter[pipeline_id]=${PARTNERS_PIPELINE_ID}`)).toEqual([s.uid]);
		expect(
			await uids(`filter[pipeline_id]=${PARTNERS_PIPELINE_ID}&filter[category][]=forms`),
		).toEqual([]);
		expect(await uids('filter[uid]=unknown')).toEqual([]);
		const bad = await api.get(`${UNSORTED}?filter[category][]=phone`);
		expect(bad.status).toBe(400);
		expect(validationErrors(bad)[0]?.errors[0]?.code).toBe('NotSupportedChoice');
		expect((await api.get(`${UNSORTED}?filter[pipeline_id]=abc`)).status).toBe(400);
	});
});

describe('GET /api/v4/leads/unsorted/{uid}', () => {
	it('returns the model, and 404 naming the uid once it is gone or never existed', async () => {
		const lead = addLead({ category: 'chats' });
		const res = await api.get(`${UNSORTED}/${lead.uid}`);
		expect(res.status).toBe(200);
		expect(data(res)).toEqual(lead);
		fake.state.accept(lead.uid);
		const gone = await api.get(`${UNSORTED}/${lead.uid}`);
		expect(gone.status).toBe(404);
		expect(data(gone)['detail']).toContain(lead.uid);
		const unknown = await api.get(`${UNSORTED}/deadbeef`);
		expect(unknown.status).toBe(404);
		expect(data(unknown)['detail']).toContain('deadbeef');
	});
});

describe('POST /api/v4/leads/unsorted/sip and /forms', () => {
	it('creates sip incoming leads, echoing request_id and storing the entities', async () => {
		fake.state.setClock(() => 1700000000);
		const res = await api.post(`${UNSORTED}/sip`, [sipItem({ request_id: '123' })]);
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('application/hal+json');
		const body = data(res);
		expect(body['_total_items']).toBe(1);
		const [created] = body['_embedded']['unsorted'] as Json[];
		expect(created).toMatchObject({ account_id: 31361463, request_id: '123' });
		expect(created?.['uid']).toMatch(/^[0-9a-f]{60}$/);
		expect(created?.['_links']['self']['href']).toBe(
			`${fake.url}${UNSORTED}/${String(created?.['uid'])}`,
		);
		expect(created?.['_embedded']).toEqual({
			contacts: [{ id: 500000, _links: { self: { href: `${fake.url}/api/v4/contacts/500000` } } }],
			leads: [{ id: 100000, _links: { self: { href: `${fake.url}/api/v4/leads/100000` } } }],
			companies: [
				{ id: 700000, _links: { self: { href: `${fake.url}/api/v4/companies/700000` } } },
			],
		});

		const model = fake.state.get(created?.['uid'] as string);
		expect(model).toMatchObject({
			category: 'sip',
			source_uid: 'a1fee7c0fc436088e64ba2e8822ba2b3',
			pipeline_id: MAIN_PIPELINE_ID,
			created_at: 1700000000,
		});
		expect(model?.metadata).not.toHaveProperty('is_call_event_needed');
		expect(model?.metadata).toMatchObject({
			phone: 14155551234,
			duration: 54,
			uniq: 'a1fe231cc88e64ba2e8822ba2b3ewrw',
		});

		const lead = fake.state.entities.leads.get(100000);
		expect(lead).toMatchObject({
			name: 'Tech maintenance',
			price: 5000,
			tags: [{ id: 2164 }],
			pipeline_id: MAIN_PIPELINE_ID,
			status_id: 58141803,
			is_unsorted: true,
		});
		expect(lead?.custom_fields_values).toEqual([{ field_id: 184994, values: [{ value: true }] }]);
		expect(fake.state.entities.contacts.get(500000)?.name).toBe('Example contact');
		expect(fake.state.entities.companies.get(700000)?.name).toBe('Acme Co.');
	});

	it('creates forms leads in request order with given pipeline and created_at', async () => {
		const res = await api.post(`${UNSORTED}/forms`, [
			formItem(),
			formItem({
				request_id: '457',
				source_uid: 'form-source-2',
				pipeline_id: PARTNERS_PIPELINE_ID,
				created_at: 1510261300,
			}),
			formItem({ request_id: undefined, source_uid: 'form-source-3' }),
		]);
		expect(res.status).toBe(200);
		const created = data(res)['_embedded']['unsorted'] as Json[];
		expect(created.map((c) => c['request_id'])).toEqual(['456', '457', '2']);
		const second = fake.state.get(created[1]?.['uid'] as string);
		expect(second).toMatchObject({
			category: 'forms',
			pipeline_id: PARTNERS_PIPELINE_ID,
			created_at: 1510261300,
		});
		expect(fake.state.entities.leads.get(second?._embedded.leads[0]?.id ?? 0)?.status_id).toBe(
			7000011,
		);
		expect(created[2]?.['_embedded']['companies']).toEqual([]);
		expect(fake.state.waiting()).toHaveLength(3);
	});

	it('requires a top-level array of 1..250 items', async () => {
		const obj = await api.post(`${UNSORTED}/sip`, sipItem());
		expect(obj.status).toBe(400);
		expect(obj.headers['content-type']).toBe('application/problem+json');
		expect(data(obj)).toMatchObject({
			title: 'Bad Request',
			type: 'https://httpstatus.es/400',
			status: 400,
			detail: 'Request validation failed',
		});
		expect((await api.post(`${UNSORTED}/sip`, [])).status).toBe(400);
		expect(
			(
				await api.post(`${UNSORTED}/sip`, 'not json', {
					headers: { 'Content-Type': 'application/json' },
				})
			).status,
		).toBe(400);
		const many = Array.from({ length: 251 }, (_, i) => sipItem({ source_uid: `s${i}` }));
		const tooMany = await api.post(`${UNSORTED}/sip`, many);
		expect(tooMany.status).toBe(400);
		expect(validationErrors(tooMany)[0]?.errors[0]?.code).toBe('TooManyItems');
		expect(fake.state.waiting()).toHaveLength(0);
		expect((await api.post(`${UNSORTED}/sip`, many.slice(0, 250))).status).toBe(200);
		expect(fake.state.waiting()).toHaveLength(250);
	});

	it('collects validation errors of every bad item and creates nothing', async () => {
		const res = await api.post(`${UNSORTED}/sip`, [
			sipItem({ request_id: 'ok', source_uid: 'fine' }),
			sipItem({
				request_id: 'bad-1',
				source_uid: undefined,
				source_name: '',
				metadata: { phone: '1', duration: 3 },
			}),
			sipItem({ _embedded: { companies: [{ name: 'only a company' }] }, pipeline_id: 123 }),
			sipItem({
				source_uid: 'x',
				_embedded: { contacts: [{ name: 42 }], leads: [{ price: 'a lot' }] },
				created_at: 'yesterday',
			}),
		]);
		expect(res.status).toBe(400);
		const groups = validationErrors(res);
		expect(groups.map((g) => g.request_id)).toEqual(['bad-1', '2', '3']);
		const paths = (i: number): string[] => groups[i]?.errors.map((e) => e.path) ?? [];
		expect(groups[0]?.errors).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ code: 'FieldMissing', path: 'source_uid' }),
				expect.objectContaining({ code: 'FieldIsEmpty', path: 'source_name' }),
				expect.objectContaining({ code: 'FieldMissing', path: 'metadata.called_at' }),
				expect.objectContaining({ code: 'FieldMissing', path: 'metadata.service_code' }),
			]),
		);
		expect(paths(1)).toEqual(expect.arrayContaining(['_embedded', 'pipeline_id']));
		expect(paths(2)).toEqual(
			expect.arrayContaining([
				'_embedded.contacts.0.name',
				'_embedded.leads.0.price',
				'created_at',
			]),
		);
		for (const g of groups) for (const e of g.errors) expect(typeof e.detail).toBe('string');
		expect(fake.state.waiting()).toHaveLength(0);
		expect(fake.state.entities.leads.size).toBe(0);
	});

	it('requires the category-specific metadata', async () => {
		const res = await api.post(`${UNSORTED}/forms`, [
			formItem({ metadata: { form_id: '1' } }),
			formItem({ metadata: 'x', source_uid: 'b' }),
		]);
		expect(res.status).toBe(400);
		const [first, second] = validationErrors(res);
		expect(first?.errors.map((e) => e.path).sort()).toEqual([
			'metadata.form_name',
			'metadata.form_page',
			'metadata.form_sent_at',
		]);
		expect(second?.errors).toEqual([
			expect.objectContaining({ code: 'InvalidType', path: 'metadata' }),
		]);
		const noMeta = await api.post(`${UNSORTED}/sip`, [sipItem({ metadata: undefined })]);
		expect(validationErrors(noMeta)[0]?.errors[0]).toMatchObject({
			code: 'FieldMissing',
			path: 'metadata',
		});
	});

	it('refuses duplicates of waiting leads and within one request, but not of sorted ones', async () => {
		expect((await api.post(`${UNSORTED}/sip`, [sipItem()])).status).toBe(200);
		const again = await api.post(`${UNSORTED}/sip`, [sipItem({ request_id: 'r' })]);
		expect(again.status).toBe(400);
		expect(validationErrors(again)[0]).toMatchObject({
			request_id: 'r',
			errors: [{ code: 'Duplicate', path: 'source_uid' }],
		});
		expect(validationErrors(again)[0]?.errors[0]?.detail).toMatch(/already exists/);
		// is_call_event_needed is not stored, so it does not make an item different.
		const withoutFlag = sipItem();
		delete (withoutFlag['metadata'] as Json)['is_call_event_needed'];
		expect((await api.post(`${UNSORTED}/sip`, [withoutFlag])).status).toBe(400);
		// Different metadata or category is a different entity.
		expect(
			(
				await api.post(`${UNSORTED}/sip`, [
					sipItem({ metadata: { ...sipItem()['metadata'], duration: 55 } }),
				])
			).status,
		).toBe(200);

		const inRequest = await api.post(`${UNSORTED}/forms`, [
			formItem({ request_id: 'a' }),
			formItem({ request_id: 'b' }),
		]);
		expect(inRequest.status).toBe(400);
		expect(validationErrors(inRequest).map((g) => g.request_id)).toEqual(['b']);

		const [waiting] = fake.state.waiting();
		fake.state.decline(waiting?.uid ?? '');
		expect(
			(
				await api.post(`${UNSORTED}/sip`, [
					sipItem({ metadata: { ...sipItem()['metadata'], duration: 55 } }),
				])
			).status,
		).toBe(200);
	});

	it('refuses a non-string request_id', async () => {
		const res = await api.post(`${UNSORTED}/sip`, [sipItem({ request_id: 7 })]);
		expect(res.status).toBe(400);
		expect(validationErrors(res)[0]?.errors[0]).toMatchObject({
			code: 'InvalidType',
			path: 'request_id',
		});
	});
});

describe('accept / decline / link', () => {
	it('accepts: removes from the list, moves the lead, answers like the spec', async () => {
		const lead = addLead({ _embedded: { contacts: [{ name: 'C' }], leads: [{ name: 'L' }] } });
		const res = await api.post(`${UNSORTED}/${lead.uid}/accept`, {
			user_id: 8375357,
			status_id: 58141811,
		});
		expect(res.status).toBe(200);
		expect(data(res)).toEqual({
			uid: lead.uid,
			pipeline_id: MAIN_PIPELINE_ID,
			category: 'forms',
			created_at: lead.created_at,
			_embedded: {
				leads: lead._embedded.leads,
				contacts: [
					{
						id: lead._embedded.contacts[0]?.id,
						is_deleted: false,
						is_unsorted: false,
						_links: lead._embedded.contacts[0]?._links,
					},
				],
				companies: [],
			},
		});
		expect(fake.state.get(lead.uid)).toBeUndefined();
		expect(fake.state.record(lead.uid)).toMatchObject({
			status: 'accepted',
			sorted_by: 8375357,
			accepted_status_id: 58141811,
		});
		expect(fake.state.entities.leads.get(lead._embedded.leads[0]?.id ?? 0)).toMatchObject({
			status_id: 58141811,
			is_unsorted: false,
			responsible_user_id: 8375357,
		});
		expect((await api.get(UNSORTED)).status).toBe(204);
		expect((await api.post(`${UNSORTED}/${lead.uid}/accept`)).status).toBe(404);
	});

	it('accepts without a body into the first working stage of the pipeline', async () => {
		const lead = addLead({ pipeline_id: PARTNERS_PIPELINE_ID });
		const res = await api.post(`${UNSORTED}/${lead.uid}/accept`);
		expect(res.status).toBe(200);
		expect(fake.state.entities.leads.get(lead._embedded.leads[0]?.id ?? 0)?.status_id).toBe(
			7000015,
		);
	});

	it('validates user_id and status_id against the account and the lead pipeline', async () => {
		const lead = addLead();
		const res = await api.post(`${UNSORTED}/${lead.uid}/accept`, {
			user_id: 1,
			status_id: 7000015,
		});
		expect(res.status).toBe(400);
		expect(validationErrors(res)[0]?.errors.map((e) => e.path)).toEqual(['user_id', 'status_id']);
		expect((await api.post(`${UNSORTED}/${lead.uid}/accept`, { status_id: 58141803 })).status).toBe(
			400,
		);
		expect(
			(await api.post(`${UNSORTED}/${lead.uid}/accept`, { status_id: '58141807' })).status,
		).toBe(400);
		expect((await api.post(`${UNSORTED}/${lead.uid}/accept`, [1])).status).toBe(400);
		expect(fake.state.get(lead.uid)).toBeDefined();
		const unknown = await api.post(`${UNSORTED}/${'a'.repeat(60)}/accept`, {});
		expect(unknown.status).toBe(404);
		expect(data(unknown)['detail']).toContain('a'.repeat(60));
		expect((await api.get(`${UNSORTED}/${lead.uid}/accept`)).status).toBe(405);
	});

	it('declines with DELETE only', async () => {
		const lead = addLead({
			category: 'sip',
			_embedded: { contacts: [{ name: 'C' }], companies: [{ name: 'Co' }] },
		});
		expect((await api.post(`${UNSORTED}/${lead.uid}/decline`, {})).status).toBe(405);
		expect((await api.get(`${UNSORTED}/${lead.uid}/decline`)).status).toBe(405);
		expect(
			(await api.delete(`${UNSORTED}/${lead.uid}/decline`, { data: { user_id: 99 } })).status,
		).toBe(400);
		const res = await api.delete(`${UNSORTED}/${lead.uid}/decline`, { data: { user_id: 8375360 } });
		expect(res.status).toBe(200);
		expect(data(res)).toMatchObject({
			uid: lead.uid,
			category: 'sip',
			pipeline_id: MAIN_PIPELINE_ID,
			created_at: lead.created_at,
		});
		expect(data(res)['_embedded']['contacts'][0]).toMatchObject({
			is_deleted: false,
			is_unsorted: false,
		});
		expect(data(res)['_embedded']['companies']).toHaveLength(1);
		expect(fake.state.record(lead.uid)).toMatchObject({ status: 'declined', sorted_by: 8375360 });
		expect(fake.state.entities.leads.get(lead._embedded.leads[0]?.id ?? 0)?.is_deleted).toBe(true);
		expect((await api.delete(`${UNSORTED}/${lead.uid}/decline`)).status).toBe(404);
	});

	it('links chats only, with a validated link object', async () => {
		const chat = addLead({ category: 'chats' });
		const form = addLead({ category: 'forms' });
		const missing = await api.post(`${UNSORTED}/${chat.uid}/link`, {});
		expect(missing.status).toBe(400);
		expect(validationErrors(missing)[0]?.errors[0]).toMatchObject({
			code: 'FieldMissing',
			path: 'link',
		});
		const invalid = await api.post(`${UNSORTED}/${chat.uid}/link`, {
			link: { entity_id: 'x', entity_type: 'contacts' },
		});
		expect(validationErrors(invalid)[0]?.errors.map((e) => e.path)).toEqual([
			'link.entity_id',
			'link.entity_type',
		]);
		const notChat = await api.post(`${UNSORTED}/${form.uid}/link`, {
			link: { entity_id: 152464, entity_type: 'leads' },
		});
		expect(notChat.status).toBe(400);
		expect(data(notChat)['detail']).toMatch(/only available for .*chats/);
		expect(
			(await api.post(`${UNSORTED}/nope/link`, { link: { entity_id: 1, entity_type: 'leads' } }))
				.status,
		).toBe(404);

		const res = await api.post(`${UNSORTED}/${chat.uid}/link`, {
			user_id: 8375357,
			link: { entity_id: 152464, entity_type: 'leads', metadata: { contact_id: 42 } },
		});
		expect(res.status).toBe(200);
		expect(data(res)).toEqual({
			uid: chat.uid,
			_embedded: {
				leads: [{ id: 152464, _links: { self: { href: `${fake.url}/api/v4/leads/152464` } } }],
				contacts: [{ id: 42, _links: { self: { href: `${fake.url}/api/v4/contacts/42` } } }],
				customers: [],
			},
		});
		expect(fake.state.get(chat.uid)).toBeUndefined();
		expect(fake.state.record(chat.uid)).toMatchObject({
			status: 'linked',
			link: { entity_id: 152464, entity_type: 'leads', contact_id: 42 },
		});

		const chat2 = addLead({ category: 'chats' });
		const toCustomer = await api.post(`${UNSORTED}/${chat2.uid}/link`, {
			link: { entity_id: 7, entity_type: 'customers' },
		});
		expect(data(toCustomer)['_embedded']).toMatchObject({
			leads: [],
			contacts: [],
			customers: [{ id: 7 }],
		});
	});
});

describe('GET /api/v4/leads/unsorted/summary', () => {
	it('counts everything ever added, with accept/decline stats, and is not mistaken for a uid', async () => {
		let now = 10_000;
		fake.state.setClock(() => now);
		const a = addLead({ category: 'forms', created_at: 9_000 });
		const b = addLead({ category: 'sip', created_at: 9_500 });
		const c = addLead({ category: 'chats', created_at: 9_900 });
		addLead({ category: 'forms', created_at: 9_990, pipeline_id: PARTNERS_PIPELINE_ID });
		const e = addLead({ category: 'chats', created_at: 9_995 });
		now = 10_000;
		await api.post(`${UNSORTED}/${a.uid}/accept`, {}); // 1000 s
		now = 10_500;
		await api.delete(`${UNSORTED}/${b.uid}/decline`); // 1000 s
		now = 12_900;
		await api.post(`${UNSORTED}/${c.uid}/accept`, {}); // 3000 s
		await api.post(`${UNSORTED}/${e.uid}/link`, { link: { entity_id: 1, entity_type: 'leads' } });

		const res = await api.get(`${UNSORTED}/summary`);
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('application/hal+json');
		expect(data(res)).toEqual({
			total: 5,
			accepted: 2,
			declined: 1,
			average_sort_time: Math.round((1000 + 1000 + 3000) / 3),
			categories: { forms: { total: 2 }, sip: { total: 1 }, chats: { total: 2 } },
		});

		const byPipeline = data(
			await api.get(`${UNSORTED}/summary?filter[pipeline_id]=${PARTNERS_PIPELINE_ID}`),
		);
		expect(byPipeline).toEqual({
			total: 1,
			accepted: 0,
			declined: 0,
			average_sort_time: 0,
			categories: { forms: { total: 1 } },
		});
		expect(data(await api.get(`${UNSORTED}/summary?filter[uid]=${a.uid}`))['total']).toBe(1);
		expect(
			data(await api.get(`${UNSORTED}/summary?filter[uid][]=${a.uid}&filter[uid][]=${b.uid}`))[
				'total'
			],
		).toBe(2);
		expect(data(await api.get(`${UNSORTED}/summary?filter[created_at]=9900`))['total']).toBe(3);
		expect(
			data(
				await api.get(
					`${UNSORTED}/summary?filter[created_at][from]=9500&filter[created_at][to]=9900`,
				),
			)['total'],
		).toBe(2);
		expect((await api.get(`${UNSORTED}/summary?filter[created_at][from]=soon`)).status).toBe(400);
		expect((await api.post(`${UNSORTED}/summary`, {})).status).toBe(405);
	});

	it('returns zeros on an empty account', async () => {
		expect(data(await api.get(`${UNSORTED}/summary`))).toEqual({
			total: 0,
			accepted: 0,
			declined: 0,
			average_sort_time: 0,
			categories: {},
		});
	});
});

describe('pipelines, users, account', () => {
	it('lists pipelines with their statuses', async () => {
		const res = await api.get('/api/v4/leads/pipelines');
		expect(res.status).toBe(200);
		const body = data(res);
		expect(body['_total_items']).toBe(2);
		expect(body['_links']['self']['href']).toBe(`${fake.url}/api/v4/leads/pipelines`);
		const [main, partners] = body['_embedded']['pipelines'] as Json[];
		expect(main).toMatchObject({
			id: 6950551,
			name: 'Sales',
			is_main: true,
			is_unsorted_on: true,
			is_archive: false,
			account_id: 31361463,
		});
		expect((main?.['_embedded']['statuses'] as Json[]).map((s) => [s['id'], s['type']])).toEqual([
			[58141803, 1],
			[58141807, 0],
			[58141811, 0],
			[142, 0],
			[143, 0],
		]);
		expect(main?.['_embedded']['statuses'][1]).toMatchObject({
			name: 'Contacted',
			is_editable: true,
			pipeline_id: 6950551,
			account_id: 31361463,
		});
		expect(typeof main?.['_embedded']['statuses'][1]['color']).toBe('string');
		expect(partners).toMatchObject({ id: 7000001, name: 'Partners', is_main: false });
		expect((partners?.['_embedded']['statuses'] as Json[]).map((s) => s['id'])).toEqual([
			7000011, 7000015, 142, 143,
		]);
	});

	it('gets one pipeline and its statuses, 404 for unknown', async () => {
		expect(data(await api.get('/api/v4/leads/pipelines/7000001'))['name']).toBe('Partners');
		const statuses = data(await api.get('/api/v4/leads/pipelines/6950551/statuses'));
		expect(statuses['_total_items']).toBe(5);
		expect(statuses['_embedded']['statuses']).toHaveLength(5);
		expect(data(await api.get('/api/v4/leads/pipelines/6950551/statuses/58141807'))['name']).toBe(
			'Contacted',
		);
		expect((await api.get('/api/v4/leads/pipelines/1')).status).toBe(404);
		expect((await api.get('/api/v4/leads/pipelines/1/statuses')).status).toBe(404);
	});

	it('pages users and answers 204 past the end', async () => {
		const all = data(await api.get('/api/v4/users'));
		expect(all['_total_items']).toBe(3);
		expect((all['_embedded']['users'] as Json[]).map((u) => u['name'])).toEqual([
			'Anna Admin',
			'Max Manager',
			'Sara Sales',
		]);
		expect(all['_embedded']['users'][0]).toMatchObject({
			id: 8375357,
			email: expect.any(String),
			lang: 'en',
			rights: { is_admin: true },
		});
		expect(all['_embedded']['users'][1]['rights']['is_admin']).toBe(false);
		const p1 = data(await api.get('/api/v4/users?limit=2'));
		expect(p1['_embedded']['users']).toHaveLength(2);
		expect(p1['_links']['next']['href']).toBe(`${fake.url}/api/v4/users?page=2&limit=2`);
		const p2 = data(await api.get('/api/v4/users?limit=2&page=2'));
		expect(p2['_embedded']['users']).toHaveLength(1);
		expect(p2['_links']['next']).toBeUndefined();
		expect((await api.get('/api/v4/users?limit=2&page=3')).status).toBe(204);
		expect((await api.get('/api/v4/users?limit=500')).status).toBe(400);
	});

	it('describes the account', async () => {
		const res = await api.get('/api/v4/account');
		expect(res.status).toBe(200);
		expect(data(res)).toMatchObject({
			id: 31361463,
			subdomain: expect.any(String),
			name: expect.any(String),
			country: 'US',
			currency: 'USD',
		});
	});

	it('honours accountId and subdomain options', async () => {
		const other = await startFakeKommo({
			accountId: 42,
			subdomain: 'acme',
			accessTokens: ['a', 'b'],
		});
		try {
			const res = await client(other.url, 'b').get('/api/v4/account');
			expect(data(res)).toMatchObject({ id: 42, subdomain: 'acme' });
			expect((await client(other.url, 'test-token').get('/api/v4/account')).status).toBe(401);
			expect(other.state.addIncomingLead({ category: 'mail' }).account_id).toBe(42);
		} finally {
			await other.close();
		}
	});
});

describe('OAuth', () => {
	const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';

	async function authorizeCode(): Promise<URL> {
		const res = await anon.get(
			`/oauth?client_id=sandbox-client-id&state=xyz&redirect_uri=${encodeURIComponent(redirectUri)}&mode=post_message`,
		);
		expect(res.status).toBe(302);
		return new URL(res.headers['location'] as string);
	}

	it('redirects straight back with a code, the state and the referer', async () => {
		const location = await authorizeCode();
		expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
		expect(location.searchParams.get('state')).toBe('xyz');
		expect(location.searchParams.get('referer')).toBe(`127.0.0.1:${fake.port}`);
		expect(location.searchParams.get('code')).toMatch(/^def[0-9a-f]+$/);
		const registered = await anon.get('/oauth?client_id=sandbox-client-id&state=s');
		expect(new URL(registered.headers['location'] as string).pathname).toBe(
			'/rest/oauth2-credential/callback',
		);
		expect((await anon.get('/oauth?client_id=unknown')).status).toBe(400);
	});

	it('exchanges a code (form-encoded), then refreshes (JSON + Basic auth)', async () => {
		const code = (await authorizeCode()).searchParams.get('code') ?? '';
		const form = new URLSearchParams({
			client_id: 'sandbox-client-id',
			client_secret: 'sandbox-client-secret',
			grant_type: 'authorization_code',
			code,
			redirect_uri: redirectUri,
		});
		const token = await anon.post('/oauth2/access_token', form.toString(), {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(token.status).toBe(200);
		expect(data(token)).toMatchObject({
			token_type: 'Bearer',
			expires_in: 86400,
			access_token: expect.any(String),
			refresh_token: expect.any(String),
		});
		const accessToken = data(token)['access_token'] as string;
		expect(fake.state.accessTokens.has(accessToken)).toBe(true);
		expect((await client(fake.url, accessToken).get('/api/v4/account')).status).toBe(200);

		const reuse = await anon.post('/oauth2/access_token', form.toString(), {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(reuse.status).toBe(400);
		expect(data(reuse)['hint']).toMatch(/already been used/);

		const basic = Buffer.from('sandbox-client-id:sandbox-client-secret').toString('base64');
		const refreshToken = data(token)['refresh_token'] as string;
		const refreshed = await anon.post(
			'/oauth2/access_token',
			{ grant_type: 'refresh_token', refresh_token: refreshToken, redirect_uri: redirectUri },
			{ headers: { Authorization: `Basic ${basic}` } },
		);
		expect(refreshed.status).toBe(200);
		expect(data(refreshed)['access_token']).not.toBe(accessToken);
		expect(data(refreshed)['refresh_token']).not.toBe(refreshToken);
		expect(
			(await client(fake.url, data(refreshed)['access_token'] as string).get('/api/v4/account'))
				.status,
		).toBe(200);

		const stale = await anon.post('/oauth2/access_token', {
			client_id: 'sandbox-client-id',
			client_secret: 'sandbox-client-secret',
			grant_type: 'refresh_token',
			refresh_token: refreshToken,
		});
		expect(stale.status).toBe(400);
		expect(stale.headers['content-type']).toBe('application/problem+json');
		expect(typeof data(stale)['hint']).toBe('string');
	});

	it('expires OAuth access tokens after expires_in', async () => {
		let now = 1_000_000;
		fake.state.setClock(() => now);
		const code = (await authorizeCode()).searchParams.get('code') ?? '';
		const token = await anon.post('/oauth2/access_token', {
			client_id: 'sandbox-client-id',
			client_secret: 'sandbox-client-secret',
			grant_type: 'authorization_code',
			code,
			redirect_uri: redirectUri,
		});
		const oauthApi = client(fake.url, data(token)['access_token'] as string);
		expect((await oauthApi.get('/api/v4/account')).status).toBe(200);
		now += 86400;
		expect((await oauthApi.get('/api/v4/account')).status).toBe(401);
	});

	it('refuses bad client credentials, grant types and redirect_uri mismatches', async () => {
		const code = (await authorizeCode()).searchParams.get('code') ?? '';
		const base = {
			client_id: 'sandbox-client-id',
			client_secret: 'sandbox-client-secret',
			grant_type: 'authorization_code',
			code,
			redirect_uri: redirectUri,
		};
		const cases = [
			{ ...base, client_secret: 'wrong' },
			{ ...base, grant_type: 'password' },
			{ ...base, code: undefined },
		];
		for (const body of cases) {
			const res = await anon.post('/oauth2/access_token', body);
			expect(res.status).toBe(400);
			expect(data(res)['detail']).toEqual(expect.any(String));
			expect(data(res)['hint']).toEqual(expect.any(String));
		}
		const mismatch = await anon.post('/oauth2/access_token', {
			...base,
			redirect_uri: 'http://elsewhere/cb',
		});
		expect(mismatch.status).toBe(400);
		expect(data(mismatch)['hint']).toMatch(/redirect_uri/);
		expect((await anon.get('/oauth2/access_token')).status).toBe(405);
	});
});

describe('fault injection', () => {
	it('answers the injected status/body/headers the given number of times', async () => {
		addLead();
		fake.injectFault({
			method: 'GET',
			path: UNSORTED,
			status: 503,
			body: { title: 'Service Unavailable', status: 503 },
			headers: { 'X-Fault': 'yes' },
			times: 2,
		});
		const first = await api.get(UNSORTED);
		expect(first.status).toBe(503);
		expect(first.headers['x-fault']).toBe('yes');
		expect(data(first)).toEqual({ title: 'Service Unavailable', status: 503 });
		expect((await api.get(UNSORTED)).status).toBe(503);
		expect((await api.get(UNSORTED)).status).toBe(200);
	});

	it('lets afterMatches requests through first and matches paths by RegExp and method', async () => {
		const lead = addLead();
		fake.injectFault({
			path: /\/accept$/,
			method: 'post',
			status: 429,
			afterMatches: 1,
			headers: { 'Retry-After': '2' },
		});
		expect((await api.get(`${UNSORTED}/${lead.uid}`)).status).toBe(200);
		const before = await api.post(`${UNSORTED}/${'b'.repeat(60)}/accept`);
		expect(before.status).toBe(404);
		const hit = await api.post(`${UNSORTED}/${lead.uid}/accept`);
		expect(hit.status).toBe(429);
		expect(hit.headers['retry-after']).toBe('2');
		expect(data(hit)).toMatchObject({ status: 429 });
		expect(fake.state.get(lead.uid)).toBeDefined();
		expect((await api.post(`${UNSORTED}/${lead.uid}/accept`)).status).toBe(200);
	});

	it('applies before authentication and can drop the connection', async () => {
		fake.injectFault({ path: '/api/v4/account', status: 500 });
		expect((await anon.get('/api/v4/account')).status).toBe(500);
		fake.injectFault({ path: '/api/v4/account', status: 0, destroySocket: true });
		await expect(api.get('/api/v4/account')).rejects.toThrow();
		expect(fake.requests.at(-1)).toMatchObject({ path: '/api/v4/account', status: 0 });
		expect((await api.get('/api/v4/account')).status).toBe(200);
		fake.injectFault({ status: 502, times: 5 });
		fake.clearFaults();
		expect((await api.get('/api/v4/account')).status).toBe(200);
	});
});

describe('request log', () => {
	it('records every request with bracket-form query, parsed body and answered status', async () => {
		await anon.get(
			`${UNSORTED}?page=2&filter[category][]=sip&filter[category][]=forms&order[created_at]=asc&filter[uid]=u%20v`,
		);
		await api.post(`${UNSORTED}/sip`, [sipItem()], { headers: { 'X-Trace': 't1' } });
		await api.post('/oauth2/access_token', 'a=1&b=2', {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		const [list, add, token] = fake.requests;
		expect(list).toMatchObject({
			method: 'GET',
			path: UNSORTED,
			rawQuery:
				'page=2&filter[category][]=sip&filter[category][]=forms&order[created_at]=asc&filter[uid]=u v',
			query: {
				page: '2',
				'filter[category][]': ['sip', 'forms'],
				'order[created_at]': 'asc',
				'filter[uid]': 'u v',
			},
			body: undefined,
			status: 401,
		});
		expect(add).toMatchObject({
			method: 'POST',
			path: `${UNSORTED}/sip`,
			status: 200,
			body: [sipItem()],
		});
		expect(add?.headers['x-trace']).toBe('t1');
		expect(add?.headers['authorization']).toBe('Bearer test-token');
		expect(token).toMatchObject({ body: 'a=1&b=2', status: 400 });
		fake.clearRequests();
		expect(fake.requests).toHaveLength(0);
	});

	it('keeps a single-value bracket array as an array', async () => {
		await api.get(`${UNSORTED}?filter[category][]=mail&filter[uid][0]=x`);
		expect(fake.requests[0]?.query).toEqual({
			'filter[category][]': ['mail'],
			'filter[uid][0]': 'x',
		});
	});
});

describe('rate limit', () => {
	it('answers 429 with retry_after past N requests per second, then recovers', async () => {
		const limited = await startFakeKommo({ rateLimitPerSecond: 3 });
		try {
			const c = client(limited.url, 'test-token');
			const results = await Promise.all(Array.from({ length: 5 }, () => c.get('/api/v4/account')));
			const statuses = results.map((r) => r.status).sort();
			expect(statuses).toEqual([200, 200, 200, 429, 429]);
			const tooMany = results.find((r) => r.status === 429);
			expect(tooMany?.headers['retry-after']).toBe('1');
			expect(tooMany?.headers['content-type']).toBe('application/problem+json');
			expect(data(tooMany as AxiosResponse)).toMatchObject({ status: 429, retry_after: 1 });
			expect(limited.requests.filter((r) => r.status === 429)).toHaveLength(2);
			await new Promise((r) => setTimeout(r, 1100));
			expect((await c.get('/api/v4/account')).status).toBe(200);
		} finally {
			await limited.close();
		}
	});

	it('blocks the account (403 on every request) after N answers of 429 within the window, and counts it', async () => {
		const limited = await startFakeKommo({
			rateLimitPerSecond: 2,
			blockAfter429s: { after429s: 3, withinMs: 60_000 },
		});
		try {
			const c = client(limited.url, 'test-token');
			const first = await Promise.all(Array.from({ length: 4 }, () => c.get('/api/v4/account')));
			expect(first.map((r) => r.status).sort()).toEqual([200, 200, 429, 429]);
			expect(limited.traffic()).toMatchObject({ requests: 4, rateLimited: 2, blocked: false });
			// The third 429 within the minute blocks the account; from then on every answer is 403.
			await Promise.all(Array.from({ length: 3 }, () => c.get('/api/v4/account')));
			await new Promise((r) => setTimeout(r, 1100));
			const after = await c.get('/api/v4/account');
			expect(after.status).toBe(403);
			expect(data(after)).toMatchObject({ status: 403 });
			const traffic = limited.traffic();
			expect(traffic).toMatchObject({ requests: 8, blocked: true });
			expect(traffic.rateLimited).toBeGreaterThanOrEqual(3);
			expect(traffic.blockedAnswers).toBeGreaterThanOrEqual(1);
			expect(traffic.peakPerSecond).toBe(7);
			limited.unblock();
			expect((await c.get('/api/v4/account')).status).toBe(200);
		} finally {
			await limited.close();
		}
	});
});

describe('state', () => {
	it('adds any category with generated ids and defaults, and resets', () => {
		fake.state.setClock(() => 1234);
		const chat = fake.state.addIncomingLead({
			category: 'chats',
			metadata: { client: { name: 'Mia', avatar: null } },
		});
		const mail = fake.state.addIncomingLead({
			category: 'mail',
			pipeline_id: PARTNERS_PIPELINE_ID,
			created_at: 99,
		});
		expect(chat).toMatchObject({
			category: 'chats',
			created_at: 1234,
			pipeline_id: MAIN_PIPELINE_ID,
			source_uid: null,
			account_id: 31361463,
		});
		expect(chat._embedded.leads[0]?.id).toBe(100000);
		expect(chat._embedded.contacts[0]?.id).toBe(500000);
		expect(fake.state.entities.contacts.get(500000)?.name).toBe('Mia');
		expect(mail._embedded.leads[0]?.id).toBe(100001);
		expect(mail._links.self.href).toBe(`${fake.url}${UNSORTED}/${mail.uid}`);
		expect(() => fake.state.addIncomingLead({ category: 'sip', pipeline_id: 1 })).toThrow(
			/pipeline/,
		);
		expect(fake.state.users.map((u) => u.id)).toEqual([8375357, 8375360, 8375363]);
		expect(fake.state.oauthClients[0]).toMatchObject({
			client_id: 'sandbox-client-id',
			client_secret: 'sandbox-client-secret',
		});
		expect(fake.state.now()).toBe(1234);

		fake.state.accessTokens.add('extra');
		fake.state.reset();
		expect(fake.state.waiting()).toHaveLength(0);
		expect(fake.state.accessTokens.has('extra')).toBe(false);
		expect(fake.state.addIncomingLead({ category: 'forms' })._embedded.leads[0]?.id).toBe(100000);
	});

	it('waiting() returns copies that do not alter the account', () => {
		const lead = addLead();
		const [copy] = fake.state.waiting();
		if (copy) copy.pipeline_id = 1;
		expect(fake.state.get(lead.uid)?.pipeline_id).toBe(MAIN_PIPELINE_ID);
	});
});

describe('seed', () => {
	it('fills all four categories across both pipelines, spread over recent days', async () => {
		const seeded = await startFakeKommo({ seed: true });
		try {
			const leads = seeded.state.waiting();
			const categories = new Set(leads.map((l) => l.category));
			expect([...categories].sort()).toEqual(['chats', 'forms', 'mail', 'sip']);
			expect(leads.filter((l) => l.category === 'chats')).toHaveLength(2);
			expect(leads.filter((l) => l.category === 'mail')).toHaveLength(2);
			expect(new Set(leads.map((l) => l.pipeline_id))).toEqual(
				new Set([MAIN_PIPELINE_ID, PARTNERS_PIPELINE_ID]),
			);
			const now = Math.floor(Date.now() / 1000);
			for (const l of leads) {
				expect(l.created_at).toBeLessThanOrEqual(now);
				expect(l.created_at).toBeGreaterThan(now - 7 * 86400);
				expect(l._links.self.href.startsWith(seeded.url)).toBe(true);
			}
			const res = await client(seeded.url, 'test-token').get(`${UNSORTED}?limit=250`);
			expect(data(res)['_embedded']['unsorted']).toHaveLength(leads.length);
			seeded.state.reset();
			expect(seeded.state.waiting()).toHaveLength(leads.length);
		} finally {
			await seeded.close();
		}
	});
});
