/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeParameters,
	IWebhookData,
	IWebhookDescription,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import {
	additionalDataFor,
	makeNode,
	makeWorkflow,
	nodeTypeRegistry,
	type CredentialKind,
	type CredentialStore,
} from './n8n-harness';

/** What one call to the n8n side produced. */
export interface WebhookCall {
	status: number;
	body: string;
	/** Items of the execution the call started; undefined when it started none. */
	items?: IDataObject[];
}

/**
 * The webhook trigger bound to one Workflow (static data persists as in n8n), with a small HTTP
 * server standing in for n8n's webhook endpoint: each call runs the node's real `webhook()` in an
 * n8n-core WebhookContext, with the request shaped as n8n's body parser leaves it (flat form keys,
 * at most 1,000 of them, plus `rawBody`).
 */
export interface WebhookHarness {
	workflow: Workflow;
	node: INode;
	productionUrl: string;
	testUrl: string;
	calls: WebhookCall[];
	/** Items of every started execution, in order. */
	emitted(): IDataObject[];
	checkExists(test?: boolean): Promise<boolean>;
	create(test?: boolean): Promise<boolean>;
	delete(test?: boolean): Promise<boolean>;
	/** n8n's lifecycle on activation: create() only when checkExists() says no. */
	activate(test?: boolean): Promise<void>;
	staticData(): IDataObject;
	close(): Promise<void>;
}

const TYPE = 'kommoWebhookTrigger';
// Each harness is its own workflow, as n8n's per-process memory of events is per workflow.
let harnesses = 0;

function readRaw(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export async function startWebhookHarness(
	parameters: INodeParameters,
	store: CredentialStore,
	kind: CredentialKind = 'longLivedToken',
): Promise<WebhookHarness> {
	const node = makeNode(TYPE, parameters, kind, {
		name: 'Kommo Webhook Trigger',
		webhookId: 'hook-id-1',
	});
	const workflow = makeWorkflow(node, `wf-webhook-${++harnesses}`);
	const trigger = nodeTypeRegistry[TYPE]!;
	const description = trigger.description.webhooks?.[0] as IWebhookDescription;
	const calls: WebhookCall[] = [];
	let base = '';
	const additional = (): IWorkflowExecuteAdditionalData =>
		({
			...additionalDataFor(store),
			webhookBaseUrl: `${base}/webhook`,
			webhookTestBaseUrl: `${base}/webhook-test`,
		}) as IWorkflowExecuteAdditionalData;
	const webhookData = (
		isTest: boolean,
		additionalData: IWorkflowExecuteAdditionalData,
	): IWebhookData => ({
		httpMethod: 'POST',
		node: node.name,
		path: 'kommo',
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest,
	});

	const server: Server = createServer((req, res) => {
		void (async () => {
			const raw = await readRaw(req);
			const url = new URL(req.url ?? '/', base);
			const flat = parseQueryString(raw.toString('utf8'), '&', '=', { maxKeys: 1000 });
			const request = {
				method: 'POST',
				url: req.url,
				headers: req.headers,
				query: Object.fromEntries(url.searchParams),
				body: flat,
				rawBody: raw,
			};
			const call: WebhookCall = { status: 0, body: '' };
			const response = {
				headersSent: false,
				status(code: number) {
					call.status = code;
					res.statusCode = code;
					return response;
				},
				json(value: unknown) {
					call.body = JSON.stringify(value);
					response.headersSent = true;
					res.setHeader('Content-Type', 'application/json');
					res.end(call.body);
					return response;
				},
			};
			const additionalData = {
				...additional(),
				httpRequest: request,
				httpResponse: response,
			} as unknown as IWorkflowExecuteAdditionalData;
			const isTest = url.pathname.startsWith('/webhook-test/');
			const context = new WebhookContext(
				workflow,
				node,
				additionalData,
				isTest ? 'manual' : 'webhook',
				webhookData(isTest, additionalData),
				[],
				null,
			);
			try {
				const result = await trigger.webhook!.call(context);
				if (result.workflowData) call.items = result.workflowData[0]?.map((item) => item.json);
				if (!response.headersSent) response.status(200).json({ message: 'Webhook call received' });
			} catch (error) {
				// n8n answers 500 and records an error execution; the test sees the status.
				if (!response.headersSent) response.status(500).json({ message: (error as Error).message });
				call.items = [{ error: (error as Error).message }];
			}
			calls.push(call);
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const hook = (test: boolean) =>
		new HookContext(
			workflow,
			node,
			additional(),
			test ? 'manual' : 'trigger',
			test ? 'manual' : 'activate',
			webhookData(test, additional()),
		);
	const methods = trigger.webhookMethods!.default!;
	const harness: WebhookHarness = {
		workflow,
		node,
		productionUrl: `${base}/webhook/hook-id-1/kommo`,
		testUrl: `${base}/webhook-test/hook-id-1/kommo`,
		calls,
		emitted: () => calls.flatMap((c) => c.items ?? []),
		checkExists: async (test = false) => await methods.checkExists!.call(hook(test)),
		create: async (test = false) => await methods.create!.call(hook(test)),
		delete: async (test = false) => await methods.delete!.call(hook(test)),
		async activate(test = false) {
			if (!(await harness.checkExists(test))) await harness.create(test);
		},
		staticData: () => workflow.getStaticData('node', node),
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
	return harness;
}
