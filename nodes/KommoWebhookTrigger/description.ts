import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../shared/authentication';
import { triggerFilterFields } from '../shared/trigger-filters';
import { MIN_MANUAL_SECRET_LENGTH, SECRET_PARAMETER } from './delivery-guard';
import { EVENT_OPTIONS } from './events';

const manualOnly = { displayOptions: { show: { register: ['manually'] } } };

export const webhookTriggerProperties: INodeProperties[] = [
	authenticationProperty,
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: ['added'],
		required: true,
		description:
			'What happened to an incoming lead. Accepted, Declined and Linked are reported the moment someone sorts it.',
	},
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
					'The polling trigger\'s flat fields plus "event", and for accepted or linked leads the IDs they became',
			},
			{
				name: 'Raw',
				value: 'raw',
				description: 'The event entry as Kommo sent it, nested, plus the fetched lead',
			},
		],
		default: 'simplified',
	},
	{
		displayName: 'Register',
		name: 'register',
		type: 'options',
		options: [
			{
				name: 'Automatically',
				value: 'automatically',
				description:
					'Subscribe on activation, unsubscribe on deactivation (needs an administrator and API web hooks in the plan)',
			},
			{ name: 'Manually', value: 'manually', description: 'You paste the URL into Kommo yourself' },
		],
		default: 'automatically',
	},
	{
		displayName: `Paste this into Kommo → Settings → Integrations → Web hooks, ticking "Incoming lead added", "edited" and "deleted": the Production URL shown above under "Webhook URLs", followed by ?${SECRET_PARAMETER}= and the Secret below. Then activate the workflow.`,
		name: 'manualNotice',
		type: 'notice',
		default: '',
		...manualOnly,
	},
	{
		displayName: 'Secret',
		name: 'manualSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: `A random text of at least ${MIN_MANUAL_SECRET_LENGTH} letters and digits that only Kommo and this workflow know; calls without it are refused`,
		...manualOnly,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Verify Added Leads',
				name: 'verifyAddedLeads',
				type: 'boolean',
				default: true,
				description:
					'Whether to fetch each added incoming lead from Kommo before emitting it, so a forged or stale call cannot invent a lead, and the item carries the full lead',
			},
		],
	},
];
