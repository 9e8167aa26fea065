import type {
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	PostReceiveAction,
} from 'n8n-workflow';

import { checkedList, checkedObject } from '../../shared/answer-shape';
import { firstEmbeddedId } from '../../shared/hal';

/** One item per incoming lead instead of the HAL envelope; 204 (empty list) is no items. */
export const incomingLeadItems = (endpoint: string): PostReceiveAction =>
	async function (
		this: IExecuteSingleFunctions,
		_items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	) {
		return checkedList(this.getNode(), endpoint, 'incomingLeads', response).map((json) => ({
			json,
		}));
	};

/** What a workflow maps next: the new UID and the IDs of the lead, contact and company created. */
export const createdIncomingLeadItems = (endpoint: string): PostReceiveAction =>
	async function (
		this: IExecuteSingleFunctions,
		_items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	) {
		return checkedList(this.getNode(), endpoint, 'incomingLeads', response).map((created) => ({
			json: {
				uid: created.uid ?? null,
				request_id: created.request_id ?? null,
				account_id: created.account_id ?? null,
				lead_id: firstEmbeddedId(created, 'leads'),
				contact_id: firstEmbeddedId(created, 'contacts'),
				company_id: firstEmbeddedId(created, 'companies'),
			},
		}));
	};

/** The one object the endpoint returns (an incoming lead, or the summary), checked for its shape. */
export const checkedItem = (
	endpoint: string,
	shape: 'incomingLead' | 'summary',
): PostReceiveAction =>
	async function (
		this: IExecuteSingleFunctions,
		_items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	) {
		return [{ json: checkedObject(this.getNode(), endpoint, shape, response) }];
	};
