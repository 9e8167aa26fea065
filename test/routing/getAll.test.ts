import { NodeOperationError } from 'n8n-workflow';

import { credentialStore, runKommoNode } from '../helpers/n8n-harness';
import { KINDS, useFakeKommo } from './use-fake-kommo';

const { fake, apiRequests } = useFakeKommo();

describe.each(KINDS)('Get Many incoming leads (%s)', (kind) => {
	const run = (parameters: Record<string, unknown>) =>
		runKommoNode({
			kind,
			store: credentialStore(kind, fake().url),
			parameters: { resource: 'incomingLead', operation: 'getAll', ...parameters } as never,
		});

	it('returns one item per incoming lead, not the HAL envelope, with the Bearer token', async () => {
		const a = fake().state.addIncomingLead({ category: 'forms', created_at: 1000 });
		const b = fake().state.addIncomingLead({ category: 'sip', created_at: 2000 });
		const items = await run({ returnAll: true });
		expect(items.map((i) => i.json.uid).sort()).toEqual([a.uid, b.uid].sort());
		expect(items[0].json).toHaveProperty('_embedded.contacts');
		expect(items[0].pairedItem).toEqual({ item: 0 });
		const [request] = apiRequests();
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/api/v4/leads/unsorted');
		expect(request.rawQuery).toBe('page=1&limit=250');
		expect(request.headers.authorization).toBe('Bearer test-token');
	});

	it("sends filters and sort in Kommo's bracket form and gets only matching leads", async () => {
		const state = fake().state;
		const sip = state.addIncomingLead({ category: 'sip', created_at: 10 });
		const form = state.addIncomingLead({ category: 'forms', created_at: 5 });
		state.addIncomingLead({ category: 'chats' });
		state.addIncomingLead({ category: 'sip', pipeline_id: 7000001 });
		const items = await run({
			returnAll: true,
			filters: { categories: ['sip', 'forms'], pipelineId: 6950551 },
			options: { order: 'asc' },
		});
		expect(items.map((i) => i.json.uid)).toEqual([form.uid, sip.uid]);
		expect(apiRequests()[0].rawQuery).toBe(
			'filter[category][]=sip&filter[category][]=forms&filter[pipeline_id]=6950551&order[created_at]=asc&page=1&limit=250',
		);
	});

	it('filters by one UID plainly and by several as a list', async () => {
		const [a, b] = [1, 2].map(() => fake().state.addIncomingLead({ category: 'forms' }));
		fake().state.addIncomingLead({ category: 'forms' });
		expect(
			(await run({ returnAll: true, filters: { uids: a.uid } })).map((i) => i.json.uid),
		).toEqual([a.uid]);
		expect(apiRequests()[0].rawQuery).toBe(`filter[uid]=${a.uid}&page=1&limit=250`);
		const many = await run({ returnAll: true, filters: { uids: `${a.uid}, ${b.uid}` } });
		expect(many.map((i) => i.json.uid).sort()).toEqual([a.uid, b.uid].sort());
		expect(apiRequests()[1].query['filter[uid][]']).toEqual([a.uid, b.uid]);
	});

	it('treats 204 No Content as zero items', async () => {
		expect(await run({ returnAll: true })).toEqual([]);
		expect(apiRequests()[0].status).toBe(204);
	});

	it('follows pages of 250 until the last one', async () => {
		for (let i = 0; i < 520; i++)
			fake().state.addIncomingLead({ category: 'forms', created_at: i });
		const items = await run({ returnAll: true });
		expect(new Set(items.map((i) => i.json.uid)).size).toBe(520);
		expect(apiRequests().map((r) => r.query.page)).toEqual(['1', '2', '3']);
	});

	it('stops at the limit and asks only for what it needs', async () => {
		for (let i = 0; i < 10; i++) fake().state.addIncomingLead({ category: 'forms' });
		const items = await run({ returnAll: false, limit: 3 });
		expect(items).toHaveLength(3);
		expect(apiRequests()).toHaveLength(1);
		expect(apiRequests()[0].rawQuery).toBe('page=1&limit=3');
	});

	it.each([0, -5, 2.5, 'abc', 25_001])('refuses Limit %j before any request', async (limit) => {
		const message = `"Limit" must be a whole number from 1 to 25000, got "${limit}"`;
		await expect(run({ returnAll: false, limit })).rejects.toThrow(message);
		const [item] = await runKommoNode({
			kind,
			store: credentialStore(kind, fake().url),
			parameters: {
				resource: 'incomingLead',
				operation: 'getAll',
				returnAll: false,
				limit,
			} as never,
			continueOnFail: true,
		});
		expect(item.error).toBeInstanceOf(NodeOperationError);
		expect(item.error?.message).toBe(message);
		expect(apiRequests()).toHaveLength(0);
	});

	it('rejects a malformed UID filter before any request', async () => {
		await expect(
			run({ returnAll: true, filters: { uids: `${'ab'.repeat(30)}, ../../account` } }),
		).rejects.toThrow('"UIDs" is not an incoming lead UID: "../../account"');
		expect(apiRequests()).toHaveLength(0);
	});
});
