import type { IDisplayOptions, INode, INodeProperties } from 'n8n-workflow';

import type { QueryValue } from '../../shared/query';
import { parseUidList, positiveInteger } from '../../shared/values';

export const showFor = (operation: string): IDisplayOptions => ({
	show: { resource: ['incomingLead'], operation: [operation] },
});

/** Applies the operation's displayOptions to each of its fields. */
export const forOperation = (operation: string, fields: INodeProperties[]): INodeProperties[] =>
	fields.map((field) => ({
		...field,
		displayOptions: {
			...field.displayOptions,
			show: { ...showFor(operation).show, ...field.displayOptions?.show },
		},
	}));

export const uidField: INodeProperties = {
	displayName: 'Incoming Lead UID',
	name: 'uid',
	type: 'string',
	default: '',
	required: true,
	placeholder: '5af9dedb6f2c6a29eaac6ee37fc75ffbb66e139e4603bdd0e14e39d4b319',
	hint: 'From the Kommo Trigger or Get Many, e.g. {{ $json.uid }}',
};

export const userIdOption: INodeProperties = {
	displayName: 'User Name or ID',
	name: 'userId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getUsers' },
	default: '',
	description:
		'The Kommo user the action is done on behalf of. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const pipelineIdField: INodeProperties = {
	displayName: 'Pipeline Name or ID',
	name: 'pipelineId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getPipelines' },
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

export const uidsField: INodeProperties = {
	displayName: 'UIDs',
	name: 'uids',
	type: 'string',
	default: '',
	placeholder: 'uid1, uid2',
	description: 'One incoming lead UID, or several separated by commas',
};

export const INCOMING_LEADS_PATH = '/api/v4/leads/unsorted';

/** The UIDs and Pipeline filters that Get Many and Get Summary share, as Kommo's bracket keys. */
export function uidAndPipelineQuery(
	node: INode,
	filters: { uids?: string; pipelineId?: string | number },
	itemIndex: number,
): Record<string, QueryValue> {
	const uids = parseUidList(node, filters.uids, 'UIDs', itemIndex);
	return {
		...(uids.length ? { 'filter[uid]': uids } : {}),
		...(filters.pipelineId
			? { 'filter[pipeline_id]': positiveInteger(node, filters.pipelineId, 'Pipeline', itemIndex) }
			: {}),
	};
}
