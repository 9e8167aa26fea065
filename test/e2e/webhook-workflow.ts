import type { INode } from 'n8n-workflow';

import type { WorkflowFile } from './harness';
import { recordingNode } from './trigger-workflow';

export interface WebhookWorkflowOptions {
	id: string;
	webhookId: string;
	events: string[];
	credentialId: string;
	/** What the next node records per item, as an n8n expression. */
	record: string;
}

/** Kommo Webhook Trigger (long-lived token) → a Set node "Next Node" that records each item. */
export function webhookTriggerWorkflow(options: WebhookWorkflowOptions): WorkflowFile {
	return {
		id: options.id,
		name: `e2e ${options.id}`,
		nodes: [
			{
				id: 'trigger',
				name: 'Kommo Webhook Trigger',
				type: 'n8n-nodes-kommo-incoming-leads.kommoWebhookTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: options.webhookId,
				parameters: {
					authentication: 'longLivedToken',
					events: options.events,
					output: 'simplified',
				},
				credentials: {
					kommoIncomingLeadsLongLivedApi: { id: options.credentialId, name: options.credentialId },
				},
			} as INode,
			recordingNode(options.record),
		],
		connections: {
			'Kommo Webhook Trigger': { main: [[{ node: 'Next Node', type: 'main', index: 0 }]] },
		},
		settings: {},
	};
}
