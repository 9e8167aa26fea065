/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling run by npm scripts, never shipped; the n8n Cloud rules are for nodes/ and credentials/ */
import { join } from 'node:path';

import type { N8nOwner } from '../../test/e2e/harness';

/**
 * What `npm run dev` starts, from the environment. Without KOMMO_TOKEN it serves the sandbox
 * (the fake Kommo from test/fake-kommo); with it, the same credential points at a real account.
 */
export interface DevConfig {
	/** n8n's editor port (KOMMO_DEV_PORT, default 5678). */
	n8nPort: number;
	/** `<repo>/.dev/n8n`: kept between runs (database, owner, imported workflows). */
	userFolder: string;
	/** KOMMO_DEV_RESET=1: start from an empty n8n (wipes .dev/n8n first). */
	reset: boolean;
	owner: N8nOwner;
	/** The fake Kommo's port, when no real account is configured. */
	sandbox: { port: number; token: string } | undefined;
	/** The credential's data (kommoIncomingLeadsLongLivedApi). */
	credentialData: { domain: string; subdomain?: string; baseUrl?: string; accessToken: string };
	/** A human description of the account, for the banner and the credential's name. */
	accountLabel: string;
}

/** The credential every example workflow refers to (examples/*.json). */
export const DEV_CREDENTIAL_ID = 'kommo-sandbox';
export const DEV_CREDENTIAL_TYPE = 'kommoIncomingLeadsLongLivedApi';
/** Not a secret: the fake Kommo only listens on 127.0.0.1 and holds made-up data. */
export const SANDBOX_TOKEN = 'sandbox-long-lived-token';
const DOMAINS = ['kommo.com', 'amocrm.com', 'amocrm.ru'];

/** Where the printed sign-in link lands: the workflow list, which shows the examples. */
export const DEV_LANDING_PATH = '/home/workflows';

export const DEV_OWNER: N8nOwner = {
	email: 'dev@example.com',
	firstName: 'Kommo',
	lastName: 'Sandbox',
	// Not a secret: the owner of a local n8n that only listens on 127.0.0.1 (printed at start).
	password: 'KommoSandbox1',
};

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1 || value > 65535)
		throw new Error(`${name} must be a port number, got "${raw}"`);
	return value;
}

export function readDevConfig(env: NodeJS.ProcessEnv, repoRoot: string): DevConfig {
	const common = {
		n8nPort: port(env, 'KOMMO_DEV_PORT', 5678),
		userFolder: join(repoRoot, '.dev', 'n8n'),
		reset: env.KOMMO_DEV_RESET === '1' || env.KOMMO_DEV_RESET === 'true',
		owner: DEV_OWNER,
	};
	const token = env.KOMMO_TOKEN?.trim();
	if (!token) {
		const sandboxPort = port(env, 'KOMMO_SANDBOX_PORT', 8765);
		return {
			...common,
			sandbox: { port: sandboxPort, token: SANDBOX_TOKEN },
			credentialData: {
				domain: 'custom',
				baseUrl: `http://127.0.0.1:${sandboxPort}`,
				accessToken: SANDBOX_TOKEN,
			},
			accountLabel: `sandbox Kommo at http://127.0.0.1:${sandboxPort}`,
		};
	}
	const baseUrl = env.KOMMO_BASE_URL?.trim();
	if (baseUrl) {
		if (!/^https?:\/\/[^/\s]+\/?$/.test(baseUrl))
			throw new Error(`KOMMO_BASE_URL must look like https://host[:port], got "${baseUrl}"`);
		return {
			...common,
			sandbox: undefined,
			credentialData: { domain: 'custom', baseUrl: baseUrl.replace(/\/$/, ''), accessToken: token },
			accountLabel: baseUrl,
		};
	}
	const subdomain = env.KOMMO_SUBDOMAIN?.trim() ?? '';
	const domain = env.KOMMO_DOMAIN?.trim() || 'kommo.com';
	if (!/^[a-z0-9][a-z0-9-]*$/i.test(subdomain)) {
		throw new Error(
			'KOMMO_TOKEN is set: also set KOMMO_SUBDOMAIN (e.g. mycompany for https://mycompany.kommo.com) or KOMMO_BASE_URL',
		);
	}
	if (!DOMAINS.includes(domain))
		throw new Error(`KOMMO_DOMAIN must be one of ${DOMAINS.join(', ')}, got "${domain}"`);
	return {
		...common,
		sandbox: undefined,
		credentialData: { domain, subdomain, accessToken: token },
		accountLabel: `https://${subdomain}.${domain}`,
	};
}
