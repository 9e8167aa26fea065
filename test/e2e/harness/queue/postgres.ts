import {
	chownSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import { runGroup } from '../child-processes';
import { freePort } from '../free-port';
import { ServiceProcess } from './service-process';

const START_TIMEOUT_MS = 60_000;
const PG_ROOT = '/usr/lib/postgresql';

export interface PostgresServer {
	port: number;
	database: string;
	user: string;
	/** Unused by trust authentication on 127.0.0.1, but n8n's config wants one. */
	password: string;
	/** Stops the server and removes its data folder. */
	stop(): Promise<void>;
}

/** The newest Debian PostgreSQL server binaries (`postgresql` package; .ci/run installs it). */
function postgresBin(): string {
	const versions = existsSync(PG_ROOT)
		? readdirSync(PG_ROOT)
				.filter(
					(entry) => /^\d+$/.test(entry) && existsSync(join(PG_ROOT, entry, 'bin', 'postgres')),
				)
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) {
		throw new Error(
			`no PostgreSQL server in ${PG_ROOT}/<version>/bin: install Debian's postgresql package (.ci/run does)`,
		);
	}
	return join(PG_ROOT, versions[0], 'bin');
}

/**
 * A throw-away PostgreSQL cluster on a free port of 127.0.0.1 (n8n's shared database in queue
 * mode). initdb and postgres refuse to run as root, so as root they run as Debian's `postgres`
 * user over a data folder it owns. Durability is switched off: the data dies with the test.
 */
export async function startPostgres(): Promise<PostgresServer> {
	const bin = postgresBin();
	const dir = mkdtempSync(join(tmpdir(), 'kommo-e2e-pg-'));
	const dataDir = join(dir, 'data');
	const socketDir = join(dir, 'socket');
	mkdirSync(socketDir);
	const asRoot = userInfo().uid === 0;
	if (asRoot) {
		const { uid, gid } = postgresUser();
		for (const path of [dir, socketDir]) chownSync(path, uid, gid);
	}
	// As root: `runuser -u postgres -- <binary> ...`; otherwise the binary itself.
	const command = (binary: string, args: string[]): [string, string[]] =>
		asRoot
			? ['runuser', ['-u', 'postgres', '--', join(bin, binary), ...args]]
			: [join(bin, binary), args];
	const user = 'n8n';
	const database = 'n8n';
	const runTool = async (binary: string, args: string[]): Promise<void> => {
		const [cmd, cmdArgs] = command(binary, args);
		const result = await runGroup(cmd, cmdArgs, { cwd: dir, env: process.env, timeoutMs: 60_000 });
		if (result.exitCode !== 0 || result.timedOut) {
			throw new Error(
				`${binary} failed (exit ${result.exitCode})\n${result.stdout}${result.stderr}`,
			);
		}
	};

	const port = await freePort();
	let server: ServiceProcess | undefined;
	const stop = async (): Promise<void> => {
		// SIGTERM is PostgreSQL's "smart" shutdown; the data is thrown away, so SIGKILL soon after.
		await server?.stop(3_000);
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await runTool('initdb', ['-D', dataDir, '-U', user, '-A', 'trust', '--no-sync', '-E', 'UTF8']);
		const [cmd, args] = command('postgres', [
			'-D',
			dataDir,
			'-p',
			String(port),
			'-h',
			'127.0.0.1',
			'-k',
			socketDir,
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
		]);
		server = new ServiceProcess('postgres', cmd, args, {
			cwd: dir,
			env: process.env,
			logFile: join(dir, 'postgres.log'),
		});
		const started = server;
		await started.waitUntil(
			() => /database system is ready to accept connections/.test(started.log),
			START_TIMEOUT_MS,
		);
		await runTool('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', user, database]);
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, database, user, password: 'unused-trust-auth', stop };
}

function postgresUser(): { uid: number; gid: number } {
	// Debian's postgresql-common creates this system user.
	const entry = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((line) => line.startsWith('postgres:'));
	if (!entry) {
		throw new Error('running as root needs the `postgres` user (Debian package postgresql-common)');
	}
	const [, , uid, gid] = entry.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}
