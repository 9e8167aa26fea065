import { parseFlatted } from './flatted';

export interface ExecutionRecord {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	finished: boolean;
	startedAt: string | null;
	stoppedAt: string | null;
	/** The run data (IRunExecutionData: resultData.runData[node]...), decoded from flatted. */
	data: unknown;
}

/** A REST call that must succeed and returns n8n's `data` field (N8nInstance.rest). */
export type RestCall = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

/** One execution with its run data, from `GET /rest/executions/:id`. */
export async function fetchExecution(rest: RestCall, id: string): Promise<ExecutionRecord> {
	const full = await rest<Omit<ExecutionRecord, 'data'> & { data?: string }>(
		'GET',
		`/rest/executions/${id}`,
	);
	return {
		id: full.id,
		workflowId: full.workflowId,
		mode: full.mode,
		status: full.status,
		finished: full.finished,
		startedAt: full.startedAt,
		stoppedAt: full.stoppedAt,
		data: typeof full.data === 'string' ? parseFlatted(full.data) : full.data,
	};
}

/** The last 100 runs of a workflow, newest first, with their data. */
export async function listExecutions(
	rest: RestCall,
	workflowId: string,
): Promise<ExecutionRecord[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await rest<{ results: Array<{ id: string }> }>(
		'GET',
		`/rest/executions?filter=${filter}&limit=100`,
	);
	const records: ExecutionRecord[] = [];
	for (const { id } of list.results) records.push(await fetchExecution(rest, id));
	return records;
}
