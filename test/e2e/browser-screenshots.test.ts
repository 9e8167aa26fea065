/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import axios from 'axios';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { loadExamples } from '../../scripts/dev/examples';
import type { FakeKommo } from '../fake-kommo';
import { type ExecutionRecord, type N8nInstance, repoRoot } from './harness';
import { DOCS_SCREENSHOTS, SCREENSHOTS, settle } from './helpers/editor-browser';
import {
	type SandboxEditor,
	startSandboxEditor,
	stopSandboxEditor,
} from './helpers/sandbox-editor';

/**
 * The README's screenshots, made from the real thing each run and overwritten, so they never show
 * an older editor or node than the one tested: the node panel, the credential dialog, a run of
 * each example workflow against the sandbox Kommo, and the Kommo Trigger's output. Each one is
 * taken only after the test has checked that the screen shows what the caption says.
 */

const SETUP_TIMEOUT_MS = 25 * 60 * 1000; // a cold n8n runtime install (CI) takes minutes
const TEST_TIMEOUT_MS = 4 * 60 * 1000;
const EMPTY_WORKFLOW_ID = 'screenshotsEmpty';
const INSTANT_ID = 'kommoExampleInstant';

const examples = loadExamples(repoRoot);
let session: Partial<SandboxEditor> = {};
let fake: FakeKommo;
let n8n: N8nInstance;
let page: Page;

beforeAll(async () => {
	mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
	session = await startSandboxEditor('screenshots', [
		...examples,
		{
			id: EMPTY_WORKFLOW_ID,
			name: 'My workflow',
			nodes: [
				{
					id: 'manual',
					name: 'When clicking Execute workflow',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
	]);
	({ fake, n8n, page } = session as SandboxEditor);
}, SETUP_TIMEOUT_MS);

afterAll(() => stopSandboxEditor(session), 120_000);

async function shoot(name: string): Promise<void> {
	await page.mouse.move(0, 0); // no hover tooltip in the picture
	await page.screenshot({ path: join(DOCS_SCREENSHOTS, `${name}.png`) });
}

async function failureShot<T>(name: string, action: () => Promise<T>): Promise<T> {
	try {
		return await action();
	} catch (error) {
		await page
			?.screenshot({ path: join(SCREENSHOTS, `failed-screenshots-${name}.png`) })
			.catch(() => undefined);
		throw error;
	}
}

function example(id: string): (typeof examples)[number] {
	const found = examples.find((workflow) => workflow.id === id);
	if (!found) throw new Error(`examples/ has no workflow with id ${id}`);
	return found;
}

function expectSuccess(run: ExecutionRecord | undefined): void {
	expect(run?.status).toBe('success');
}

/** Opens an example, clicks "Execute workflow" as a user does, and waits for the run to succeed. */
async function runInEditor(workflowId: string): Promise<void> {
	await page.goto(`${n8n.baseUrl}/workflow/${workflowId}`);
	await page.getByTestId('execute-workflow-button').waitFor();
	await settle(page);
	const before = (await n8n.executions(workflowId)).length;
	await page.getByTestId('execute-workflow-button').click();
	const [newest] = await n8n.waitForExecutions(workflowId, before + 1, 90_000);
	expectSuccess(newest);
	// Every node of the example ran green on the canvas.
	const nodes = example(workflowId).nodes.length;
	const green = page.locator('[data-test-id="canvas-node-status-success"]');
	await green.nth(Math.min(nodes, 2) - 1).waitFor();
	await settle(page);
}

test(
	'node panel: searching "Kommo" lists the eight Incoming Lead actions',
	() =>
		failureShot('node-panel', async () => {
			await page.goto(`${n8n.baseUrl}/workflow/${EMPTY_WORKFLOW_ID}`);
			await page.getByTestId('node-creator-plus-button').click();
			await page
				.getByPlaceholder(/Search/)
				.first()
				.fill('Kommo');
			await page
				.getByTestId('node-creator-item-name')
				.filter({ hasText: /^Kommo$/ })
				.first()
				.click();
			const header = page.getByText(/^Actions \(\d+\)$/);
			await header.waitFor();
			expect(await header.innerText()).toBe('Actions (8)');
			await page
				.getByTestId('node-creator-item-name')
				.getByText('Link an incoming lead', { exact: true })
				.waitFor();
			await shoot('node-panel');
		}),
	TEST_TIMEOUT_MS,
);

test(
	'credential dialog: account domain, subdomain and token',
	() =>
		failureShot('credential', async () => {
			await page
				.getByTestId('node-creator-item-name')
				.getByText('Get many incoming leads', { exact: true })
				.click();
			await page.getByTestId('ndv').waitFor();
			await page.getByTestId('node-credentials-select').click();
			await page.getByTestId('node-credentials-select-item-new').click();
			const modal = page.getByTestId('editCredential-modal');
			await modal.getByTestId('parameter-input-subdomain').waitFor();
			expect(await modal.getByTestId('parameter-input-domain').locator('input').inputValue()).toBe(
				'kommo.com',
			);
			await modal.getByTestId('parameter-input-subdomain').locator('input').fill('mycompany');
			await shoot('credential-dialog');
			await modal.locator('button.el-dialog__headerbtn').click();
			await modal.waitFor({ state: 'hidden' });
			await page.keyboard.press('Escape');
		}),
	TEST_TIMEOUT_MS,
);

test(
	'example run: new form lead → message with the contact details, and the trigger output',
	() =>
		failureShot('form', async () => {
			await runInEditor('kommoExampleForm');
			await shoot('example-form-lead-message');
			// The Kommo Trigger's output: the simplified newest form lead.
			const lead = fake.state.waiting().find((candidate) => candidate.category === 'forms');
			expect(lead).toBeDefined();
			await page.locator('.vue-flow__node', { hasText: 'Kommo Trigger' }).first().dblclick();
			const output = page.getByTestId('output-panel');
			await output
				.getByTestId('ndv-items-count')
				.or(output.getByText(/1 item/))
				.first()
				.waitFor();
			// JSON view: every field of the simplified lead is readable in one picture.
			await output.getByText('JSON', { exact: true }).first().click();
			await output.getByText('kommo_url').first().waitFor();
			expect(await output.innerText()).toContain(String(lead?.uid));
			await shoot('trigger-output');
			await page.keyboard.press('Escape');
		}),
	TEST_TIMEOUT_MS,
);

test(
	'example run: accept long calls into a stage, decline the rest',
	() =>
		failureShot('calls', async () => {
			await runInEditor('kommoExampleCalls');
			await shoot('example-auto-accept-calls');
		}),
	TEST_TIMEOUT_MS,
);

test(
	'example run: nightly summary by category',
	() =>
		failureShot('summary', async () => {
			await runInEditor('kommoExampleSummary');
			await shoot('example-nightly-summary');
		}),
	TEST_TIMEOUT_MS,
);

test(
	'example run: instant — a lead added in the sandbox arrives through the web hook',
	() =>
		failureShot('instant', async () => {
			expect(example(INSTANT_ID).active).toBe(true);
			await n8n.activate(INSTANT_ID);
			const deadline = Date.now() + 60_000;
			while (!fake.state.webhooks.list().length && Date.now() < deadline)
				await new Promise((resolve) => setTimeout(resolve, 250));
			const before = (await n8n.executions(INSTANT_ID)).length;
			const added = await axios.post(`${fake.url}/sandbox/add-lead?category=forms`);
			expect(added.status).toBe(201);
			const [run] = await n8n.waitForExecutions(INSTANT_ID, before + 1, 60_000);
			expectSuccess(run);
			await page.goto(`${n8n.baseUrl}/workflow/${INSTANT_ID}/executions/${run.id}`);
			const frame = page.frameLocator('iframe').first();
			await frame
				.locator('[data-test-id="canvas-node-status-success"]')
				.nth(1)
				.waitFor()
				.catch(() => page.locator('[data-test-id="canvas-node-status-success"]').nth(1).waitFor());
			await settle(page);
			// Publishing opens n8n's "Production Checklist" over the picture: close it.
			const checklist = page.getByText('Production Checklist', { exact: true });
			if (await checklist.isVisible()) {
				await checklist
					.locator('xpath=..')
					.getByRole('button')
					.last()
					.click()
					.catch(() => page.keyboard.press('Escape'));
				await checklist.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
			}
			await shoot('example-instant-webhook');
		}),
	TEST_TIMEOUT_MS,
);
