/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { DEV_CREDENTIAL_ID, DEV_CREDENTIAL_TYPE, DEV_LANDING_PATH } from '../../scripts/dev/config';
import { loadExamples } from '../../scripts/dev/examples';
import { type FakeKommo, startFakeKommo } from '../fake-kommo';
import { N8nInstance, repoRoot, type WorkflowFile } from './harness';
import { assertChromium, openEditor, SCREENSHOTS, settle } from './helpers/editor-browser';

/**
 * No parameter shows a red issue on what a user gets: every node of every example workflow as
 * `npm run dev` imports it, and a Kommo node and a Kommo Trigger freshly added from the node
 * panel. A control node with a pipeline ID the account does not have proves that the check sees
 * issues at all. Runs in the n8n editor in headless Chromium, signed in through the link that
 * `npm run dev` prints.
 */

const SETUP_TIMEOUT_MS = 25 * 60 * 1000; // a cold n8n runtime install (CI) takes minutes
const TEST_TIMEOUT_MS = 4 * 60 * 1000;
const EMPTY_WORKFLOW_ID = 'issuesFreshNodes';
const CONTROL_WORKFLOW_ID = 'issuesControl';
const KOMMO_TYPE = 'n8n-nodes-kommo-incoming-leads.kommo';

const token = `issues-token-${randomUUID()}`;
const examples = loadExamples(repoRoot);
let fake: FakeKommo;
let n8n: N8nInstance;
let browser: Browser | undefined;
let page: Page;

const credentials = { [DEV_CREDENTIAL_TYPE]: { id: DEV_CREDENTIAL_ID, name: 'Kommo Sandbox' } };
const controlWorkflow: WorkflowFile = {
	id: CONTROL_WORKFLOW_ID,
	name: 'Control: a pipeline the account does not have',
	nodes: [
		{
			id: 'control-kommo',
			name: 'Unknown Pipeline',
			type: KOMMO_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				authentication: 'longLivedToken',
				resource: 'incomingLead',
				operation: 'getAll',
				filters: { pipelineId: 424242 },
			},
			credentials,
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
};

beforeAll(async () => {
	assertChromium();
	fake = await startFakeKommo({ port: 0, seed: true, accessTokens: [token] });
	n8n = await N8nInstance.create('issues', { installPackage: true });
	await n8n.importCredentials([
		{
			id: DEV_CREDENTIAL_ID,
			name: 'Kommo Sandbox',
			type: DEV_CREDENTIAL_TYPE,
			data: { domain: 'custom', baseUrl: fake.url, accessToken: token },
		},
	]);
	await n8n.importWorkflows([
		...examples,
		controlWorkflow,
		{
			id: EMPTY_WORKFLOW_ID,
			name: 'Fresh Kommo nodes',
			nodes: [],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
	]);
	await n8n.start();
	({ browser, page } = await openEditor(n8n, DEV_LANDING_PATH));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await browser?.close();
	await n8n?.dispose();
	await fake?.close();
});

/** The parameter issues the open node panel shows, as "parameter.path: issue text". */
async function shownIssues(): Promise<string[]> {
	await page.getByTestId('ndv').waitFor();
	// Dropdowns load their options after the panel opens; a value is judged once they are in.
	await settle(page);
	const issues: string[] = [];
	for (const marker of await page.getByTestId('ndv').getByTestId('parameter-issues').all()) {
		if (!(await marker.isVisible())) continue;
		const path = await marker.evaluate(
			(element) =>
				element.parentElement
					?.querySelector('[data-parameter-path]')
					?.getAttribute('data-parameter-path') ?? 'a parameter',
		);
		await marker.hover();
		const tooltip = page.locator('.n8n-tooltip:visible').last();
		const text = await tooltip.innerText({ timeout: 5_000 }).catch(() => '(no tooltip)');
		issues.push(`${path}: ${text.replace(/\s+/g, ' ').trim()}`);
	}
	return issues;
}

/** Opens each node of a workflow on its canvas (double-click), as a user does, and collects its issues. */
async function issuesOfNodes(
	workflowId: string,
	nodes: Array<{ id?: string; name: string }>,
): Promise<string[]> {
	await page.goto(`${n8n.baseUrl}/workflow/${workflowId}`);
	const found: string[] = [];
	for (const node of nodes) {
		await page.locator(`.vue-flow__node[data-id="${node.id}"]`).dblclick();
		for (const issue of await shownIssues()) found.push(`${node.name} → ${issue}`);
		await closePanel();
	}
	return found;
}

async function closePanel(): Promise<void> {
	await page.keyboard.press('Escape');
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

/**
 * Adds a node from the node panel: search, open the result, then click the action or trigger
 * named `item` (or the first "On …" trigger the result lists) unless the result added the node.
 */
async function addFromPanel(
	opener: string,
	search: string,
	result: RegExp,
	item?: string,
): Promise<void> {
	await page.getByTestId(opener).click();
	await page
		.getByPlaceholder(/Search/)
		.first()
		.fill(search);
	await page.getByTestId('node-creator-item-name').filter({ hasText: result }).first().click();
	const listed = page.getByTestId('node-creator-item-name').filter({ hasText: item ?? /^On / });
	await page.getByTestId('ndv').or(listed.first()).first().waitFor();
	if (!(await page.getByTestId('ndv').isVisible())) await listed.first().click();
}

test(
	'the sign-in link npm run dev prints lands on the workflow list with the examples',
	async () => {
		expect(new URL(page.url()).pathname).toBe(DEV_LANDING_PATH);
		for (const workflow of examples) {
			await page.getByText(workflow.name, { exact: true }).first().waitFor();
		}
		await page.screenshot({ path: join(SCREENSHOTS, 'landing.png') });
	},
	TEST_TIMEOUT_MS,
);

test(
	'the check sees an issue: a pipeline ID the account does not have is flagged',
	async () => {
		const issues = await issuesOfNodes(CONTROL_WORKFLOW_ID, controlWorkflow.nodes);
		expect(issues).toEqual([
			expect.stringMatching(/filters\.pipelineId: .*The value "424242" is not supported/),
		]);
	},
	TEST_TIMEOUT_MS,
);

test(
	'no node of any example workflow shows a parameter issue',
	async () => {
		const found: string[] = [];
		for (const workflow of examples) {
			for (const issue of await issuesOfNodes(workflow.id, workflow.nodes))
				found.push(`${workflow.name} → ${issue}`);
		}
		expect(found).toEqual([]);
	},
	TEST_TIMEOUT_MS,
);

test(
	'a freshly added Kommo Trigger, Kommo Webhook Trigger and Kommo node show no parameter issue, also once saved and reopened',
	async () => {
		await page.goto(`${n8n.baseUrl}/workflow/${EMPTY_WORKFLOW_ID}`);
		await addFromPanel('canvas-add-button', 'Kommo', /^Kommo$/, 'On new Kommo event');
		const trigger = await shownIssues();
		await page.screenshot({ path: join(SCREENSHOTS, 'fresh-trigger.png') });
		await closePanel();

		await addFromPanel('node-creator-plus-button', 'Kommo Webhook', /^Kommo Webhook/);
		const webhookTrigger = await shownIssues();
		await page.screenshot({ path: join(SCREENSHOTS, 'fresh-webhook-trigger.png') });
		await closePanel();

		await addFromPanel('node-creator-plus-button', 'Kommo', /^Kommo$/, 'Get many incoming leads');
		const node = await shownIssues();
		await page.screenshot({ path: join(SCREENSHOTS, 'fresh-node.png') });
		await closePanel();
		expect({ trigger, webhookTrigger, node }).toEqual({
			trigger: [],
			webhookTrigger: [],
			node: [],
		});

		// The editor judges a node it just created more leniently than one it loads: save, reload
		// and open both again, as a user coming back to the workflow does.
		const saved = page.waitForResponse(
			(response) =>
				response.url().includes(`/rest/workflows/${EMPTY_WORKFLOW_ID}`) &&
				response.request().method() === 'PATCH',
		);
		await page.keyboard.press('Control+s');
		expect((await saved).status()).toBe(200);
		const stored = await n8n.rest<{ nodes: Array<{ id: string; name: string }> }>(
			'GET',
			`/rest/workflows/${EMPTY_WORKFLOW_ID}`,
		);
		expect(stored.nodes.map((added) => added.name).sort()).toEqual([
			'Get many incoming leads',
			'Kommo Trigger',
			'Kommo Webhook Trigger',
		]);
		expect(await issuesOfNodes(EMPTY_WORKFLOW_ID, stored.nodes)).toEqual([]);
	},
	TEST_TIMEOUT_MS,
);
