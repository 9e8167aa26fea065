/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { ExecuteContext, LoadOptionsContext, PollContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { KommoIncomingLeadsLongLivedApi } from '../../credentials/KommoIncomingLeadsLongLivedApi.credentials';
import { KommoIncomingLeadsOAuth2Api } from '../../credentials/KommoIncomingLeadsOAuth2Api.credentials';
import { Kommo } from '../../nodes/Kommo/Kommo.node';
import { KommoTrigger } from '../../nodes/KommoTrigger/KommoTrigger.node';
import { KommoWebhookTrigger } from '../../nodes/KommoWebhookTrigger/KommoWebhookTrigger.node';

export const OAUTH2 = 'kommoIncomingLeadsOAuth2Api';
export const LONG_LIVED = 'kommoIncomingLeadsLongLivedApi';
export type CredentialKind = 'oAuth2' | 'longLivedToken';

export const nodeTypeRegistry: Record<string, INodeType> = {
	kommo: new Kommo(),
	kommoTrigger: new KommoTrigger(),
	kommoWebhookTrigger: new KommoWebhookTrigger(),
};

const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeRegistry[type.replace(/^.*\./, '')],
	getByNameAndVersion: (type) => nodeTypeRegistry[type.replace(/^.*\./, '')],
	getKnownTypes: () => ({}),
} as INodeTypes;

/**
 * Plain credential data as n8n would decrypt it, pointing at the fake Kommo. Request pacing is off
 * (0) unless a test asks for it, so suites of thousands of requests stay fast.
 */
export function credentialData(
	kind: CredentialKind,
	baseUrl: string,
	token = 'test-token',
	maxRequestsPerSecond = 0,
): ICredentialDataDecryptedObject {
	if (kind === 'longLivedToken')
		return { domain: 'custom', baseUrl, accessToken: token, maxRequestsPerSecond };
	return {
		domain: 'custom',
		baseUrl,
		maxRequestsPerSecond,
		grantType: 'authorizationCode',
		authUrl: `${baseUrl}/oauth`,
		accessTokenUrl: `${baseUrl}/oauth2/access_token`,
		clientId: 'sandbox-client-id',
		clientSecret: 'sandbox-client-secret',
		scope: '',
		authentication: 'body',
		oauthTokenData: { access_token: token, refresh_token: 'refresh-0', token_type: 'Bearer' },
	};
}

export interface CredentialStore {
	/** Current data per credential type; OAuth2 refreshes write back here. */
	data: Record<string, ICredentialDataDecryptedObject>;
	refreshes: number;
}

/**
 * Stands in for the server's CredentialsHelper (it lives in the n8n server package): returns the
 * stored data and applies each credential type's generic `authenticate` itself.
 */
export function additionalDataFor(store: CredentialStore): IWorkflowExecuteAdditionalData {
	const longLived = new KommoIncomingLeadsLongLivedApi();
	const credentialsHelper = {
		getParentTypes: (type: string) => (type === OAUTH2 ? ['oAuth2Api'] : []),
		isCredentialUsableByNode: () => true,
		getDecrypted: async (_a: unknown, _n: unknown, type: string) =>
			structuredClone(store.data[type]),
		getCredentialsProperties: (type: string) =>
			type === OAUTH2 ? new KommoIncomingLeadsOAuth2Api().properties : longLived.properties,
		preAuthentication: async () => undefined,
		runPreAuthentication: async () => undefined,
		updateCredentials: async () => undefined,
		updateCredentialsOauthTokenData: async (
			_n: unknown,
			type: string,
			data: ICredentialDataDecryptedObject,
		) => {
			store.refreshes++;
			store.data[type] = structuredClone(data);
		},
		getCredentials: async () => {
			throw new Error('not used');
		},
		authenticate: async (
			credentials: ICredentialDataDecryptedObject,
			type: string,
			options: IHttpRequestOptions,
		) => {
			if (type !== LONG_LIVED) return options;
			const header = String(longLived.authenticate.properties.headers?.Authorization ?? '');
			const value = header
				.replace(/^=/, '')
				.replace('{{$credentials.accessToken}}', String(credentials.accessToken));
			return { ...options, headers: { ...options.headers, Authorization: value } };
		},
	};
	return {
		executionId: 'test-execution',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		credentialsHelper,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export function credentialStore(
	kind: CredentialKind,
	baseUrl: string,
	token = 'test-token',
): CredentialStore {
	return {
		data: { [kind === 'oAuth2' ? OAUTH2 : LONG_LIVED]: credentialData(kind, baseUrl, token) },
		refreshes: 0,
	};
}

export function makeNode(
	type: string,
	parameters: INodeParameters,
	kind: CredentialKind,
	extra: Partial<INode> = {},
): INode {
	const credentialType = kind === 'oAuth2' ? OAUTH2 : LONG_LIVED;
	return {
		id: `${type}-node`,
		name: type === 'kommo' ? 'Kommo' : 'Kommo Trigger',
		type: `n8n-nodes-kommo-incoming-leads.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: { authentication: kind, ...parameters },
		credentials: { [credentialType]: { id: '1', name: 'Kommo test' } },
		...extra,
	};
}

export function makeWorkflow(node: INode, id = 'wf-test'): Workflow {
	return new Workflow({
		id,
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		staticData: {},
	});
}

export interface RunOptions {
	parameters: INodeParameters;
	kind?: CredentialKind;
	store: CredentialStore;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	mode?: WorkflowExecuteMode;
}

/** Runs the Kommo node's declarative routing through n8n-core, like a real execution does. */
export async function runKommoNode(options: RunOptions): Promise<INodeExecutionData[]> {
	const kind = options.kind ?? 'longLivedToken';
	const node = makeNode(
		'kommo',
		options.parameters,
		kind,
		options.continueOnFail ? { onError: 'continueRegularOutput' } : {},
	);
	const workflow = makeWorkflow(node);
	const items = options.items ?? [{ json: {} }];
	const context = new ExecuteContext(
		workflow,
		node,
		additionalDataFor(options.store),
		options.mode ?? 'manual',
		createRunExecutionData(),
		0,
		items,
		{ main: [items] },
		{ node, data: { main: [items] }, source: null },
		[],
	);
	const output = await new RoutingNode(context, nodeTypeRegistry.kommo).runNode();
	return (output?.[0] ?? []) as INodeExecutionData[];
}

export async function loadOptions(
	method: string,
	parameters: INodeParameters,
	store: CredentialStore,
	kind: CredentialKind = 'longLivedToken',
): Promise<INodePropertyOptions[]> {
	const node = makeNode('kommo', parameters, kind);
	const context = new LoadOptionsContext(
		makeWorkflow(node),
		node,
		additionalDataFor(store),
		'parameters',
	);
	const kommo = nodeTypeRegistry.kommo;
	const fn = kommo.methods?.loadOptions?.[method];
	if (!fn) throw new Error(`no loadOptions method ${method}`);
	return await fn.call(context);
}

export interface PollHarness {
	workflow: Workflow;
	node: INode;
	poll(mode?: WorkflowExecuteMode): Promise<INodeExecutionData[][] | null>;
	staticData(): IDataObject;
}

/** A trigger node bound to one Workflow, so static data persists across polls as in n8n. */
export function pollHarness(
	type: string,
	parameters: INodeParameters,
	store: CredentialStore,
	kind: CredentialKind = 'longLivedToken',
): PollHarness {
	const node = makeNode(type, parameters, kind);
	const workflow = makeWorkflow(node);
	const trigger = nodeTypeRegistry[type];
	return {
		workflow,
		node,
		async poll(mode: WorkflowExecuteMode = 'trigger') {
			const context = new PollContext(
				workflow,
				node,
				additionalDataFor(store),
				mode,
				mode === 'manual' ? 'manual' : 'activate',
			);
			if (!trigger.poll) throw new Error(`${type} has no poll()`);
			return await trigger.poll.call(context);
		},
		staticData: () => workflow.getStaticData('node', node),
	};
}
