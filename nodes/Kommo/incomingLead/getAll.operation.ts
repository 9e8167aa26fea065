import type {
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { INCOMING_LEAD_CATEGORIES } from '../../shared/constants';
import { incomingLeadItems } from '../hooks/output';
import { fetchPages, limitParameter } from '../hooks/run-request';
import {
	forOperation,
	INCOMING_LEADS_PATH,
	pipelineIdField,
	uidAndPipelineQuery,
	uidsField,
} from './common';

const CATEGORY_NAMES: Record<string, string> = {
	chats: 'Chats',
	forms: 'Forms',
	mail: 'Mail',
	sip: 'SIP (Calls)',
};

export const categoryOptions: INodePropertyOptions[] = [...INCOMING_LEAD_CATEGORIES]
	.sort()
	.map((value) => ({ name: CATEGORY_NAMES[value], value }));

/** Filters are written as Kommo's bracket keys; values are checked before anything is sent. */
async function listQuery(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const node = this.getNode();
	if (!(this.getNodeParameter('returnAll', false) as boolean)) limitParameter(this);
	const filters = this.getNodeParameter('filters', {}) as {
		uids?: string;
		categories?: string[];
		pipelineId?: string | number;
	};
	const order = this.getNodeParameter('options.order', '') as string;
	const { 'filter[uid]': uids, 'filter[pipeline_id]': pipeline } = uidAndPipelineQuery(
		node,
		filters,
		this.getItemIndex(),
	);
	// Kommo's documented order of keys: uid, category, pipeline, then the sort.
	requestOptions.qs = {
		'filter[uid]': uids,
		...(filters.categories?.length ? { 'filter[category][]': filters.categories } : {}),
		'filter[pipeline_id]': pipeline,
		...(order ? { 'order[created_at]': order } : {}),
	};
	return requestOptions;
}

export const getAllOperation: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many incoming leads',
	description: 'List the incoming leads waiting in the account',
	routing: {
		request: { method: 'GET', url: INCOMING_LEADS_PATH },
		send: { preSend: [listQuery] },
		operations: { pagination: fetchPages },
		output: { postReceive: [incomingLeadItems(`GET ${INCOMING_LEADS_PATH}`)] },
	},
};

export const getAllFields: INodeProperties[] = forOperation('getAll', [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Categories',
				name: 'categories',
				type: 'multiOptions',
				options: categoryOptions,
				default: [],
				description: 'Only incoming leads of these categories',
			},
			{
				...pipelineIdField,
				description: `Only incoming leads of this pipeline. ${pipelineIdField.description}`,
			},
			uidsField,
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
				displayName: 'Sort by Created At',
				name: 'order',
				type: 'options',
				options: [
					{ name: 'Oldest First', value: 'asc' },
					{ name: 'Newest First', value: 'desc' },
				],
				default: 'desc',
			},
		],
	},
]);
