import type { INodeProperties, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import { pipelineIdField } from '../Kommo/incomingLead/common';
import { categoryOptions } from '../Kommo/incomingLead/getAll.operation';
import { positiveInteger } from './values';

/** Categories and Pipeline, as both triggers offer them. */
export const triggerFilterFields: INodeProperties[] = [
	{
		displayName: 'Categories',
		name: 'categories',
		type: 'multiOptions',
		options: categoryOptions,
		default: [],
		description: 'Only incoming leads of these categories. Leave empty for all.',
	},
	{
		...pipelineIdField,
		description: `Only incoming leads of this pipeline, or All Pipelines. ${pipelineIdField.description}`,
	},
];

/** What the Categories and Pipeline fields ask for; no category and no pipeline mean "all". */
export interface TriggerFilters {
	/** Sorted, so that the same choice always reads the same (the polling trigger keys its state on it). */
	categories: string[];
	pipelineId?: number;
}

export function readTriggerFilters(ctx: IPollFunctions | IWebhookFunctions): TriggerFilters {
	const categories = [...((ctx.getNodeParameter('categories', []) as string[]) ?? [])].sort();
	const pipeline = ctx.getNodeParameter('pipelineId', '') as string | number;
	return {
		categories,
		pipelineId:
			pipeline === '' || pipeline === null
				? undefined
				: positiveInteger(ctx.getNode(), pipeline, 'Pipeline'),
	};
}
