import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { getPipelines } from '../Kommo/methods/loadOptions';
import { kommoCredentials } from '../shared/authentication';
import { MIN_MANUAL_SECRET_LENGTH } from './delivery-guard';
import { handleDelivery } from './delivery';
import { webhookTriggerProperties } from './description';
import { subscribe, subscriptionExists, unsubscribe } from './subscription';

export class KommoWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kommo Webhook Trigger',
		name: 'kommoWebhookTrigger',
		icon: { light: 'file:../Kommo/kommo.svg', dark: 'file:../Kommo/kommo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Incoming lead: " + $parameter["events"].join(", ")}}',
		description:
			'Starts the workflow the moment an incoming lead is added, edited, accepted, declined or linked in Kommo',
		defaults: { name: 'Kommo Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: kommoCredentials,
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'kommo' }],
		properties: webhookTriggerProperties,
	};

	methods = { loadOptions: { getPipelines } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await subscriptionExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('register', 'automatically') === 'manually') {
					const secret = String(this.getNodeParameter('manualSecret', ''));
					if (secret.length < MIN_MANUAL_SECRET_LENGTH || !/^[A-Za-z0-9_-]+$/.test(secret)) {
						throw new NodeOperationError(
							this.getNode(),
							`"Secret" must be at least ${MIN_MANUAL_SECRET_LENGTH} letters, digits, "-" or "_"`,
							{
								description:
									'Use a long random text, e.g. from a password generator, and put the same one in the URL you paste into Kommo.',
							},
						);
					}
				}
				return await subscribe(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await unsubscribe(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery(this);
	}
}
