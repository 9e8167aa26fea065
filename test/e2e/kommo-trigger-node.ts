import type { INode } from 'n8n-workflow';

/** The Kommo Trigger as the polling suites use it: forms and SIP leads, simplified, every minute. */
export function kommoTriggerNode(credential: { id: string; name: string }): INode {
	return {
		id: 'trigger',
		name: 'Kommo Trigger',
		type: 'n8n-nodes-kommo-incoming-leads.kommoTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			authentication: 'longLivedToken',
			categories: ['forms', 'sip'],
			output: 'simplified',
			pollTimes: { item: [{ mode: 'everyMinute' }] },
		},
		credentials: { kommoIncomingLeadsLongLivedApi: credential },
	};
}
