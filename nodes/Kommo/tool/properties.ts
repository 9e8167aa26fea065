import type { INodeProperties } from 'n8n-workflow';

import { OPERATION_TOOL_DESCRIPTIONS } from './descriptions';

/**
 * The Kommo Tool's description parameters (shown only when n8n uses the node as an AI tool:
 * `@tool`). Declaring `toolDescription` ourselves stops n8n from adding its own pair, whose
 * "Set Automatically" would tell the model only the action name.
 *
 * n8n reads the tool's description from `toolDescription` and, when it is an expression,
 * evaluates it for the run (NodeHelpers.getToolDescriptionForNode). So `toolDescription` is a
 * hidden parameter whose default picks the chosen operation's text, or the user's own text in
 * "Set Manually". One constant default (rather than one hidden default per operation) means a
 * value stored for one operation can never linger after the operation changes.
 */

export const TOOL_DESCRIPTION_FALLBACK = 'Work with incoming leads (unsorted) in Kommo CRM';

const showInTool = { show: { '@tool': [true] } };

/** The expression n8n evaluates to the tool's description. */
export const toolDescriptionExpression = (): string =>
	'={{ $parameter.descriptionType === "manual" && String($parameter.customToolDescription ?? "").trim()' +
	' ? $parameter.customToolDescription' +
	` : (${JSON.stringify(OPERATION_TOOL_DESCRIPTIONS)})[$parameter.operation]` +
	` ?? ${JSON.stringify(TOOL_DESCRIPTION_FALLBACK)} }}`;

export const toolDescriptionProperties: INodeProperties[] = [
	{
		displayName: 'Tool Description',
		name: 'descriptionType',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Set Automatically',
				value: 'operation',
				description: 'Tell the model what the chosen operation does and which fields it needs',
			},
			{
				name: 'Set Manually',
				value: 'manual',
				description: 'Write the description yourself',
			},
		],
		default: 'operation',
		displayOptions: showInTool,
	},
	...Object.entries(OPERATION_TOOL_DESCRIPTIONS).map(([operation, text]): INodeProperties => ({
		displayName: `The model reads: ${text}`,
		name: 'toolDescriptionNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: {
				'@tool': [true],
				descriptionType: ['operation'],
				resource: ['incomingLead'],
				operation: [operation],
			},
		},
	})),
	{
		displayName: 'Description',
		name: 'customToolDescription',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 3 },
		description:
			'Explain to the model what this tool does and which values it must provide; a specific description makes the model call it correctly much more often',
		displayOptions: { show: { '@tool': [true], descriptionType: ['manual'] } },
	},
	{
		displayName: 'Tool Description Text',
		name: 'toolDescription',
		type: 'hidden',
		default: toolDescriptionExpression(),
		displayOptions: showInTool,
	},
];
