import type {
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { requireUid } from '../../shared/values';
import { checkedItem } from '../hooks/output';
import { sendOnce } from '../hooks/run-request';
import { forOperation, INCOMING_LEADS_PATH, uidField } from './common';

/** Rejects an empty or malformed UID before any request, so no value can change the endpoint. */
export async function validateUid(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requireUid(
		this.getNode(),
		this.getNodeParameter('uid', ''),
		uidField.displayName,
		this.getItemIndex(),
	);
	return requestOptions;
}

/** The operation's URL with the UID, for `routing.request.url`. */
export const uidUrl = (suffix = '') =>
	`=${INCOMING_LEADS_PATH}/{{ String($parameter.uid).trim() }}${suffix}`;

export const getOperation: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get an incoming lead',
	description: 'Get one incoming lead by its UID',
	routing: {
		request: { method: 'GET', url: uidUrl() },
		send: { preSend: [validateUid] },
		operations: { pagination: sendOnce },
		output: { postReceive: [checkedItem(`GET ${INCOMING_LEADS_PATH}/{uid}`, 'incomingLead')] },
	},
};

export const getFields: INodeProperties[] = forOperation('get', [uidField]);
