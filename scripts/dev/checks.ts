/* eslint-disable @n8n/community-nodes/require-node-api-error -- dev tooling run by npm scripts, never shipped; the n8n Cloud rules are for nodes/ and credentials/ */
import { describePortHolders, isPortFree, type N8nOwner } from '../../test/e2e/harness';

interface PortNeed {
	port: number;
	/** What will listen there, for the message. */
	what: string;
	/** The variable that moves it. */
	variable: string;
}

/** Fails, naming the process that holds each busy port, before `npm run dev` starts anything. */
export async function assertPortsFree(needs: PortNeed[]): Promise<void> {
	const busy: string[] = [];
	for (const need of needs) {
		if (!(await isPortFree(need.port))) {
			busy.push(
				`port ${need.port} (for ${need.what}) is in use by ${describePortHolders(need.port)}: stop it, or set ${need.variable} to a free port`,
			);
		}
	}
	if (busy.length > 0) throw new Error(busy.join('\n'));
}

/**
 * Signs in at `editor` exactly as the printed banner tells the user to. The harness signed in on
 * 127.0.0.1; this proves the printed URL (localhost) reaches the same n8n and takes the login.
 */
export async function assertLoginWorks(editor: string, owner: N8nOwner): Promise<void> {
	let status = 0;
	try {
		const response = await fetch(`${editor}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
			signal: AbortSignal.timeout(15_000),
		});
		status = response.status;
		await response.arrayBuffer();
	} catch (error) {
		throw new Error(
			`n8n does not answer on ${editor}: ${error instanceof Error ? error.message : String(error)}`,
		);
	}
	if (status !== 200)
		throw new Error(
			`the login ${owner.email} does not work on ${editor} (POST /rest/login answered ${status})`,
		);
}
