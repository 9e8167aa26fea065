import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { coerceBodyIds } from '../hooks/body-ids';
import { checkedItem } from '../hooks/output';
import { sendOnce } from '../hooks/run-request';
import { forOperation, INCOMING_LEADS_PATH, uidField, userIdOption } from './common';
import { uidUrl, validateUid } from './get.operation';

export const linkOperation: INodePropertyOptions = {
	name: 'Link',
	value: 'link',
	action: 'Link an incoming lead',
	description: 'Attach a chat incoming lead to an existing lead or customer (administrators only)',
	routing: {
		request: { method: 'POST', url: uidUrl('/link'), body: {} },
		send: {
			preSend: [
				validateUid,
				coerceBodyIds(
					{
						'link.entity_id': 'Entity ID',
						'link.metadata.contact_id': 'Contact ID',
						user_id: 'User',
					},
					['link.entity_id'],
				),
			],
		},
		operations: { pagination: sendOnce },
		output: {
			postReceive: [checkedItem(`POST ${INCOMING_LEADS_PATH}/{uid}/link`, 'incomingLead')],
		},
	},
};

export const linkFields: INodeProperties[] = forOperation('link', [
	uidField,
	{
		displayName: 'Link To',
		name: 'entityType',
		type: 'options',
		options: [
			{ name: 'Customer', value: 'customers' },
			{ name: 'Lead', value: 'leads' },
		],
		default: 'leads',
		description: 'Only incoming leads of the Chats category can be linked',
		routing: { send: { type: 'body', property: 'link.entity_type' } },
	},
	{
		displayName: 'Entity ID',
		name: 'entityId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '152464',
		description: 'ID of the existing lead or customer',
		routing: { send: { type: 'body', property: 'link.entity_id' } },
	},
	{
		displayName: 'Options',
		name: 'linkOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Contact ID',
				name: 'contactId',
				type: 'string',
				default: '',
				description: 'Existing contact that the chat contact is merged into',
				routing: { send: { type: 'body', property: 'link.metadata.contact_id' } },
			},
			{
				...userIdOption,
				description: `User the link is done on behalf of. ${userIdOption.description}`,
				routing: { send: { type: 'body', property: 'user_id' } },
			},
		],
	},
]);
