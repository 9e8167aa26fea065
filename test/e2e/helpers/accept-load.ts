/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import type { INode } from 'n8n-workflow';

import { startFakeKommo, type FakeKommo } from '../../fake-kommo';
import type { CredentialFile, WorkflowFile } from '../harness';

/**
 * Issue 10's load in a real n8n: 10 executions started at once, each accepting 30 incoming leads
 * with the Kommo node, against a fake account with Kommo's limit (429 from the 8th request per
 * second) and its block (403 on every request after 10 answers of 429 within a minute). Shared by
 * the queue-mode e2e test and `npm run bench:queue`.
 */
export const ACCEPT_LOAD = { executions: 10, leadsPerExecution: 30, perSecond: 6 };
export const LOAD_TOKEN = 'e2e-shared-limit-token';

export interface CredentialRef {
	id: string;
	name: string;
}

export const startLimitedFake = (): Promise<FakeKommo> =>
	startFakeKommo({
		port: 0,
		accessTokens: [LOAD_TOKEN],
		rateLimitPerSecond: 7,
		blockAfter429s: { after429s: 10, withinMs: 60_000 },
	});

/** A long-lived-token credential to the fake at 6/s, split between `processes` n8n processes. */
export function limitCredential(
	credential: CredentialRef,
	fake: FakeKommo,
	processes: number,
): CredentialFile {
	return {
		...credential,
		type: 'kommoIncomingLeadsLongLivedApi',
		data: {
			domain: 'custom',
			baseUrl: fake.url,
			accessToken: LOAD_TOKEN,
			maxRequestsPerSecond: ACCEPT_LOAD.perSecond,
			processesSharingLimit: processes,
		},
	};
}

/** Fresh incoming leads in the fake: one batch of uids per execution. */
export function addLeadBatches(fake: FakeKommo): string[][] {
	return Array.from({ length: ACCEPT_LOAD.executions }, () =>
		Array.from(
			{ length: ACCEPT_LOAD.leadsPerExecution },
			() => fake.state.addIncomingLead({ category: 'forms' }).uid,
		),
	);
}

/** The node the editor's "Execute workflow" (and `runWorkflowViaRest`) starts a run from. */
export const MANUAL_TRIGGER: INode = {
	id: 'm',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Manual Trigger → Code (this execution's uids) → Kommo accept per item. */
export function acceptWorkflow(
	id: string,
	uids: string[],
	credential: CredentialRef,
): WorkflowFile {
	return {
		id,
		name: `accept load ${id}`,
		nodes: [
			MANUAL_TRIGGER,
			{
				id: 'c',
				name: 'Leads',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: `return ${JSON.stringify(uids)}.map((uid) => ({ json: { uid } }));`,
				},
			},
			{
				id: 'k',
				name: 'Kommo',
				type: 'n8n-nodes-kommo-incoming-leads.kommo',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					authentication: 'longLivedToken',
					resource: 'incomingLead',
					operation: 'accept',
					uid: '={{ $json.uid }}',
				},
				credentials: { kommoIncomingLeadsLongLivedApi: credential },
			} as INode,
		],
		connections: {
			Start: { main: [[{ node: 'Leads', type: 'main', index: 0 }]] },
			Leads: { main: [[{ node: 'Kommo', type: 'main', index: 0 }]] },
		},
		settings: {},
	};
}

/** The uid of every accept the fake answered with 200, once per answer (repeats show). */
export const acceptedUids = (fake: FakeKommo): string[] =>
	fake.requests
		.filter((r) => r.method === 'POST' && r.status === 200)
		.map((r) => r.path.split('/')[5]);
