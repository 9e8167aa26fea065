import { NodeOperationError } from 'n8n-workflow';

import { credentialStore, runKommoNode } from '../helpers/n8n-harness';
import { KINDS, useFakeKommo } from './use-fake-kommo';

const { fake, apiRequests } = useFakeKommo();

const sipJson = (n: number, prefix = 'call') =>
	Array.from({ length: n }, (_, i) => ({
		source_name: 'PBX',
		source_uid: `pbx-${prefix}`,
		metadata: {
			phone: `1415555${String(i).padStart(4, '0')}`,
			from: 'onlinePBX',
			called_at: 1_700_000_000 + i,
			duration: 30,
			service_code: 'svc',
			uniq: `${prefix}-${i}`,
		},
		_embedded: { contacts: [{ name: `Caller ${i}` }] },
	}));

describe.each(KINDS)('create incoming leads (%s)', (kind) => {
	const run = (operation: string, parameters: Record<string, unknown>, items?: number) =>
		runKommoNode({
			kind,
			store: credentialStore(kind, fake().url),
			parameters: { resource: 'incomingLead', operation, ...parameters } as never,
			items: items ? Array.from({ length: items }, (_, i) => ({ json: { i } })) : undefined,
		});

	it('Create From Call (fields) posts a one-element array with sip metadata, contact and lead', async () => {
		const [item] = await run('createSip', {
			inputMode: 'fields',
			sourceName: 'My PBX',
			sourceUid: 'pbx-line-1',
			phone: '14155551234',
			callFrom: 'onlinePBX',
			duration: 54,
			serviceCode: 'CkAvbEwPam6sad',
			contactName: 'Jane Doe',
			contactFields: { phone: '+14155551234', email: 'jane@example.com' },
			leadFields: {
				name: 'Call from Jane',
				price: 5000,
				tags: 'phone, hot',
				customFields: { field: [{ fieldId: 184994, value: 'yes' }] },
			},
			metadataFields: {
				calledAt: '2017-11-09T21:00:00Z',
				recordingLink: 'https://example.com/r.mp3',
				addCallEvent: true,
				callUid: 'call-1',
			},
			additionalFields: {
				pipelineId: 7000001,
				createdAt: 1_510_261_200,
				companyName: 'Acme Co.',
				requestId: 'row-7',
			},
		});
		const [request] = apiRequests();
		expect([request.method, request.path]).toEqual(['POST', '/api/v4/leads/unsorted/sip']);
		expect(request.body).toEqual([
			{
				request_id: 'row-7',
				source_name: 'My PBX',
				source_uid: 'pbx-line-1',
				pipeline_id: 7000001,
				created_at: 1_510_261_200,
				metadata: {
					phone: '14155551234',
					from: 'onlinePBX',
					duration: 54,
					service_code: 'CkAvbEwPam6sad',
					called_at: 1_510_261_200,
					link: 'https://example.com/r.mp3',
					uniq: 'call-1',
					is_call_event_needed: true,
				},
				_embedded: {
					contacts: [
						{
							name: 'Jane Doe',
							custom_fields_values: [
								{ field_code: 'PHONE', values: [{ value: '+14155551234', enum_code: 'WORK' }] },
								{ field_code: 'EMAIL', values: [{ value: 'jane@example.com', enum_code: 'WORK' }] },
							],
						},
					],
					leads: [
						{
							name: 'Call from Jane',
							price: 5000,
							custom_fields_values: [{ field_id: 184994, values: [{ value: 'yes' }] }],
							_embedded: { tags: [{ name: 'phone' }, { name: 'hot' }] },
						},
					],
					companies: [{ name: 'Acme Co.' }],
				},
			},
		]);
		const created = fake().state.waiting()[0];
		expect(item.json).toEqual({
			uid: created.uid,
			request_id: 'row-7',
			account_id: created.account_id,
			lead_id: created._embedded.leads[0].id,
			contact_id: created._embedded.contacts[0].id,
			company_id: created._embedded.companies[0].id,
		});
	});

	it('Create From Form (fields) sends form metadata, defaults form_sent_at to now and request_id to the item index', async () => {
		const before = Math.floor(Date.now() / 1000);
		const items = await run(
			'createForm',
			{
				inputMode: 'fields',
				sourceName: 'Website',
				sourceUid: 'contact-form',
				formId: 'contact',
				formName: 'Contact us',
				formPage: 'https://example.com/contact',
				contactName: '={{ "Visitor " + $json.i }}',
				metadataFields: { ip: '={{ "203.0.113." + $json.i }}', referer: 'https://www.google.com' },
			},
			2,
		);
		expect(apiRequests().map((r) => r.path)).toEqual([
			'/api/v4/leads/unsorted/forms',
			'/api/v4/leads/unsorted/forms',
		]);
		const bodies = apiRequests().map((r) => (r.body as Array<Record<string, unknown>>)[0]);
		expect(bodies.map((b) => b.request_id)).toEqual(['0', '1']);
		expect(bodies[1]).toMatchObject({
			metadata: {
				form_id: 'contact',
				form_name: 'Contact us',
				form_page: 'https://example.com/contact',
				ip: '203.0.113.1',
				referer: 'https://www.google.com',
			},
			_embedded: { contacts: [{ name: 'Visitor 1' }] },
		});
		expect((bodies[0].metadata as { form_sent_at: number }).form_sent_at).toBeGreaterThanOrEqual(
			before,
		);
		expect(items.map((i) => [i.json.request_id, i.pairedItem])).toEqual([
			['0', { item: 0 }],
			['1', { item: 1 }],
		]);
	});

	it('JSON mode splits one item of 120 incoming leads into requests of the batch size, in order', async () => {
		const items = await run('createSip', {
			inputMode: 'json',
			incomingLeadsJson: JSON.stringify(sipJson(120)),
			options: { batchSize: 50 },
		});
		expect(apiRequests().map((r) => (r.body as unknown[]).length)).toEqual([50, 50, 20]);
		expect(items).toHaveLength(120);
		expect(items.map((i) => i.json.request_id)).toEqual(
			Array.from({ length: 120 }, (_, i) => `0.${i}`),
		);
		expect(fake().state.waiting()).toHaveLength(120);
	});

	it('JSON mode never sends more than 250 per request', async () => {
		await run('createSip', {
			inputMode: 'json',
			incomingLeadsJson: sipJson(260),
			options: { batchSize: 250 },
		});
		expect(apiRequests().map((r) => (r.body as unknown[]).length)).toEqual([250, 10]);
	});

	it.each([1000, 0, -5, 2.5, 'abc'])(
		'refuses Batch Size %j before any request',
		async (batchSize) => {
			// With "continue on fail" n8n keeps our error as it is; otherwise it rethrows it with the same message.
			const [item] = await runKommoNode({
				kind,
				store: credentialStore(kind, fake().url),
				parameters: {
					resource: 'incomingLead',
					operation: 'createSip',
					inputMode: 'json',
					incomingLeadsJson: sipJson(3),
					options: { batchSize },
				} as never,
				continueOnFail: true,
			});
			expect(item.error).toBeInstanceOf(NodeOperationError);
			expect(item.error?.message).toBe(
				`"Batch Size" must be a whole number from 1 to 250, got "${batchSize}"`,
			);
			expect(apiRequests()).toHaveLength(0);
		},
	);

	it.each([
		['{not json', /"Incoming Leads \(JSON\)" is not valid JSON/],
		['[]', /"Incoming Leads \(JSON\)" is an empty array/],
		[
			JSON.stringify([{ source_name: 'x', metadata: {}, _embedded: {} }]),
			/"Incoming Leads \(JSON\)": "source_uid" is missing/,
		],
		[
			JSON.stringify([{ source_uid: 'x', source_name: 'x', metadata: {}, _embedded: {} }, 5]),
			/"Incoming Leads \(JSON\)" \(entry 1\) must be an object/,
		],
	])('rejects bad JSON %s before any request', async (json, message) => {
		await expect(run('createForm', { inputMode: 'json', incomingLeadsJson: json })).rejects.toThrow(
			message,
		);
		expect(apiRequests()).toHaveLength(0);
	});

	it('names a missing mandatory field in fields mode before any request', async () => {
		await expect(
			run('createSip', {
				inputMode: 'fields',
				sourceName: 'PBX',
				sourceUid: ' ',
				phone: '1',
				callFrom: 'x',
				duration: 1,
				serviceCode: 's',
				contactName: 'A',
			}),
		).rejects.toThrow('"Source UID" is required');
		expect(apiRequests()).toHaveLength(0);
	});

	it("reports every validation error of Kommo's 400 as path: detail", async () => {
		const duplicate = sipJson(1, 'dup');
		await run('createSip', { inputMode: 'json', incomingLeadsJson: JSON.stringify(duplicate) });
		await expect(
			run('createSip', { inputMode: 'json', incomingLeadsJson: JSON.stringify(duplicate) }),
		).rejects.toThrow(/^Kommo rejected the request: .+/);
		const problem = apiRequests()[1];
		expect(problem.status).toBe(400);
	});

	it('says which incoming leads were already created when a later batch fails', async () => {
		fake().injectFault({
			method: 'POST',
			path: '/api/v4/leads/unsorted/sip',
			status: 500,
			body: { title: 'Internal', status: 500, detail: 'boom' },
			afterMatches: 1,
		});
		const error = (await run('createSip', {
			inputMode: 'json',
			incomingLeadsJson: sipJson(60),
			options: { batchSize: 50 },
		}).then(
			() => new Error('no error'),
			(e: unknown) => e,
		)) as Error & { description?: string };
		expect(error.message).toBe('Kommo server error (500): boom');
		expect(error.description).toMatch(
			/^50 incoming lead\(s\) of earlier requests were created before this failure: [0-9a-f]{60}, /,
		);
	});
});
