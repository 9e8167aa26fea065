import { NodeOperationError } from 'n8n-workflow';

import { credentialStore, runKommoNode } from '../helpers/n8n-harness';
import { KINDS, useFakeKommo } from './use-fake-kommo';

const { fake, apiRequests } = useFakeKommo();

describe.each(KINDS)('single incoming lead operations (%s)', (kind) => {
	const run = (
		operation: string,
		parameters: Record<string, unknown>,
		extra: { continueOnFail?: boolean; items?: number } = {},
	) =>
		runKommoNode({
			kind,
			store: credentialStore(kind, fake().url),
			parameters: { resource: 'incomingLead', operation, ...parameters } as never,
			continueOnFail: extra.continueOnFail,
			items: extra.items
				? Array.from({ length: extra.items }, (_, i) => ({ json: { i } }))
				: undefined,
		});

	describe('get', () => {
		it('GETs /api/v4/leads/unsorted/{uid} and returns the model', async () => {
			const lead = fake().state.addIncomingLead({ category: 'chats' });
			const [item] = await run('get', { uid: ` ${lead.uid} ` });
			expect(item.json).toEqual(JSON.parse(JSON.stringify(lead)));
			expect(apiRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
				`GET /api/v4/leads/unsorted/${lead.uid}`,
			]);
		});

		it('says which UID was not found', async () => {
			const uid = 'ab'.repeat(30);
			await expect(run('get', { uid })).rejects.toThrow(
				`Incoming lead "${uid}" was not found (404)`,
			);
		});

		it.each([
			['', '"Incoming Lead UID" is empty'],
			['../../account', '"Incoming Lead UID" is not an incoming lead UID'],
			['abc?x=1', '"Incoming Lead UID" is not an incoming lead UID'],
			[
				'summary',
				'"Incoming Lead UID" is not an incoming lead UID: "summary" is a word of Kommo\'s API path',
			],
			[
				'forms',
				'"Incoming Lead UID" is not an incoming lead UID: "forms" is a word of Kommo\'s API path',
			],
			[
				'SIP',
				'"Incoming Lead UID" is not an incoming lead UID: "SIP" is a word of Kommo\'s API path',
			],
			['abc', '"Incoming Lead UID" is not an incoming lead UID: "abc"'],
		])('rejects UID %j before any request', async (uid, message) => {
			await expect(run('get', { uid })).rejects.toThrow(message);
			expect(apiRequests()).toHaveLength(0);
		});
	});

	describe('accept', () => {
		it('POSTs user and stage as integers and the lead leaves the list', async () => {
			const lead = fake().state.addIncomingLead({ category: 'forms' });
			const [item] = await run('accept', {
				uid: lead.uid,
				acceptOptions: { userId: '8375357', statusId: 58141807 },
			});
			const [request] = apiRequests();
			expect(request.method).toBe('POST');
			expect(request.path).toBe(`/api/v4/leads/unsorted/${lead.uid}/accept`);
			expect(request.body).toEqual({ user_id: 8375357, status_id: 58141807 });
			expect(item.json.uid).toBe(lead.uid);
			expect(fake().state.waiting()).toHaveLength(0);
		});

		it('accepts with no options', async () => {
			const lead = fake().state.addIncomingLead({ category: 'sip' });
			await run('accept', { uid: lead.uid });
			expect(apiRequests()[0].body ?? {}).toEqual({});
			expect(fake().state.waiting()).toHaveLength(0);
		});

		it('names a non-numeric stage before any request', async () => {
			const lead = fake().state.addIncomingLead({ category: 'sip' });
			await expect(
				run('accept', { uid: lead.uid, acceptOptions: { statusId: 'won' } }),
			).rejects.toThrow('"Stage" must be a Kommo ID (a positive whole number), got "won"');
			expect(apiRequests()).toHaveLength(0);
		});

		it("carries Kommo's validation errors for a stage of another pipeline", async () => {
			const lead = fake().state.addIncomingLead({ category: 'sip' });
			await expect(
				run('accept', { uid: lead.uid, acceptOptions: { statusId: 7000011 } }),
			).rejects.toThrow(/^Kommo rejected the request: status_id: /);
		});
	});

	describe('decline', () => {
		it('uses DELETE, sends the user and the lead leaves the list', async () => {
			const lead = fake().state.addIncomingLead({ category: 'mail' });
			const [item] = await run('decline', { uid: lead.uid, declineOptions: { userId: 8375360 } });
			expect(apiRequests().map((r) => [r.method, r.path, r.body])).toEqual([
				['DELETE', `/api/v4/leads/unsorted/${lead.uid}/decline`, { user_id: 8375360 }],
			]);
			expect(item.json.uid).toBe(lead.uid);
			expect(fake().state.record(lead.uid)?.status).toBe('declined');
		});
	});

	describe('link', () => {
		it('links a chat incoming lead to a lead, with contact and user', async () => {
			const lead = fake().state.addIncomingLead({ category: 'chats' });
			const [item] = await run('link', {
				uid: lead.uid,
				entityType: 'leads',
				entityId: '152464',
				linkOptions: { contactId: '583308', userId: 8375357 },
			});
			const [request] = apiRequests();
			expect([request.method, request.path]).toEqual([
				'POST',
				`/api/v4/leads/unsorted/${lead.uid}/link`,
			]);
			expect(request.body).toEqual({
				user_id: 8375357,
				link: { entity_type: 'leads', entity_id: 152464, metadata: { contact_id: 583308 } },
			});
			expect(item.json.uid).toBe(lead.uid);
		});

		it("explains Kommo's refusal to link a non-chat incoming lead", async () => {
			const lead = fake().state.addIncomingLead({ category: 'forms' });
			await expect(
				run('link', { uid: lead.uid, entityType: 'customers', entityId: 5 }),
			).rejects.toThrow(/chats/);
		});

		it('requires the entity ID before any request', async () => {
			const lead = fake().state.addIncomingLead({ category: 'chats' });
			await expect(
				run('link', { uid: lead.uid, entityType: 'leads', entityId: '' }),
			).rejects.toThrow('"Entity ID" must be a Kommo ID');
			expect(apiRequests()).toHaveLength(0);
		});
	});

	describe('getSummary', () => {
		it('sends pipeline and a created_at range and returns the summary object', async () => {
			const state = fake().state;
			const a = state.addIncomingLead({ category: 'sip', created_at: 1_700_000_100 });
			state.addIncomingLead({ category: 'forms', created_at: 1_700_000_200 });
			state.addIncomingLead({ category: 'forms', created_at: 1_600_000_000 });
			state.accept(a.uid);
			const [item] = await run('getSummary', {
				filters: {
					pipelineId: '6950551',
					createdFrom: '2023-11-14T22:13:20Z',
					createdTo: 1_700_000_300,
				},
			});
			expect(apiRequests()[0].rawQuery).toBe(
				'filter[pipeline_id]=6950551&filter[created_at][from]=1700000000&filter[created_at][to]=1700000300',
			);
			expect(item.json).toMatchObject({
				total: 2,
				accepted: 1,
				declined: 0,
				categories: { sip: { total: 1 }, forms: { total: 1 } },
			});
		});

		it('sends one moment as filter[created_at] and UIDs', async () => {
			const lead = fake().state.addIncomingLead({ category: 'sip', created_at: 1_700_000_100 });
			await run('getSummary', { filters: { createdSince: 1_700_000_000, uids: lead.uid } });
			expect(apiRequests()[0].rawQuery).toBe(
				`filter[uid]=${lead.uid}&filter[created_at]=1700000000`,
			);
		});

		it('refuses a moment combined with a range', async () => {
			await expect(
				run('getSummary', { filters: { createdSince: 1, createdTo: 2 } }),
			).rejects.toThrow('"Created Since" cannot be combined');
			expect(apiRequests()).toHaveLength(0);
		});
	});

	describe('continueOnFail and pairedItem', () => {
		it('gives the error on the failing item and goes on with the others', async () => {
			const [a, c] = [
				fake().state.addIncomingLead({ category: 'forms' }),
				fake().state.addIncomingLead({ category: 'forms' }),
			];
			const parameters = {
				uid: `={{ [${JSON.stringify(a.uid)}, "", ${JSON.stringify(c.uid)}][$itemIndex] }}`,
			};
			const items = await run('accept', parameters, { continueOnFail: true, items: 3 });
			expect(items).toHaveLength(3);
			expect(items[0].json.uid).toBe(a.uid);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(items[1].error).toBeInstanceOf(NodeOperationError);
			expect(items[1].error?.message).toBe('"Incoming Lead UID" is empty');
			expect(items[2].json.uid).toBe(c.uid);
			expect(items[2].pairedItem).toEqual({ item: 2 });
			expect(apiRequests()).toHaveLength(2);
		});
	});
});
