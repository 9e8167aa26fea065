import { MAIN_PIPELINE_ID, PARTNERS_PIPELINE_ID } from './defaults';
import type { FakeKommoState } from './state';
import type { EntityInput } from './types';

const HOUR = 3600;
const DAY = 24 * HOUR;

function phoneField(phone: string): EntityInput['custom_fields_values'] {
	return [{ field_code: 'PHONE', values: [{ value: phone, enum_code: 'WORK' }] }];
}

function contact(name: string, phone?: string, email?: string): EntityInput {
	const fields: unknown[] = [];
	if (phone) fields.push(...(phoneField(phone) ?? []));
	if (email) fields.push({ field_code: 'EMAIL', values: [{ value: email, enum_code: 'WORK' }] });
	return { name, custom_fields_values: fields.length > 0 ? fields : null };
}

/**
 * A plausible account for manual testing in n8n: every category, both pipelines,
 * timestamps spread over the last few days relative to the state's clock.
 */
export function seedSandbox(state: FakeKommoState): void {
	const now = state.now();

	state.addIncomingLead({
		category: 'forms',
		source_uid: 'website-contact-form',
		source_name: 'Website contact form',
		created_at: now - 5 * DAY - 3 * HOUR,
		metadata: {
			form_id: '1115559',
			form_name: 'Contact us',
			form_page: 'https://shop.example.com/contact',
			ip: '212.46.197.210',
			form_sent_at: now - 5 * DAY - 3 * HOUR,
			referer: 'https://www.google.com/',
		},
		_embedded: {
			contacts: [contact('Olivia Bennett', '+14155550101', 'olivia.bennett@example.com')],
			leads: [{ name: 'Request: bulk order pricing', price: 1200 }],
		},
	});

	state.addIncomingLead({
		category: 'forms',
		source_uid: 'landing-spring-promo',
		source_name: 'Spring promo landing',
		created_at: now - 3 * DAY - 7 * HOUR,
		metadata: {
			form_id: 'spring-2024',
			form_name: 'Spring promo signup',
			form_page: 'https://promo.example.com/spring',
			ip: '93.184.216.34',
			form_sent_at: now - 3 * DAY - 7 * HOUR,
			referer: 'https://www.facebook.com/',
		},
		_embedded: {
			contacts: [contact('Liam Carter', '+14155550102', 'liam.carter@example.com')],
			leads: [{ name: 'Spring promo: 3 seats', price: 450 }],
			companies: [{ name: 'Carter Logistics LLC' }],
		},
	});

	state.addIncomingLead({
		category: 'forms',
		source_uid: 'partner-application',
		source_name: 'Partner application form',
		pipeline_id: PARTNERS_PIPELINE_ID,
		created_at: now - 2 * DAY - 2 * HOUR,
		metadata: {
			form_id: 'partners-01',
			form_name: 'Become a partner',
			form_page: 'https://example.com/partners/apply',
			ip: '185.12.64.7',
			form_sent_at: now - 2 * DAY - 2 * HOUR,
			referer: 'https://example.com/partners',
		},
		_embedded: {
			contacts: [contact('Sofia Martinez', '+34911234567', 'sofia@agencia-sol.es')],
			leads: [{ name: 'Partnership: Agencia Sol' }],
			companies: [{ name: 'Agencia Sol S.L.' }],
		},
	});

	state.addIncomingLead({
		category: 'forms',
		source_uid: 'website-contact-form',
		source_name: 'Website contact form',
		created_at: now - 6 * HOUR,
		metadata: {
			form_id: '1115559',
			form_name: 'Contact us',
			form_page: 'https://shop.example.com/contact',
			ip: '78.46.10.22',
			form_sent_at: now - 6 * HOUR,
			referer: 'https://shop.example.com/',
		},
		_embedded: {
			contacts: [contact('Noah Kim', undefined, 'noah.kim@example.org')],
			leads: [{ name: 'Question about delivery times' }],
		},
	});

	state.addIncomingLead({
		category: 'sip',
		source_uid: 'a1fee7c0fc436088e64ba2e8822ba2b3',
		source_name: 'onlinePBX',
		created_at: now - 4 * DAY - 1 * HOUR,
		metadata: {
			from: '+14155550177',
			phone: '14155551234',
			called_at: now - 4 * DAY - 1 * HOUR,
			duration: 54,
			link: 'https://pbx.example.com/records/8812.mp3',
			service_code: 'CkAvbEwPam6sad',
		},
		_embedded: {
			contacts: [contact('Emma Johnson', '+14155550177')],
			leads: [{ name: 'Inbound call: Emma Johnson', price: 0 }],
		},
	});

	state.addIncomingLead({
		category: 'sip',
		source_uid: 'b72c1d9e0f4a4b8c9d2e3f4a5b6c7d8e',
		source_name: 'onlinePBX',
		created_at: now - 1 * DAY - 5 * HOUR,
		metadata: {
			from: '+442071838750',
			phone: '14155551234',
			called_at: now - 1 * DAY - 5 * HOUR,
			duration: 187,
			link: 'https://pbx.example.com/records/8840.mp3',
			service_code: 'CkAvbEwPam6sad',
		},
		_embedded: {
			contacts: [contact('James Wilson', '+442071838750')],
			leads: [{ name: 'Inbound call: James Wilson', price: 3000 }],
			companies: [{ name: 'Wilson & Sons Ltd' }],
		},
	});

	state.addIncomingLead({
		category: 'sip',
		source_uid: 'c93e2f1a0b5c4d6e8f7a9b0c1d2e3f4a',
		source_name: 'Twilio Voice',
		pipeline_id: PARTNERS_PIPELINE_ID,
		created_at: now - 90 * 60,
		metadata: {
			from: '+4930901820',
			phone: '14155559876',
			called_at: now - 90 * 60,
			duration: 32,
			link: 'https://pbx.example.com/records/8851.mp3',
			service_code: 'TwVoice01',
		},
		_embedded: {
			contacts: [contact('Lukas Schmidt', '+4930901820')],
			leads: [{ name: 'Inbound call: Lukas Schmidt' }],
		},
	});

	state.addIncomingLead({
		category: 'chats',
		source_uid: 'amojo:onlinechat:b4b939f3-5a25-4cab-a4e8-57140f7c72fa',
		source_name: 'onlinechat:1494984c-db73-4ceb-b980-a20a5de569f2',
		created_at: now - 2 * DAY - 9 * HOUR,
		metadata: {
			from: 'Mia Thompson',
			to: '1494984c-db73-4ceb-b980-a20a5de569f2',
			received_at: now - 2 * DAY - 9 * HOUR,
			service: 'onlinechat',
			client: { name: 'Mia Thompson', avatar: null },
			origin: {
				chat_id: 'b4b939f3-5a25-4cab-a4e8-57140f7c72fa',
				ref: null,
				visitor_uid: 'b2aa4364-7790-4dca-8acc-ab90554f97f8',
			},
			last_message_text: 'Hi! Do you ship to Canada?',
			source_name: 'Live chat',
		},
	});

	state.addIncomingLead({
		category: 'chats',
		source_uid: 'amojo:whatsapp:5e0c1a7d-2b7f-4f0e-9d1c-7a3b9e2f6c41',
		source_name: 'WhatsApp Business',
		pipeline_id: MAIN_PIPELINE_ID,
		created_at: now - 40 * 60,
		metadata: {
			from: 'Ethan Brooks',
			to: '15550001111',
			received_at: now - 40 * 60,
			service: 'com.whatsapp',
			client: { name: 'Ethan Brooks', avatar: 'https://cdn.example.com/avatars/ethan.png' },
			origin: { chat_id: '5e0c1a7d-2b7f-4f0e-9d1c-7a3b9e2f6c41', ref: null, visitor_uid: null },
			last_message_text: 'Can I get a quote for 20 units?',
			source_name: 'WhatsApp',
		},
	});

	state.addIncomingLead({
		category: 'mail',
		source_uid: 'mail:sales@example.com',
		source_name: 'sales@example.com',
		created_at: now - 3 * DAY - 1 * HOUR,
		metadata: {
			from: { email: 'ava.nguyen@nguyen-design.com', name: 'Ava Nguyen' },
			received_at: now - 3 * DAY - 1 * HOUR,
			subject: 'Quote request for office furniture',
			thread_id: 48213,
			message_id: 991204,
			content_summary:
				'Hello, we are furnishing a new office for 15 people and would like a quote…',
		},
		_embedded: {
			contacts: [contact('Ava Nguyen', undefined, 'ava.nguyen@nguyen-design.com')],
			leads: [{ name: 'Quote request for office furniture' }],
			companies: [{ name: 'Nguyen Design' }],
		},
	});

	state.addIncomingLead({
		category: 'mail',
		source_uid: 'mail:partners@example.com',
		source_name: 'partners@example.com',
		pipeline_id: PARTNERS_PIPELINE_ID,
		created_at: now - 20 * 60,
		metadata: {
			from: { email: 'd.rossi@rossi-import.it', name: 'Davide Rossi' },
			received_at: now - 20 * 60,
			subject: 'Reseller agreement for Italy',
			thread_id: 48290,
			message_id: 991377,
			content_summary:
				'Good morning, we distribute in northern Italy and would like to discuss reselling…',
		},
	});
}
