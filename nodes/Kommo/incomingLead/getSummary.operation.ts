import type {
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { unixSeconds } from '../../shared/values';
import { checkedItem } from '../hooks/output';
import { sendOnce } from '../hooks/run-request';
import {
	forOperation,
	INCOMING_LEADS_PATH,
	pipelineIdField,
	uidAndPipelineQuery,
	uidsField,
} from './common';

interface SummaryFilters {
	uids?: string;
	pipelineId?: string | number;
	createdSince?: string;
	createdFrom?: string;
	createdTo?: string;
}

async function summaryQuery(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const filters = this.getNodeParameter('filters', {}) as SummaryFilters;
	if (filters.createdSince && (filters.createdFrom || filters.createdTo)) {
		throw new NodeOperationError(
			node,
			'"Created Since" cannot be combined with "Created From"/"Created To"',
			{
				description:
					'Use either one moment (Created Since) or a range (Created From and/or Created To).',
				itemIndex,
			},
		);
	}
	const from = filters.createdFrom
		? unixSeconds(node, filters.createdFrom, 'Created From', itemIndex)
		: undefined;
	const to = filters.createdTo
		? unixSeconds(node, filters.createdTo, 'Created To', itemIndex)
		: undefined;
	if (from !== undefined && to !== undefined && from > to) {
		throw new NodeOperationError(node, '"Created From" is after "Created To"', { itemIndex });
	}
	requestOptions.qs = {
		...uidAndPipelineQuery(node, filters, itemIndex),
		...(filters.createdSince
			? {
					'filter[created_at]': unixSeconds(node, filters.createdSince, 'Created Since', itemIndex),
				}
			: {}),
		...(from !== undefined ? { 'filter[created_at][from]': from } : {}),
		...(to !== undefined ? { 'filter[created_at][to]': to } : {}),
	};
	return requestOptions;
}

export const getSummaryOperation: INodePropertyOptions = {
	name: 'Get Summary',
	value: 'getSummary',
	action: 'Get incoming leads summary',
	description: 'Totals of incoming leads: accepted, declined, average sorting time, per category',
	routing: {
		request: { method: 'GET', url: `${INCOMING_LEADS_PATH}/summary` },
		send: { preSend: [summaryQuery] },
		operations: { pagination: sendOnce },
		output: { postReceive: [checkedItem(`GET ${INCOMING_LEADS_PATH}/summary`, 'summary')] },
	},
};

export const getSummaryFields: INodeProperties[] = forOperation('getSummary', [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Created From',
				name: 'createdFrom',
				type: 'dateTime',
				default: '',
				description: 'Start of a range of creation dates',
			},
			{
				displayName: 'Created Since',
				name: 'createdSince',
				type: 'dateTime',
				default: '',
				description: 'Incoming leads created from this moment on (instead of a From/To range)',
			},
			{
				displayName: 'Created To',
				name: 'createdTo',
				type: 'dateTime',
				default: '',
				description: 'End of a range of creation dates',
			},
			{ ...pipelineIdField, description: `Only this pipeline. ${pipelineIdField.description}` },
			uidsField,
		],
	},
]);
