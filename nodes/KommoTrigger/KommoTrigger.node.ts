import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { getPipelines } from '../Kommo/methods/loadOptions';
import { authenticationProperty, kommoCredentials } from '../shared/authentication';
import { withKommoAccount } from '../shared/transport';
import { flattenIncomingLead } from '../shared/flatten';
import {
	readTriggerFilters,
	type TriggerFilters,
	triggerFilterFields,
} from '../shared/trigger-filters';
import { backlogAllowed, decidePoll, readPollState } from './poll-state';
import { fetchNewestLead, fetchWaitingLeads } from './waiting-leads';

export class KommoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kommo Trigger',
		name: 'kommoTrigger',
		icon: { light: 'file:../Kommo/kommo.svg', dark: 'file:../Kommo/kommo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{"New incoming lead" + ($parameter["categories"].length ? ": " + $parameter["categories"].join(", ") : "")}}',
		description:
			'Starts the workflow when a new incoming lead (form, call, chat or email) arrives in Kommo',
		defaults: { name: 'Kommo Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: kommoCredentials,
		properties: [
			authenticationProperty,
			...triggerFilterFields,
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{
						name: 'Simplified',
						value: 'simplified',
						description:
							'Flat fields ready to map: category, source, ISO date, metadata, contact/lead IDs, link',
					},
					{
						name: 'Raw',
						value: 'raw',
						description: 'The incoming lead exactly as Kommo returns it',
					},
				],
				default: 'simplified',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Emit Waiting Leads on Activation',
						name: 'emitBacklog',
						type: 'boolean',
						default: false,
						description:
							'Whether the first poll after activation emits the incoming leads already waiting (once), instead of starting from now',
					},
				],
			},
		],
	};

	methods = { loadOptions: { getPipelines } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const filters = readTriggerFilters(this);
		// One deadline for the whole poll (all pages): a stuck poll ends before the next one starts.
		return await withKommoAccount(this, 'poll', async (account) => {
			const output = this.getNodeParameter('output', 'simplified') as string;
			const toItem = (lead: IDataObject): INodeExecutionData => ({
				json: output === 'simplified' ? flattenIncomingLead(lead, account.url) : lead,
			});

			if (this.getMode() === 'manual') {
				// "Fetch Test Event" shows a real example and leaves the activation state alone.
				const newest = await fetchNewestLead(this, account, filters);
				if (!newest) {
					throw new NodeOperationError(
						this.getNode(),
						'No incoming leads match the trigger right now',
						{
							description:
								'Add one in Kommo (submit a form, make a call) or widen Categories/Pipeline, then fetch again.',
						},
					);
				}
				return [[toItem(newest)]];
			}

			const staticData = this.getWorkflowStaticData('node');
			const leads = await fetchWaitingLeads(this, account, filters);
			const byUid = new Map(leads.map((lead) => [String(lead.uid), lead]));
			const previous = readPollState(staticData.pollState);
			const emitBacklog =
				(this.getNodeParameter('options.emitBacklog', false) as boolean) &&
				backlogAllowed(staticData.pollState, previous);
			const decision = decidePoll(previous, [...byUid.keys()], filterKey(filters), emitBacklog);
			// Written only after every page was read and checked: a failed poll throws above and keeps the old state.
			staticData.pollState = decision.state as unknown as IDataObject;
			if (!decision.emit.length) return null;
			return [decision.emit.map((uid) => toItem(byUid.get(uid) as IDataObject))];
		});
	}
}

function filterKey(filters: TriggerFilters): string {
	return `${filters.categories.join(',')}|${filters.pipelineId ?? ''}`;
}
