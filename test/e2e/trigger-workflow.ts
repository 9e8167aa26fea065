import type { INode } from 'n8n-workflow';

import type { ExecutionRecord, WorkflowFile } from './harness';
import { kommoTriggerNode } from './kommo-trigger-node';

/** A Set node "Next Node" after a trigger: records `record` (an n8n expression) per item as `seen`. */
export function recordingNode(record: string): INode {
	return {
		id: 'next',
		name: 'Next Node',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [220, 0],
		parameters: {
			assignments: {
				assignments: [{ id: 'seen', name: 'seen', value: record, type: 'string' }],
			},
			options: {},
		},
	};
}

/**
 * Kommo Trigger (long-lived token, forms + sip, polled every minute) → a Set node "Next Node"
 * that records each item's UID. Shared by the trigger suite and the n8n 1.x/2.x compatibility smoke.
 */
export function pollingTriggerWorkflow(
	id: string,
	credential: { id: string; name: string },
): WorkflowFile {
	return {
		id,
		name: `e2e ${id}`,
		nodes: [kommoTriggerNode(credential), recordingNode('={{ $json.uid }}')],
		connections: { 'Kommo Trigger': { main: [[{ node: 'Next Node', type: 'main', index: 0 }]] } },
		settings: {},
	};
}

/** UIDs that reached the node after the trigger, over every execution given. */
export function uidsSeenByNextNode(executions: ExecutionRecord[]): string[] {
	return executions.flatMap((execution) => {
		const runData = (
			execution.data as {
				resultData?: {
					runData?: Record<
						string,
						Array<{ data?: { main?: Array<Array<{ json: { seen?: string } }>> } }>
					>;
				};
			}
		)?.resultData?.runData;
		return (runData?.['Next Node'] ?? []).flatMap((run) =>
			(run.data?.main?.[0] ?? []).map((item) => String(item.json.seen)),
		);
	});
}
