import { N8nInstance, type ExecuteResult, type N8nInstanceOptions } from './n8n-instance';
import { QueueCluster, type QueueClusterOptions } from './queue/queue-cluster';
import { runWorkflowViaRest } from './queue/run-workflow';

/**
 * Which n8n the workflow suites run against, chosen per jest run by KOMMO_E2E_MODE:
 * - unset / "regular": one `n8n start` with SQLite; workflows run in the CLI (`n8n execute`);
 * - "queue": a QueueCluster (Redis, PostgreSQL, main, 2 workers x concurrency 5); workflows are
 *   started on the main through REST and run on a worker.
 * An environment variable (not describe.each) keeps one n8n per test file and lets `npm test`
 * pick which suites get the second, slower pass.
 */
export const e2eMode: 'regular' | 'queue' =
	process.env.KOMMO_E2E_MODE === 'queue' ? 'queue' : 'regular';

export interface E2eN8n {
	readonly mode: 'regular' | 'queue';
	/** The n8n the tests talk to: the only one (regular) or the main process (queue). */
	readonly n8n: N8nInstance;
	/** Set in queue mode. */
	readonly cluster: QueueCluster | undefined;
	/** Starts the server (and the workers). */
	start(): Promise<void>;
	/**
	 * Runs a workflow from its Manual Trigger and returns the run: `n8n execute` in regular mode,
	 * REST on the main + a worker in queue mode (started on first use).
	 */
	run(workflowId: string): Promise<ExecuteResult & { executionId?: string }>;
	dispose(): Promise<void>;
}

/** Creates the n8n for a test file in the current mode; user folders differ per mode. */
export async function createE2eN8n(
	name: string,
	options: N8nInstanceOptions & Pick<QueueClusterOptions, 'workers' | 'concurrency'> = {},
): Promise<E2eN8n> {
	if (e2eMode === 'queue') {
		const cluster = await QueueCluster.create(`${name}-queue`, options);
		return {
			mode: 'queue',
			n8n: cluster.main,
			cluster,
			start: () => cluster.start(),
			run: async (workflowId) => {
				if (!cluster.isRunning) await cluster.start();
				return runWorkflowViaRest(cluster.main, workflowId);
			},
			dispose: () => cluster.dispose(),
		};
	}
	const n8n = await N8nInstance.create(name, options);
	return {
		mode: 'regular',
		n8n,
		cluster: undefined,
		start: () => n8n.start(),
		run: (workflowId) => n8n.execute(workflowId),
		dispose: () => n8n.dispose(),
	};
}
