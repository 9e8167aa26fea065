/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	IConnections,
	INode,
	IWorkflowSettings,
} from 'n8n-workflow';

import {
	type CommandResult,
	exited,
	groupRssBytes,
	hasExited,
	runGroup,
	spawnGroup,
	stopGroup,
	unrefGroup,
} from './child-processes';
import { type ExecutionRecord, fetchExecution, listExecutions } from './execution-records';
import { crashedBySignal } from './exit-crash';
import { freePort } from './free-port';
import { n8nEnv } from './n8n-env';
import { type N8nLine, N8N_LINES } from './n8n-version';
import { describePortHolders, isPortFree, servesPort } from './port-owner';
import { claimUserFolder } from './user-folder';
import { type InstalledPackage, installPackageInto } from './package-install';
import { e2eRoot, repoRoot } from './paths';
import { parseRawOutput } from './raw-output';
import { ensureN8nRuntime, type N8nRuntime } from './runtime';
import { SecretRedactor } from './secrets';

export type { ExecutionRecord } from './execution-records';

/** What `n8n import:credentials` reads: plain data, encrypted by n8n on import. */
export interface CredentialFile {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** What `n8n import:workflow` reads. `id` is required so tests can refer to the workflow. */
export interface WorkflowFile {
	id: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	active?: boolean;
}

export interface ExecuteResult {
	/** 0 when the run succeeded, 1 when a node failed (n8n's own exit codes). */
	exitCode: number;
	/** The run (n8n's IRun) printed by `--rawOutput`; undefined if n8n printed none. */
	output: unknown;
	/** Both with known secrets masked. */
	stdout: string;
	stderr: string;
	/**
	 * n8n 2.41's CLI sometimes (~1 run in 10 here) dies with SIGSEGV (once SIGILL) while exiting,
	 * after it printed the complete run (a V8 crash in a worker thread at teardown; see
	 * exit-crash.ts). Then `exitCode` is
	 * derived from the printed run's status and this flag is set; re-running would repeat the
	 * workflow's side effects, so the harness does not retry.
	 */
	crashedOnExit: boolean;
	/** How many secret occurrences were masked in stdout/stderr; 0 means nothing leaked. */
	maskedSecrets: number;
}

export interface RestResponse {
	status: number;
	body: unknown;
}

export interface N8nOwner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export interface N8nInstanceOptions {
	/** Install the package built in this repo (`npm run build` first). */
	installPackage?: boolean;
	/** Also install other local packages (e.g. the probe fixture), by folder. */
	extraPackages?: string[];
	/** An absolute user folder instead of `<repo>/.e2e/<name>` (e.g. `npm run dev`'s `.dev/n8n`). */
	userFolder?: string;
	/**
	 * Keep what the user folder holds (database, owner, workflows) instead of wiping it: a second
	 * `npm run dev` reuses the first one's n8n. The owner is then signed in, not created again.
	 */
	keepUserFolder?: boolean;
	/** Serve on this port (no retry with another one); default: a free port. */
	port?: number;
	/** N8N_HOST, the host n8n puts into the URLs it builds (OAuth callback...); default 127.0.0.1. */
	host?: string;
	/** The owner account created at the first start; default: a throw-away e2e owner. */
	owner?: N8nOwner;
	/** More environment for the server and CLI, e.g. N8N_WEBHOOK_URL for web hook triggers. */
	extraEnv?: Record<string, string>;
	/** Which n8n runs: '2.x' (2.41.1, default) or '1.x' (1.123, the compatibility smoke). */
	line?: N8nLine;
}

const E2E_OWNER: N8nOwner = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	// Not a secret: a throw-away instance on 127.0.0.1 that only lives for one test file.
	password: 'E2e-Owner-Passw0rd',
};
const CLI_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;
const LOG_TAIL_CHARS = 4_000;

/**
 * One real n8n 2.41.1 with its own user folder under `<repo>/.e2e/<name>` (SQLite database,
 * encryption key, installed community packages). CLI commands (`import:*`, `execute`,
 * `publish:workflow`) and the server (`start`) share that folder; each test file should create
 * one instance and reuse it: a CLI call costs ~3-5 s and a server start ~8-10 s.
 *
 * Always call `dispose()` (afterAll): it kills every process the instance started. If a run
 * crashes or is interrupted, a watchdog per process group still kills n8n (group-watchdog.js).
 */
export class N8nInstance {
	readonly installedPackages: InstalledPackage[] = [];
	private readonly secrets = new SecretRedactor();
	private server: ChildProcess | undefined;
	private serverLog: WriteStream | undefined;
	private serverLogTail = '';
	private cookie: string | undefined;
	private ownerCreated = false;
	private fileCounter = 0;
	private port = 0;
	private serverBrokerPort = 0;

	private constructor(
		readonly name: string,
		readonly userFolder: string,
		readonly runtime: N8nRuntime,
		// CLI commands start their own task broker; a port of their own lets them run while the
		// server is up.
		private readonly cliBrokerPort: number,
		private readonly options: N8nInstanceOptions,
	) {}

	/** The account n8n's owner signs in with (the editor's login). */
	get owner(): N8nOwner {
		return this.options.owner ?? E2E_OWNER;
	}

	/** The owner's session as a cookie `{ name, value }` (e.g. for a browser), once start() signed in. */
	get sessionCookie(): { name: string; value: string } | undefined {
		if (!this.cookie) return undefined;
		const separator = this.cookie.indexOf('=');
		return { name: this.cookie.slice(0, separator), value: this.cookie.slice(separator + 1) };
	}

	/** Wipes and creates `<repo>/.e2e/<name>`, then installs the requested packages. */
	static async create(name: string, options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		if (!/^[\w.-]+$/.test(name))
			throw new Error(`instance name "${name}" must be a plain folder name`);
		const runtime = await ensureN8nRuntime(options.line);
		const userFolder = options.userFolder ?? join(e2eRoot, name);
		const reused = claimUserFolder(userFolder, options.keepUserFolder === true);
		const instance = new N8nInstance(name, userFolder, runtime, await freePort(), options);
		// A kept folder whose n8n has run before already has its owner: sign in instead.
		instance.ownerCreated = reused && existsSync(join(userFolder, '.n8n', 'database.sqlite'));
		for (const packageRoot of options.extraPackages ?? []) {
			instance.installedPackages.push(await installPackageInto(userFolder, { packageRoot }));
		}
		if (options.installPackage) {
			instance.installedPackages.push(
				await installPackageInto(userFolder, { packageRoot: repoRoot }),
			);
		}
		return instance;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get isRunning(): boolean {
		return this.server !== undefined && !hasExited(this.server);
	}

	/** Masks known secrets (credential tokens, the session cookie) in any text before printing it. */
	mask(text: string): string {
		return this.secrets.mask(text);
	}

	/** Registers an extra value to mask (e.g. a token a fake server hands out). */
	addSecret(value: string): void {
		this.secrets.add(value);
	}

	/** Runs `n8n <args>` against this user folder; output comes back with secrets masked. */
	async cli(
		args: string[],
		timeoutMs = CLI_TIMEOUT_MS,
	): Promise<CommandResult & { maskedSecrets: number }> {
		const result = await runGroup(this.runtime.nodeBin, [this.runtime.n8nEntry, ...args], {
			cwd: this.userFolder,
			env: this.env(this.cliBrokerPort, 0),
			timeoutMs,
		});
		const stdout = this.secrets.redact(result.stdout);
		const stderr = this.secrets.redact(result.stderr);
		if (result.timedOut) {
			throw new Error(
				`n8n ${args[0]} timed out after ${timeoutMs} ms\n${tail(stdout.text + stderr.text)}`,
			);
		}
		return {
			...result,
			stdout: stdout.text,
			stderr: stderr.text,
			maskedSecrets: stdout.count + stderr.count,
		};
	}

	async importCredentials(credentials: CredentialFile[]): Promise<void> {
		for (const credential of credentials) this.secrets.addFromCredentialData(credential.data);
		// The file holds plain secrets: it only lives for the duration of the import.
		await this.importFile('import:credentials', credentials, 'Successfully imported');
	}

	async importWorkflow(workflow: WorkflowFile): Promise<string> {
		await this.importWorkflows([workflow]);
		return workflow.id;
	}

	/** Several workflows in one CLI call (each call costs ~4 s, mostly n8n's own start-up). */
	async importWorkflows(workflows: WorkflowFile[]): Promise<void> {
		await this.importFile('import:workflow', workflows, 'Successfully imported');
	}

	/** `n8n execute --id=<id> --rawOutput`: the workflow must start with a Manual Trigger. */
	async execute(workflowId: string, timeoutMs = CLI_TIMEOUT_MS): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], timeoutMs);
		const output = parseRawOutput(result.stdout);
		const status = runStatusOf(output);
		const crashedOnExit = crashedBySignal(result) && status !== undefined;
		return {
			exitCode: crashedOnExit ? (status === 'success' ? 0 : 1) : result.exitCode,
			output,
			stdout: result.stdout,
			stderr: result.stderr,
			crashedOnExit,
			maskedSecrets: result.maskedSecrets,
		};
	}

	/**
	 * Publishes (activates) a workflow. While the server runs this goes through the REST API
	 * (`POST /rest/workflows/:id/activate` with the current versionId), so triggers start at once;
	 * while it is stopped, `n8n publish:workflow` (1.x: `update:workflow --active=true`) marks it
	 * active for the next start.
	 */
	async activate(workflowId: string): Promise<void> {
		if (this.isRunning) {
			const workflow = await this.rest<{ versionId: string }>(
				'GET',
				`/rest/workflows/${workflowId}`,
			);
			await this.rest('POST', `/rest/workflows/${workflowId}/activate`, {
				versionId: workflow.versionId,
			});
			return;
		}
		await this.setActiveWhileStopped(workflowId, true);
	}

	/** The opposite of activate(): REST while running, the CLI while stopped. */
	async deactivate(workflowId: string): Promise<void> {
		if (this.isRunning) {
			await this.rest('POST', `/rest/workflows/${workflowId}/deactivate`, {});
			return;
		}
		await this.setActiveWhileStopped(workflowId, false);
	}

	/** `n8n publish:workflow` / `unpublish:workflow` (2.x) or `update:workflow --active` (1.x). */
	private async setActiveWhileStopped(workflowId: string, active: boolean): Promise<void> {
		const line = N8N_LINES[this.runtime.line];
		const args = line.setActiveCommand(workflowId, active);
		const result = await this.cli(args);
		if (!okOrCrashedAfter(result, line.setActiveSuccess(active))) {
			throw new Error(`n8n ${args.join(' ')} failed\n${tail(result.stdout + result.stderr)}`);
		}
	}

	/**
	 * Starts `n8n start`, waits for /healthz/readiness and signs in (creating the owner once). In a
	 * kept user folder whose owner does not accept the configured login any more (changed in the
	 * UI, or set up by an interrupted run), the owner is reset with `n8n user-management:reset`
	 * and set up again: workflows and credentials stay.
	 */
	async start(): Promise<void> {
		if (this.isRunning) return;
		await this.startServer();
		try {
			await this.signIn();
		} catch (error) {
			if (!(error instanceof StaleOwnerError)) throw error;
			this.onStaleOwner?.(error.message);
			await this.stop();
			const reset = await this.cli(['user-management:reset']);
			if (!okOrCrashedAfter(reset, /reset|Successfully/i)) {
				throw new Error(
					`n8n user-management:reset failed (exit ${reset.exitCode})\n${tail(reset.stdout + reset.stderr)}`,
				);
			}
			this.ownerCreated = false;
			await this.startServer();
			await this.signIn();
		}
	}

	/** Called when start() found a stale owner login and is about to reset it (for a message). */
	onStaleOwner: ((reason: string) => void) | undefined;

	private async startServer(): Promise<void> {
		if (this.options.port !== undefined && !(await isPortFree(this.options.port))) {
			throw new Error(
				`port ${this.options.port} is already in use by ${describePortHolders(this.options.port)}`,
			);
		}
		for (let attempt = 1; ; attempt++) {
			this.port = this.options.port ?? (await freePort());
			this.serverBrokerPort = await freePort();
			try {
				await this.spawnServer();
				break;
			} catch (error) {
				// Another process may have taken a port between freePort() and n8n binding it.
				const portTaken =
					/EADDRINUSE/.test(this.serverLogTail) ||
					(error instanceof Error && /EADDRINUSE/.test(error.message));
				await this.stop();
				if (portTaken && this.options.port !== undefined) {
					throw new Error(
						`port ${this.options.port} (or n8n's task broker port) is already in use: is another n8n running?`,
					);
				}
				if (!portTaken || attempt >= 3) throw error;
			}
		}
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		this.cookie = undefined;
		if (server) await stopGroup(server, STOP_GRACE_MS);
		await new Promise<void>((resolvePromise) =>
			this.serverLog ? this.serverLog.end(resolvePromise) : resolvePromise(),
		);
		this.serverLog = undefined;
	}

	async restart(): Promise<void> {
		await this.stop();
		await this.start();
	}

	/** Kills everything this instance started. Safe to call more than once. */
	async dispose(): Promise<void> {
		await this.stop();
		rmSync(join(this.userFolder, '.owner-pid'), { force: true });
	}

	/** Any REST call with the owner's session; never throws on HTTP errors. */
	async request(method: string, path: string, body?: unknown): Promise<RestResponse> {
		if (!this.isRunning) throw new Error(`n8n "${this.name}" is not running: call start() first`);
		const headers: Record<string, string> = { accept: 'application/json' };
		if (this.cookie) headers.cookie = this.cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(this.baseUrl + path, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text === '' ? undefined : JSON.parse(text);
		} catch {
			// Not JSON (e.g. an HTML error page): return the text as is.
		}
		return { status: response.status, body: parsed };
	}

	/**
	 * A REST call that must succeed; returns the `data` field n8n wraps responses in. `T` is what
	 * the caller expects n8n to send: not validated, like any JSON.
	 */
	async rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.request(method, path, body);
		if (response.status < 200 || response.status >= 300) {
			const detail = this.mask(JSON.stringify(response.body) ?? '').slice(0, 1_000);
			throw new Error(`${method} ${path} answered ${response.status}: ${detail}`);
		}
		const wrapped = response.body;
		const data =
			typeof wrapped === 'object' && wrapped !== null && 'data' in wrapped ? wrapped.data : wrapped;
		// The caller states the expected shape (see above).
		return data as T;
	}

	/** The last 100 runs of a workflow, newest first, with their data (needs the server). */
	executions(workflowId: string): Promise<ExecutionRecord[]> {
		return listExecutions(this.rest.bind(this), workflowId);
	}

	/** One execution with its run data (needs the server). */
	execution(executionId: string): Promise<ExecutionRecord> {
		return fetchExecution(this.rest.bind(this), executionId);
	}

	/** Polls executions() until `count` runs of the workflow have ended (e.g. trigger polls). */
	async waitForExecutions(
		workflowId: string,
		count: number,
		timeoutMs = 90_000,
	): Promise<ExecutionRecord[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const done = (await this.executions(workflowId)).filter((run) => run.stoppedAt !== null);
			if (done.length >= count) return done;
			if (Date.now() > deadline) {
				throw new Error(
					`workflow ${workflowId}: ${done.length} of ${count} executions after ${timeoutMs} ms\n${this.serverLogText()}`,
				);
			}
			await sleep(500);
		}
	}

	/** Resident memory of the server and its task runner, in bytes (0 when stopped). */
	serverMemoryBytes(): number {
		const pid = this.isRunning ? this.server?.pid : undefined;
		return pid ? groupRssBytes(pid, pid) : 0;
	}

	/** The last part of the server's log, secrets masked (the full log: <userFolder>/n8n-server.log). */
	serverLogText(): string {
		return this.mask(this.serverLogTail);
	}

	private async importFile(command: string, content: unknown, successText: string): Promise<void> {
		const file = join(this.userFolder, `${command.replace(':', '-')}-${++this.fileCounter}.json`);
		writeFileSync(file, JSON.stringify(content));
		try {
			const result = await this.cli([command, `--input=${file}`]);
			if (!okOrCrashedAfter(result, new RegExp(successText))) {
				throw new Error(
					`n8n ${command} failed (exit ${result.exitCode})\n${tail(result.stdout + result.stderr)}`,
				);
			}
		} finally {
			rmSync(file, { force: true });
		}
	}

	private async spawnServer(): Promise<void> {
		this.serverLogTail = '';
		this.serverLog = createWriteStream(join(this.userFolder, 'n8n-server.log'), { flags: 'a' });
		const server = spawnGroup(this.runtime.nodeBin, [this.runtime.n8nEntry, 'start'], {
			cwd: this.userFolder,
			env: this.env(this.serverBrokerPort, this.port),
		});
		this.server = server;
		// A forgotten dispose() must not keep jest alive; the watchdog ends the server when jest exits.
		unrefGroup(server);
		const onOutput = (chunk: Buffer): void => {
			this.serverLog?.write(chunk);
			this.serverLogTail = (this.serverLogTail + chunk.toString('utf8')).slice(-LOG_TAIL_CHARS);
		};
		server.stdout?.on('data', onOutput);
		server.stderr?.on('data', onOutput);
		let spawnError: Error | undefined;
		server.once('error', (error) => (spawnError = error));
		const serverExited = exited(server);

		const deadline = Date.now() + START_TIMEOUT_MS;
		for (;;) {
			if (spawnError) throw spawnError;
			if (hasExited(server)) {
				throw new Error(
					`n8n start exited (${server.exitCode ?? server.signalCode}) before it was ready\n${this.serverLogText()}`,
				);
			}
			if (await this.isReady()) {
				// Another n8n on the same port also answers /healthz/readiness.
				if (!servesPort(server, this.port)) {
					throw new Error(
						`port ${this.port} answers, but not from the n8n just started: it is in use by ${describePortHolders(this.port)} (EADDRINUSE)`,
					);
				}
				return;
			}
			if (Date.now() > deadline) {
				throw new Error(
					`n8n start was not ready after ${START_TIMEOUT_MS} ms\n${this.serverLogText()}`,
				);
			}
			await Promise.race([sleep(200), serverExited]);
		}
	}

	private async isReady(): Promise<boolean> {
		try {
			for (const path of N8N_LINES[this.runtime.line].readyPaths) {
				const response = await fetch(this.baseUrl + path, { signal: AbortSignal.timeout(2_000) });
				if (response.status !== 200) return false;
			}
			return true;
		} catch {
			return false; // not listening yet
		}
	}

	/** The REST API answers 401 until an owner exists; then every call needs its session cookie. */
	private async signIn(): Promise<void> {
		const owner = this.owner;
		const post = (path: string, body: unknown): Promise<Response> =>
			fetch(this.baseUrl + path, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		const login = (): Promise<Response> =>
			post('/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		const setup = (): Promise<Response> => post('/rest/owner/setup', owner);
		let path = this.ownerCreated ? '/rest/login' : '/rest/owner/setup';
		let response = this.ownerCreated ? await login() : await setup();
		if (this.options.keepUserFolder && response.status !== 200) {
			// A kept folder: its owner may have been set up by an earlier run (setup answers 400),
			// or never (an earlier run stopped before it: login answers 401).
			path = path === '/rest/login' ? '/rest/owner/setup' : '/rest/login';
			response = path === '/rest/login' ? await login() : await setup();
			if (response.status === 401 || response.status === 400) {
				throw new StaleOwnerError(
					`the owner in ${this.userFolder} does not accept the login ${owner.email} (POST ${path} answered ${response.status})`,
				);
			}
		}
		const auth = response.headers.getSetCookie().find((cookie) => cookie.startsWith('n8n-auth='));
		if (response.status !== 200 || !auth) {
			throw new Error(
				`POST ${path} answered ${response.status}: ${this.mask(await response.text()).slice(0, 500)}`,
			);
		}
		this.cookie = auth.split(';')[0];
		this.secrets.add(this.cookie.slice('n8n-auth='.length));
		this.ownerCreated = true;
	}

	private env(brokerPort: number, port: number): NodeJS.ProcessEnv {
		return n8nEnv({
			nodeBin: this.runtime.nodeBin,
			userFolder: this.userFolder,
			encryptionKey: `e2e-${this.name}-encryption-key`,
			host: this.options.host ?? '127.0.0.1',
			port,
			brokerPort,
			extraEnv: { ...N8N_LINES[this.runtime.line].env, ...this.options.extraEnv },
		});
	}
}

/** A kept user folder whose owner does not take the configured login. */
class StaleOwnerError extends Error {}

function okOrCrashedAfter(result: CommandResult, success: RegExp): boolean {
	// Some commands log their failure and still exit 0, so the success line is always required.
	// A crash signal after it is n8n's crash at exit (see ExecuteResult.crashedOnExit): the work
	// is done.
	const finished = result.exitCode === 0 || crashedBySignal(result);
	return finished && success.test(result.stdout + result.stderr);
}

function runStatusOf(output: unknown): string | undefined {
	if (typeof output !== 'object' || output === null || !('status' in output)) return undefined;
	return typeof output.status === 'string' ? output.status : undefined;
}

function tail(text: string): string {
	return text.length > LOG_TAIL_CHARS ? '…' + text.slice(-LOG_TAIL_CHARS) : text;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}
