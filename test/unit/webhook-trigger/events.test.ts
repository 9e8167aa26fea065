import type { IDataObject } from 'n8n-workflow';

import {
	DEDUP_CAPACITY,
	eventKey,
	keepFirstDeliveries,
} from '../../../nodes/KommoWebhookTrigger/dedup';
import { eventEntries, hookCodesFor } from '../../../nodes/KommoWebhookTrigger/events';
import { eventItem, matchesFilters } from '../../../nodes/KommoWebhookTrigger/entry-items';
import { parseFormBody } from '../../../nodes/KommoWebhookTrigger/form-body';
import { toKommoForm } from '../../fake-kommo/webhook-form';

const parsed = parseFormBody(
	toKommoForm({
		unsorted: {
			add: [
				{
					uid: 'a1',
					category: 'forms',
					pipeline_id: 3,
					created_at: 1700000000,
					lead_id: 11,
					source_data: { form_name: 'Site' },
				},
			],
			update: [{ uid: 'u1', category: 'sip', pipeline_id: 3 }],
			delete: [
				{
					uid: 'd1',
					action: 'accept',
					category: 'forms',
					pipeline_id: 3,
					accept_result: { leads: [21], contacts: [31], companies: [41] },
				},
				{ uid: 'd2', action: 'decline', category: 'chats', pipeline_id: 4 },
				{
					uid: 'd3',
					action: 'link',
					category: 'mail',
					pipeline_id: 3,
					link_result: { leads: [51] },
				},
				{ uid: 'd4', action: 'something-new' },
			],
		},
		account: { id: 1, subdomain: 'acme' },
	}),
);
if ('problem' in parsed) throw new Error(parsed.problem);
const body = parsed.body;

describe('event/action mapping', () => {
	it('maps add/update and splits delete by its action; unknown actions are skipped', () => {
		expect(eventEntries(body).map((e) => [e.event, e.entry.uid])).toEqual([
			['added', 'a1'],
			['updated', 'u1'],
			['accepted', 'd1'],
			['declined', 'd2'],
			['linked', 'd3'],
		]);
	});

	it('subscribes only the codes the chosen events need, each once', () => {
		expect(hookCodesFor(['accepted', 'linked'])).toEqual(['delete_unsorted']);
		expect(hookCodesFor(['added', 'declined', 'accepted'])).toEqual([
			'add_unsorted',
			'delete_unsorted',
		]);
		expect(hookCodesFor(['updated'])).toEqual(['update_unsorted']);
	});
});

describe('filters', () => {
	const lead = (category?: string, pipeline_id?: number): IDataObject => ({
		category,
		pipeline_id,
	});
	it('checks categories and pipeline; missing fields pass only when lenient', () => {
		const filters = { categories: ['forms', 'sip'], pipelineId: 3 };
		expect(matchesFilters(filters, lead('forms', 3))).toBe(true);
		expect(matchesFilters(filters, lead('chats', 3))).toBe(false);
		expect(matchesFilters(filters, lead('sip', 4))).toBe(false);
		expect(matchesFilters(filters, lead(undefined, 3))).toBe(false);
		expect(matchesFilters(filters, lead(undefined, undefined), true)).toBe(true);
		expect(matchesFilters({ categories: [] }, lead('mail', 99))).toBe(true);
	});
});

describe('items', () => {
	const [added, , accepted, declined, linked] = eventEntries(body);
	it("simplified output: the polling trigger's fields plus event", () => {
		expect(eventItem(added!, 'simplified', 'https://acme.kommo.com')).toEqual({
			event: 'added',
			uid: 'a1',
			category: 'forms',
			source_name: null,
			source_uid: null,
			pipeline_id: 3,
			created_at: '2023-11-14T22:13:20.000Z',
			created_at_unix: 1700000000,
			form_name: 'Site',
			contact_id: null,
			lead_id: 11,
			company_id: null,
			kommo_url: 'https://acme.kommo.com/leads/detail/11',
		});
	});

	it('accepted and linked carry the IDs they became; declined none', () => {
		expect(eventItem(accepted!, 'simplified', 'https://x')).toMatchObject({
			event: 'accepted',
			result_lead_ids: [21],
			result_contact_ids: [31],
			result_company_ids: [41],
			kommo_url: 'https://x/leads/detail/21',
		});
		expect(eventItem(linked!, 'simplified', 'https://x')).toMatchObject({
			event: 'linked',
			result_lead_ids: [51],
		});
		expect(eventItem(declined!, 'simplified', 'https://x')).not.toHaveProperty('result_lead_ids');
	});

	it('a fetched lead replaces the entry in simplified output and is attached in raw output', () => {
		const full = {
			uid: 'a1',
			category: 'forms',
			pipeline_id: 3,
			created_at: 1,
			metadata: { ip: '1.2.3.4' },
			_embedded: { contacts: [{ id: 9 }] },
		};
		expect(eventItem(added!, 'simplified', 'https://x', full)).toMatchObject({
			ip: '1.2.3.4',
			contact_id: 9,
		});
		expect(eventItem(added!, 'raw', 'https://x', full)).toEqual({
			event: 'added',
			entry: added!.entry,
			lead: full,
		});
	});
});

describe('dedup of repeated deliveries', () => {
	it('emits an event once however often Kommo repeats it; edits with new content are new events', () => {
		const entries = eventEntries(body);
		const first = keepFirstDeliveries([], entries);
		expect(first.fresh).toHaveLength(5);
		const again = keepFirstDeliveries(first.seen, eventEntries(body));
		expect(again.fresh).toHaveLength(0);
		const edited = { event: 'updated' as const, entry: { uid: 'u1', category: 'mail' } };
		expect(keepFirstDeliveries(again.seen, [edited, edited]).fresh).toEqual([edited]);
	});

	it('accepting a lead is a different event from adding it', () => {
		expect(eventKey({ event: 'added', entry: { uid: 'x' } })).not.toBe(
			eventKey({ event: 'accepted', entry: { uid: 'x' } }),
		);
	});

	it('stays bounded, forgetting the oldest keys first', () => {
		const many = Array.from({ length: DEDUP_CAPACITY + 10 }, (_, i) => ({
			event: 'added' as const,
			entry: { uid: `u${i}` },
		}));
		const { seen } = keepFirstDeliveries([], many);
		expect(seen).toHaveLength(DEDUP_CAPACITY);
		expect(keepFirstDeliveries(seen, [many[0]!]).fresh).toHaveLength(1);
		expect(keepFirstDeliveries(seen, [many[DEDUP_CAPACITY + 9]!]).fresh).toHaveLength(0);
	});
});
