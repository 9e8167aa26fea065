import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { coerceBodyIds } from '../hooks/body-ids';
import { checkedItem } from '../hooks/output';
import { sendOnce } from '../hooks/run-request';
import { forOperation, INCOMING_LEADS_PATH, uidField, userIdOption } from './common';
import { uidUrl, validateUid } from './get.operation';

export const declineOperation: INodePropertyOptions = {
	name: 'Decline',
	value: 'decline',
	action: 'Decline an incoming lead',
	description: 'Decline an incoming lead; its lead and contact go to the trash',
	routing: {
		// Kommo declines with DELETE, not POST.
		request: { method: 'DELETE', url: uidUrl('/decline'), body: {} },
		send: { preSend: [validateUid, coerceBodyIds({ user_id: 'User' })] },
		operations: { pagination: sendOnce },
		output: {
			postReceive: [checkedItem(`DELETE ${INCOMING_LEADS_PATH}/{uid}/decline`, 'incomingLead')],
		},
	},
};

export const declineFields: INodeProperties[] = forOperation('decline', [
	uidField,
	{
		displayName: 'Options',
		name: 'declineOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				...userIdOption,
				description: `User recorded as declining it. ${userIdOption.description}`,
				routing: { send: { type: 'body', property: 'user_id' } },
			},
		],
	},
]);
