import { type ExecutionRecord, nodeItems } from '../harness';

/** The part of an execution's data that holds what the main queued it with. */
interface QueuedData {
	executionData?: {
		nodeExecutionStack?: Array<{
			node?: { name?: string };
			data?: { main?: Array<Array<{ json: { uid?: string } }> | null> };
		}>;
	};
}

/**
 * The uids an execution's Kommo Trigger emitted: its run data, or, for an execution whose worker
 * died before saving any run data, the poll output the main queued it with.
 *
 * After a worker crash n8n may instead rebuild the run data from its event log
 * (ExecutionRecoveryService.amend): each node that had started gets one placeholder item
 * `{ isArtificialRecoveredEventItem: true }`, not what the node emitted. Those are not leads, so
 * such an execution yields none; the caller uses what it read before the crash.
 */
export function triggerUids(execution: Pick<ExecutionRecord, 'data'>): string[] {
	const data = execution.data as QueuedData | null;
	try {
		return nodeItems({ data }, 'Kommo Trigger')
			.filter((item) => item.isArtificialRecoveredEventItem !== true)
			.map((item) => String(item.uid));
	} catch {
		const queued = data?.executionData?.nodeExecutionStack?.find(
			(entry) => entry.node?.name === 'Kommo Trigger',
		);
		return (queued?.data?.main?.[0] ?? []).map((item) => String(item.json.uid));
	}
}
