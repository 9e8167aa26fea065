import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { authenticationProperty, kommoCredentials } from '../shared/authentication';
import { sendOnce } from './hooks/run-request';
import { incomingLeadFields, incomingLeadOperations } from './incomingLead';
import { getPipelines, getPipelinesForNewLead, getStages, getUsers } from './methods/loadOptions';
import { toolDescriptionProperties } from './tool/properties';

export class Kommo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kommo',
		name: 'kommo',
		icon: { light: 'file:kommo.svg', dark: 'file:kommo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Work with incoming leads (unsorted) in Kommo CRM',
		defaults: { name: 'Kommo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: kommoCredentials,
		// The account URL comes from the credential and is validated per request (hooks/run-request).
		requestDefaults: {
			headers: {
				Accept: 'application/hal+json, application/json',
				'Content-Type': 'application/json',
			},
			json: true,
			returnFullResponse: true,
		},
		// Every request goes through one runner: bracket queries, 429 back-off, Kommo error messages.
		requestOperations: { pagination: sendOnce },
		properties: [
			// Shown only in the Kommo Tool (an AI Agent's tool), as n8n places its own description pair.
			...toolDescriptionProperties,
			authenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Incoming Lead', value: 'incomingLead' }],
				default: 'incomingLead',
				routing: { send: { paginate: true } },
			},
			incomingLeadOperations,
			...incomingLeadFields,
		],
	};

	methods = { loadOptions: { getPipelines, getPipelinesForNewLead, getStages, getUsers } };
}
