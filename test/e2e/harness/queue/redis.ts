import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../free-port';
import { ServiceProcess } from './service-process';

const START_TIMEOUT_MS = 30_000;

export interface RedisServer {
	port: number;
	/** Stops the server and removes its data folder. */
	stop(): Promise<void>;
}

/**
 * Debian's `redis-server` (installed by .ci/run when missing) on a free port of 127.0.0.1, with
 * no persistence and a throw-away working folder: n8n's Bull queue for one test file.
 */
export async function startRedis(): Promise<RedisServer> {
	const dir = mkdtempSync(join(tmpdir(), 'kommo-e2e-redis-'));
	const port = await freePort();
	const server = new ServiceProcess(
		'redis-server',
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{ cwd: dir, env: process.env, logFile: join(dir, 'redis.log') },
	);
	const stop = async (): Promise<void> => {
		await server.stop(5_000);
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await server.waitUntil(() => pingRedis(port), START_TIMEOUT_MS);
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, stop };
}

/** True when `PING` answers `+PONG` (RESP inline command). */
function pingRedis(port: number): Promise<boolean> {
	return new Promise((resolvePromise) => {
		const socket = new Socket();
		let answer = '';
		const done = (ok: boolean): void => {
			socket.destroy();
			resolvePromise(ok);
		};
		socket.setTimeout(2_000, () => done(false));
		socket.once('error', () => done(false));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
		socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
	});
}
