import type { INodeProperties } from 'n8n-workflow';

import { pipelineIdField } from '../common';
import type { MetadataField } from './category-fields';

const JSON_EXAMPLE = {
	sip: {
		source_name: 'My PBX',
		source_uid: 'pbx-1',
		metadata: {
			phone: '14155551234',
			from: 'onlinePBX',
			called_at: 1764150000,
			duration: 54,
			service_code: 'CkAvbEwPam6sad',
			link: 'https://example.com/rec.mp3',
		},
		_embedded: { contacts: [{ name: 'Jane Doe' }] },
	},
	forms: {
		source_name: 'Website',
		source_uid: 'site-contact-form',
		metadata: {
			form_id: 'contact',
			form_name: 'Contact us',
			form_page: 'https://example.com/contact',
			form_sent_at: 1764150000,
			ip: '203.0.113.7',
		},
		_embedded: { contacts: [{ name: 'Jane Doe' }] },
	},
};

/** The Fields/JSON parameters of one add operation (createSip or createForm). */
export function createFields(
	category: 'sip' | 'forms',
	metadata: { required: MetadataField[]; optional: MetadataField[] },
): INodeProperties[] {
	const fieldsMode = { show: { inputMode: ['fields'] } };
	const detailsName = category === 'sip' ? 'Call Details' : 'Form Details';
	return [
		{
			displayName: 'Input Mode',
			name: 'inputMode',
			type: 'options',
			options: [
				{ name: 'Fields', value: 'fields', description: 'Fill in one incoming lead per n8n item' },
				{
					name: 'JSON',
					value: 'json',
					description: 'One incoming lead object, or an array of them, per n8n item',
				},
			],
			default: 'fields',
		},
		{
			displayName: 'Incoming Leads (JSON)',
			name: 'incomingLeadsJson',
			type: 'json',
			default: JSON.stringify([JSON_EXAMPLE[category]], null, 2),
			required: true,
			description:
				'One incoming lead or an array of them, in the shape of the Kommo API (source_name, source_uid, metadata, _embedded). Dates are Unix seconds.',
			displayOptions: { show: { inputMode: ['json'] } },
		},
		{
			displayName: 'Source Name',
			name: 'sourceName',
			type: 'string',
			default: '',
			required: true,
			placeholder: category === 'sip' ? 'My PBX' : 'Website',
			description: 'Name of the source, shown in Kommo',
			displayOptions: fieldsMode,
		},
		{
			displayName: 'Source UID',
			name: 'sourceUid',
			type: 'string',
			default: '',
			required: true,
			placeholder: category === 'sip' ? 'pbx-line-1' : 'contact-form',
			description: "Your integration's ID of the source",
			displayOptions: fieldsMode,
		},
		...metadata.required.map((field) => ({ ...field.property, displayOptions: fieldsMode })),
		{
			displayName: 'Contact Name',
			name: 'contactName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Jane Doe',
			displayOptions: fieldsMode,
		},
		{
			displayName: 'Contact Details',
			name: 'contactFields',
			type: 'collection',
			placeholder: 'Add Contact Detail',
			default: {},
			displayOptions: fieldsMode,
			options: [
				{
					displayName: 'Email',
					name: 'email',
					type: 'string',
					placeholder: 'name@email.com',
					default: '',
					description: "Saved in the contact's EMAIL field",
				},
				{
					displayName: 'Phone',
					name: 'phone',
					type: 'string',
					default: '',
					placeholder: '+14155551234',
					description: "Saved in the contact's PHONE field",
				},
			],
		},
		{
			displayName: 'Lead',
			name: 'leadFields',
			type: 'collection',
			placeholder: 'Add Lead Field',
			default: {},
			displayOptions: fieldsMode,
			options: [
				{
					displayName: 'Custom Fields',
					name: 'customFields',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					placeholder: 'Add Custom Field',
					default: {},
					options: [
						{
							displayName: 'Field',
							name: 'field',
							values: [
								{
									displayName: 'Field ID',
									name: 'fieldId',
									type: 'number',
									default: 0,
									description: 'ID of the lead custom field in Kommo',
								},
								{ displayName: 'Value', name: 'value', type: 'string', default: '' },
							],
						},
					],
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'Tech maintenance',
				},
				{
					displayName: 'Price',
					name: 'price',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description: 'Sale value of the lead',
				},
				{
					displayName: 'Tags',
					name: 'tags',
					type: 'string',
					default: '',
					placeholder: 'website, hot',
					description: 'Tag names separated by commas',
				},
			],
		},
		{
			displayName: detailsName,
			name: 'metadataFields',
			type: 'collection',
			placeholder: `Add ${detailsName.replace(' Details', ' Detail')}`,
			default: {},
			displayOptions: fieldsMode,
			options: [...metadata.optional.map((field) => field.property)].sort((a, b) =>
				a.displayName.localeCompare(b.displayName),
			),
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: fieldsMode,
			options: [
				{
					displayName: 'Company Name',
					name: 'companyName',
					type: 'string',
					default: '',
					placeholder: 'Acme Co.',
				},
				{
					displayName: 'Created At',
					name: 'createdAt',
					type: 'dateTime',
					default: '',
					description: 'Creation date of the incoming lead (default: now)',
				},
				{
					...pipelineIdField,
					typeOptions: { loadOptionsMethod: 'getPipelinesForNewLead' },
					description: `Pipeline the incoming lead is added to (default: the main pipeline). ${pipelineIdField.description}`,
				},
				{
					displayName: 'Request ID',
					name: 'requestId',
					type: 'string',
					default: '',
					description:
						'Returned unchanged with the created incoming lead (default: the n8n item index)',
				},
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Batch Size',
					name: 'batchSize',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 250 },
					default: 50,
					description:
						'Incoming leads sent per request when one item holds many (Kommo recommends 50, allows 250)',
				},
			],
		},
	];
}
