/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import axios from 'axios';

import { startFakeKommo } from '.';

it('GET /api/v4/contacts/{id} returns the contact created with an incoming lead', async () => {
	const fake = await startFakeKommo({ port: 0 });
	try {
		const lead = fake.state.addIncomingLead({
			category: 'forms',
			_embedded: {
				contacts: [
					{
						name: 'Jane Doe',
						custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+1415' }] }],
					},
				],
			},
		});
		const id = lead._embedded.contacts[0].id;
		const ok = await axios.get(`${fake.url}/api/v4/contacts/${id}`, {
			headers: { Authorization: 'Bearer test-token' },
		});
		expect(ok.data).toMatchObject({
			id,
			name: 'Jane Doe',
			custom_fields_values: [{ field_code: 'PHONE' }],
		});
		const missing = await axios.get(`${fake.url}/api/v4/contacts/1`, {
			headers: { Authorization: 'Bearer test-token' },
			validateStatus: () => true,
		});
		expect(missing.status).toBe(404);
	} finally {
		await fake.close();
	}
});
