import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

import { freePort } from '../free-port';
import { N8nInstance, type N8nInstanceOptions } from '../n8n-instance';
import { n8nEnv } from '../n8n-env';
import { startPostgres, type PostgresServer } from './postgres';
import { startRedis, type RedisServer } from './redis';
import { ServiceProcess } from './service-process';

const WORKER_START_TIMEOUT_MS = 180_000;

export interface QueueClusterOptions extends N8nInstanceOptions {
	/** How many `n8n worker` processes; default 2. */
	workers?: number;
	/** `--concurrency` of each worker; default 5. */
	concurrency?: number;
}

/** One `n8n worker` process of a cluster (see QueueCluster.workers). */
export interface QueueWorker {
	readonly index: number;
	readonly running: boolean;
	/** Everything the worker printed since the cluster started (all its runs), e.g. "Worker started execution 12". */
	readonly log: string;
	readonly pid: number | undefined;
}

/**
 * n8n in queue mode on this machine, as teams run it when one process is not enough: Debian's
 * redis-server (the Bull queue), a throw-away PostgreSQL (the shared database), the main process
 * (`n8n start`: editor, REST, triggers, webhooks; an N8nInstance) and N workers (`n8n worker`)
 * that run every execution, manual ones included (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS). All of
 * them share one encryption key and this package, installed once as a community package in the
 * main's user folder; each worker's user folder links to those nodes.
 *
 * Typical use (one cluster per test file: workers take 10-20 s to start on 2 cores):
 *   const cluster = await startQueueCluster('my-suite', { installPackage: true, workers: 2 });
 *   await cluster.main.importWorkflows([...]);       // any N8nInstance method, through the main
 *   const run = await runWorkflowOnQueue(cluster.main, 'wf-id');
 *   cluster.workerThatRan(executionId);              // which worker ran it, from its log
 *   await cluster.restartMain(); await cluster.restartWorker(0); await cluster.dispose();
 * createQueueCluster() is the same without starting main and workers (import first, then start()).
 */
export class QueueCluster {
	private readonly workerProcesses: Array<ServiceProcess | undefined>;
	/** What earlier runs of each worker printed (before restartWorker). */
	private readonly pastLogs: string[];

	private constructor(
		readonly main: N8nInstance,
		private readonly redis: RedisServer,
		private readonly postgres: PostgresServer,
		private readonly queueEnv: Record<string, string>,
		readonly concurrency: number,
		workerCount: number,
	) {
		this.workerProcesses = Array.from({ length: workerCount }, () => undefined);
		this.pastLogs = this.workerProcesses.map(() => '');
	}

	/** Redis and PostgreSQL up, the main created (CLI imports work), nothing of n8n running yet. */
	static async create(name: string, options: QueueClusterOptions = {}): Promise<QueueCluster> {
		const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
		try {
			const queueEnv: Record<string, string> = {
				EXECUTIONS_MODE: 'queue',
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(postgres.port),
				DB_POSTGRESDB_DATABASE: postgres.database,
				DB_POSTGRESDB_USER: postgres.user,
				DB_POSTGRESDB_PASSWORD: postgres.password,
				// One key for all processes: credentials are encrypted by one and read by another.
				N8N_ENCRYPTION_KEY: `e2e-queue-${randomBytes(12).toString('hex')}`,
			};
			const main = await N8nInstance.create(name, {
				...options,
				extraEnv: { ...queueEnv, ...options.extraEnv },
			});
			return new QueueCluster(
				main,
				redis,
				postgres,
				{ ...queueEnv, ...options.extraEnv },
				options.concurrency ?? 5,
				options.workers ?? 2,
			);
		} catch (error) {
			await Promise.all([redis.stop(), postgres.stop()]);
			throw error;
		}
	}

	get workers(): QueueWorker[] {
		return this.workerProcesses.map((process, index) => ({
			index,
			running: process?.running ?? false,
			log: this.pastLogs[index] + (process?.log ?? ''),
			pid: process?.pid,
		}));
	}

	get isRunning(): boolean {
		return this.main.isRunning && this.workerProcesses.every((worker) => worker?.running);
	}

	/** Starts the main (migrates the database, signs in), then every worker that is not running. */
	async start(): Promise<void> {
		await this.main.start();
		await Promise.all(
			this.workerProcesses.map((worker, index) =>
				worker?.running ? Promise.resolve() : this.startWorker(index),
			),
		);
	}

	/** Stops and starts the main process; workers and queued jobs stay. */
	async restartMain(): Promise<void> {
		await this.main.restart();
	}

	/**
	 * Restarts worker `index`. `kill: true` ends it with SIGKILL (a crash: executions it was
	 * running are left for n8n's recovery); otherwise SIGTERM, n8n's graceful shutdown.
	 */
	async restartWorker(index: number, options: { kill?: boolean } = {}): Promise<void> {
		await this.stopWorker(index, options);
		await this.startWorker(index);
	}

	async stopWorker(index: number, options: { kill?: boolean } = {}): Promise<void> {
		const worker = this.workerProcesses[index];
		if (!worker) return;
		await (options.kill ? worker.kill() : worker.stop(20_000));
	}

	/** The index of the worker whose log says it started execution `executionId`, or undefined. */
	workerThatRan(executionId: string): number | undefined {
		const line = new RegExp(`Worker started execution ${executionId} \\(`);
		const index = this.workers.findIndex((worker) => line.test(worker.log));
		return index === -1 ? undefined : index;
	}

	/** Stops workers, main, Redis and PostgreSQL; safe to call more than once. */
	async dispose(): Promise<void> {
		await Promise.all(this.workerProcesses.map((worker) => worker?.stop(10_000)));
		await this.main.dispose();
		await Promise.all([this.redis.stop(), this.postgres.stop()]);
	}

	private async startWorker(index: number): Promise<void> {
		const main = this.main;
		// Its own user folder (n8n writes config and event logs there) whose nodes are the main's.
		const userFolder = join(main.userFolder, 'workers', String(index));
		if (!existsSync(join(userFolder, '.n8n', 'nodes'))) {
			mkdirSync(join(userFolder, '.n8n'), { recursive: true });
			symlinkSync(join(main.userFolder, '.n8n', 'nodes'), join(userFolder, '.n8n', 'nodes'));
		}
		const previous = this.workerProcesses[index];
		if (previous) this.pastLogs[index] += previous.log;
		const healthPort = await freePort();
		const env = n8nEnv({
			nodeBin: main.runtime.nodeBin,
			userFolder,
			encryptionKey: this.queueEnv.N8N_ENCRYPTION_KEY,
			host: '127.0.0.1',
			port: healthPort,
			// Every worker starts its own task broker.
			brokerPort: await freePort(),
			extraEnv: {
				...this.queueEnv,
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
		});
		const worker = new ServiceProcess(
			`n8n worker ${index}`,
			main.runtime.nodeBin,
			[main.runtime.n8nEntry, 'worker', `--concurrency=${this.concurrency}`],
			{ cwd: userFolder, env, logFile: join(userFolder, 'n8n-worker.log') },
		);
		this.workerProcesses[index] = worker;
		await worker.waitUntil(
			async () => /n8n worker is now ready/.test(worker.log) && (await isReady(healthPort)),
			WORKER_START_TIMEOUT_MS,
		);
	}
}

/** createQueueCluster + start(): a running cluster. */
export async function startQueueCluster(
	name: string,
	options: QueueClusterOptions = {},
): Promise<QueueCluster> {
	const cluster = await QueueCluster.create(name, options);
	try {
		await cluster.start();
	} catch (error) {
		await cluster.dispose();
		throw error;
	}
	return cluster;
}

export const createQueueCluster = (
	name: string,
	options: QueueClusterOptions = {},
): Promise<QueueCluster> => QueueCluster.create(name, options);

async function isReady(port: number): Promise<boolean> {
	try {
		const response = await fetch(`http://127.0.0.1:${port}/healthz/readiness`, {
			signal: AbortSignal.timeout(2_000),
		});
		return response.status === 200;
	} catch {
		return false;
	}
}
