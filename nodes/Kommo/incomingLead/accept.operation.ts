import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { checkedItem } from '../hooks/output';
import { sendOnce } from '../hooks/run-request';
import { coerceBodyIds } from '../hooks/body-ids';
import { forOperation, INCOMING_LEADS_PATH, uidField, userIdOption } from './common';
import { uidUrl, validateUid } from './get.operation';

export const acceptOperation: INodePropertyOptions = {
	name: 'Accept',
	value: 'accept',
	action: 'Accept an incoming lead',
	description: 'Turn an incoming lead into a regular lead, contact and company',
	routing: {
		request: { method: 'POST', url: uidUrl('/accept'), body: {} },
		send: { preSend: [validateUid, coerceBodyIds({ user_id: 'User', status_id: 'Stage' })] },
		operations: { pagination: sendOnce },
		output: {
			postReceive: [checkedItem(`POST ${INCOMING_LEADS_PATH}/{uid}/accept`, 'incomingLead')],
		},
	},
};

export const acceptFields: INodeProperties[] = forOperation('accept', [
	uidField,
	{
		displayName: 'Options',
		name: 'acceptOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Stage Name or ID',
				name: 'statusId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getStages' },
				default: '',
				description:
					'Stage the lead moves to once accepted (default: the first stage of its pipeline). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				routing: { send: { type: 'body', property: 'status_id' } },
			},
			{
				...userIdOption,
				description: `User set as the creator of the lead. ${userIdOption.description}`,
				routing: { send: { type: 'body', property: 'user_id' } },
			},
		],
	},
]);
