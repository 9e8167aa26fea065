/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { dirname } from 'node:path';

export interface N8nEnvOptions {
	/** Node 24 from the runtime cache. */
	nodeBin: string;
	userFolder: string;
	encryptionKey: string;
	/** N8N_HOST, the host n8n puts into the URLs it builds. */
	host: string;
	/** 0 for CLI commands (they serve nothing). */
	port: number;
	brokerPort: number;
	extraEnv?: Record<string, string>;
}

/** The environment of every n8n process the harness starts: local, quiet, and ours alone. */
export function n8nEnv(options: N8nEnvOptions): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		// Keep a developer's own n8n settings out, and jest's: NODE_ENV=test makes n8n refuse to
		// load nodes ("Not available in tests"), NODE_OPTIONS may carry ts/jest flags.
		if (
			/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$|JEST_)/.test(
				key,
			)
		)
			continue;
		env[key] = value;
	}
	return {
		...env,
		// Anything n8n spawns with a bare `node`/`npm` gets Node 24 too.
		PATH: `${dirname(options.nodeBin)}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: options.encryptionKey,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		// Otherwise the MCP registry module calls n8n's cloud at start.
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: options.host,
		N8N_PORT: String(options.port || 5678),
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// Below info `execute --rawOutput` prints no JSON at all.
		N8N_LOG_LEVEL: 'info',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		...options.extraEnv,
	};
}
