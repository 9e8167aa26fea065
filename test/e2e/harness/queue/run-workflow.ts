import type { ExecuteResult, ExecutionRecord, N8nInstance } from '../n8n-instance';
import { sleep } from './service-process';

const RUN_TIMEOUT_MS = 120_000;

interface WorkflowNodes {
	nodes: Array<{ name: string; type: string }>;
}

/**
 * Runs a workflow the way the editor's "Execute workflow" button does: `POST
 * /rest/workflows/:id/run` on the main, from its Manual Trigger. With
 * OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS the main only enqueues it and a worker runs it. Waits for
 * the execution record and returns it in the shape of `N8nInstance.execute()` (the CLI's
 * `--rawOutput` run), so one test body checks both modes.
 */
export async function runWorkflowViaRest(
	n8n: N8nInstance,
	workflowId: string,
	timeoutMs = RUN_TIMEOUT_MS,
): Promise<ExecuteResult & { executionId: string }> {
	if (!n8n.isRunning) await n8n.start();
	const workflow = await n8n.rest<WorkflowNodes>('GET', `/rest/workflows/${workflowId}`);
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`workflow ${workflowId} has no Manual Trigger to run it from`);
	const started = await n8n.rest<{ executionId?: string }>(
		'POST',
		`/rest/workflows/${workflowId}/run`,
		{ triggerToStartFrom: { name: trigger.name } },
	);
	const executionId = started.executionId;
	if (typeof executionId !== 'string') {
		throw new Error(
			`POST /rest/workflows/${workflowId}/run started no execution: ${JSON.stringify(started)}`,
		);
	}
	const record = await waitForExecution(n8n, executionId, timeoutMs);
	const output = { status: record.status, mode: record.mode, data: record.data };
	return {
		executionId,
		exitCode: record.status === 'success' ? 0 : 1,
		output,
		stdout: '',
		stderr: '',
		crashedOnExit: false,
		maskedSecrets: 0,
	};
}

/** Polls one execution until it has stopped (success, error, crashed, canceled). */
export async function waitForExecution(
	n8n: N8nInstance,
	executionId: string,
	timeoutMs = RUN_TIMEOUT_MS,
): Promise<ExecutionRecord> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const record = await n8n.execution(executionId);
		if (record.stoppedAt !== null && record.status !== 'running' && record.status !== 'new') {
			return record;
		}
		if (Date.now() > deadline) {
			throw new Error(
				`execution ${executionId} still ${record.status} after ${timeoutMs} ms\n${n8n.serverLogText()}`,
			);
		}
		await sleep(300);
	}
}
