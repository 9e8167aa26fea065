/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { createServer } from 'node:net';

/**
 * Asks the OS for a free port on 127.0.0.1. Another process may grab it before n8n binds it;
 * N8nInstance.start() retries with new ports when n8n reports EADDRINUSE.
 */
export function freePort(): Promise<number> {
	return new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address !== null ? address.port : 0;
			server.close(() => (port > 0 ? resolvePromise(port) : reject(new Error('no free port'))));
		});
	});
}
