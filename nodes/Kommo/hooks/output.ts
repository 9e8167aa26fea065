import type {
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

import { embeddedList, firstEmbeddedId } from '../../shared/hal';

/** One item per incoming lead instead of the HAL envelope; 204 (empty list) is no items. */
export async function incomingLeadItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	return embeddedList(response, 'unsorted').map((json) => ({ json }));
}

/** What a workflow maps next: the new UID and the IDs of the lead, contact and company created. */
export async function createdIncomingLeadItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	return embeddedList(response, 'unsorted').map((created) => ({
		json: {
			uid: created.uid ?? null,
			request_id: created.request_id ?? null,
			account_id: created.account_id ?? null,
			lead_id: firstEmbeddedId(created, 'leads'),
			contact_id: firstEmbeddedId(created, 'contacts'),
			company_id: firstEmbeddedId(created, 'companies'),
		},
	}));
}
