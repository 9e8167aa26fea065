import type { INodeProperties } from 'n8n-workflow';

import { pipelineIdField } from '../Kommo/incomingLead/common';
import { categoryOptions } from '../Kommo/incomingLead/getAll.operation';

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
