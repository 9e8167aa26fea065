import type { INode } from 'n8n-workflow';

import type { CredentialFile, WorkflowFile } from './harness';

/**
 * One workflow per Kommo operation (Manual Trigger → Kommo), shared by the operations suite and
 * the n8n 1.x/2.x compatibility smoke. UIDs are fixed, so every workflow can be imported once up
 * front (one CLI call instead of ten).
 */
export const UID = {
	get: 'a1'.repeat(30),
	accept: 'a2'.repeat(30),
	decline: 'a3'.repeat(30),
	link: 'a4'.repeat(30),
	missing: 'ab'.repeat(30),
};

export const LONG_LIVED_CREDENTIAL = { id: 'kommo-e2e', name: 'Kommo e2e' };
export const OAUTH_CREDENTIAL = { id: 'kommo-e2e-oauth', name: 'Kommo e2e OAuth2' };

const manual: INode = {
	id: 'manual',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export function kommoWorkflow(
	id: string,
	parameters: Record<string, unknown>,
	oauth = false,
): WorkflowFile {
	const credentials: INode['credentials'] = oauth
		? { kommoIncomingLeadsOAuth2Api: OAUTH_CREDENTIAL }
		: { kommoIncomingLeadsLongLivedApi: LONG_LIVED_CREDENTIAL };
	const kommo: INode = {
		id: 'kommo',
		name: 'Kommo',
		type: 'n8n-nodes-kommo-incoming-leads.kommo',
		typeVersion: 1,
		position: [220, 0],
		parameters: {
			authentication: oauth ? 'oAuth2' : 'longLivedToken',
			resource: 'incomingLead',
			...parameters,
		} as INode['parameters'],
		credentials,
	};
	return {
		id,
		name: `e2e ${id}`,
		nodes: [manual, kommo],
		connections: { Start: { main: [[{ node: 'Kommo', type: 'main', index: 0 }]] } },
		settings: {},
	};
}

export const OPERATION_WORKFLOWS = {
	opGetAll: [
		{
			operation: 'getAll',
			returnAll: true,
			filters: { categories: ['sip', 'forms'] },
			options: { order: 'asc' },
		},
	],
	opGetAllOAuth: [{ operation: 'getAll', returnAll: true }, true],
	opGet: [{ operation: 'get', uid: UID.get }],
	opCreateSip: [
		{
			operation: 'createSip',
			inputMode: 'fields',
			sourceName: 'PBX',
			sourceUid: 'pbx-1',
			phone: '14155551234',
			callFrom: 'onlinePBX',
			duration: 54,
			serviceCode: 'svc',
			contactName: 'Jane Doe',
			contactFields: { email: 'jane@example.com' },
		},
	],
	opCreateForm: [
		{
			operation: 'createForm',
			inputMode: 'json',
			incomingLeadsJson: JSON.stringify(
				[1, 2, 3].map((i) => ({
					source_name: 'Website',
					source_uid: 'contact-form',
					metadata: {
						form_id: 'f',
						form_name: 'Contact',
						form_page: 'https://example.com',
						form_sent_at: 1_700_000_000 + i,
					},
					_embedded: { contacts: [{ name: `Visitor ${i}` }] },
				})),
			),
		},
	],
	opAccept: [
		{
			operation: 'accept',
			uid: UID.accept,
			acceptOptions: { statusId: 58141807, userId: 8375357 },
		},
	],
	opDecline: [{ operation: 'decline', uid: UID.decline }],
	opLink: [{ operation: 'link', uid: UID.link, entityType: 'leads', entityId: '152464' }],
	opSummary: [
		{ operation: 'getSummary', filters: { pipelineId: 6950551, createdSince: 1_700_000_000 } },
	],
	opNotFound: [{ operation: 'get', uid: UID.missing }],
} satisfies Record<string, [parameters: Record<string, unknown>, oauth?: boolean]>;

export type OperationWorkflowId = keyof typeof OPERATION_WORKFLOWS;

/** Every workflow of OPERATION_WORKFLOWS, ready for `importWorkflows`. */
export function operationWorkflows(): WorkflowFile[] {
	return Object.entries(OPERATION_WORKFLOWS).map(([id, [parameters, oauth]]) =>
		kommoWorkflow(id, parameters, oauth === true),
	);
}

/** The two credentials the operation workflows use, pointed at the fake Kommo. */
export function kommoCredentials(
	fakeUrl: string,
	token: string,
	oauthToken: string,
): CredentialFile[] {
	return [
		{
			...LONG_LIVED_CREDENTIAL,
			type: 'kommoIncomingLeadsLongLivedApi',
			data: { domain: 'custom', baseUrl: fakeUrl, accessToken: token },
		},
		{
			...OAUTH_CREDENTIAL,
			type: 'kommoIncomingLeadsOAuth2Api',
			data: {
				domain: 'custom',
				baseUrl: fakeUrl,
				clientId: 'sandbox-client-id',
				clientSecret: 'sandbox-client-secret',
				oauthTokenData: {
					access_token: oauthToken,
					refresh_token: 'unused',
					token_type: 'Bearer',
				},
			},
		},
	];
}
