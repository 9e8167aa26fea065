/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { OPERATION_TOOL_DESCRIPTIONS } from '../../nodes/Kommo/tool/descriptions';
import type { FakeKommo } from '../fake-kommo';
import type { N8nInstance } from './harness';
import {
	DOCS_SCREENSHOTS,
	openDropdown,
	SCREENSHOTS,
	settle,
	visibleTexts,
} from './helpers/editor-browser';
import {
	type SandboxEditor,
	sessionSteps,
	startSandboxEditor,
	stopSandboxEditor,
} from './helpers/sandbox-editor';

/**
 * The Kommo node as an AI Agent's tool, in the n8n 2.41 editor (headless Chromium): the Agent's
 * Tool connector lists "Kommo Tool"; added, its Incoming Lead UID accepts `$fromAI()` ("let the
 * model define this") without a parameter issue, and the panel shows what the model will read.
 * No language model is involved: the tool is then run with n8n's own "Execute step" for tools,
 * which asks for the `$fromAI()` values and runs the node through n8n's Tool Executor, exactly
 * as an Agent's tool call does — against the sandbox Kommo.
 */

const SETUP_TIMEOUT_MS = 25 * 60 * 1000; // a cold n8n runtime install (CI) takes minutes
const TEST_TIMEOUT_MS = 4 * 60 * 1000;
const WORKFLOW_ID = 'browserAiTool';
const AGENT = 'AI Agent';

let session: Partial<SandboxEditor> = {};
let fake: FakeKommo;
let n8n: N8nInstance;
let page: Page;

beforeAll(async () => {
	session = await startSandboxEditor('ai-tool', [
		{
			id: WORKFLOW_ID,
			name: 'Kommo as an AI Agent tool',
			nodes: [
				{
					id: 'chat',
					name: 'When chat message received',
					type: '@n8n/n8n-nodes-langchain.chatTrigger',
					typeVersion: 1.1,
					position: [0, 0],
					parameters: { options: {} },
					webhookId: randomUUID(),
				},
				{
					id: 'agent',
					name: AGENT,
					type: '@n8n/n8n-nodes-langchain.agent',
					typeVersion: 2,
					position: [260, 0],
					parameters: { options: {} },
				},
			],
			connections: {
				'When chat message received': { main: [[{ node: AGENT, type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		},
	]);
	({ fake, n8n, page } = session as SandboxEditor);
}, SETUP_TIMEOUT_MS);

afterAll(() => stopSandboxEditor(session), 120_000);

const step = sessionSteps('ai-tool', () => page);

test(
	"the AI Agent's Tool connector lists Kommo Tool",
	() =>
		step('picker', async () => {
			await page.goto(`${n8n.baseUrl}/workflow/${WORKFLOW_ID}`);
			const agent = page.locator('.vue-flow__node[data-id="agent"]');
			await agent.waitFor();
			await page.screenshot({ path: join(SCREENSHOTS, 'ai-tool-canvas.png') });
			await agent
				.locator(
					'[data-test-id="canvas-node-input-handle"][data-connection-type="ai_tool"] [data-test-id="canvas-handle-plus"]',
				)
				.click();
			await page
				.getByPlaceholder(/Search/)
				.first()
				.fill('Kommo');
			const item = page.getByTestId('node-creator-item-name').filter({ hasText: /^Kommo Tool$/ });
			await item.waitFor({ timeout: 15_000 });
			await page.screenshot({ path: join(DOCS_SCREENSHOTS, 'ai-tool-picker.png') });
			await item.click();
		}),
	TEST_TIMEOUT_MS,
);

test(
	'added, the Kommo Tool takes $fromAI() for the UID without an issue and shows what the model reads',
	() =>
		step('from-ai', async () => {
			const ndv = page.getByTestId('ndv');
			await ndv.or(page.getByTestId('node-creator-item-name').first()).first().waitFor();
			if (!(await ndv.isVisible())) {
				await page
					.getByTestId('node-creator-item-name')
					.getByText('Get an incoming lead', { exact: true })
					.click();
			}
			await ndv.waitFor();
			await settle(page);
			await page.screenshot({ path: join(SCREENSHOTS, 'ai-tool-ndv.png') });
			const operation = ndv.getByTestId('parameter-input-operation');
			if ((await operation.locator('input').inputValue()) !== 'Get') {
				const options = page.locator(
					'[data-test-id=parameter-input-item]:visible .option-headline',
				);
				await openDropdown(operation, options);
				await options.filter({ hasText: /^Get$/ }).click();
			}
			const uid = ndv.getByTestId('parameter-input-uid');
			await uid.waitFor();
			await uid.hover();
			await ndv.getByTestId('from-ai-override-button').first().click();
			await ndv
				.getByText(/Defined automatically by the model/i)
				.first()
				.waitFor();
			await ndv.getByText(`The model reads: ${OPERATION_TOOL_DESCRIPTIONS.get}`).waitFor();
			await settle(page);
			const issues = await visibleTexts(ndv.getByTestId('parameter-issues'));
			expect(issues).toEqual([]);
			await page.screenshot({ path: join(DOCS_SCREENSHOTS, 'ai-tool-from-ai.png') });
		}),
	TEST_TIMEOUT_MS,
);

test(
	"n8n's Execute step runs the tool with the UID the model would give, against the sandbox",
	() =>
		step('execute', async () => {
			const lead = fake.state.waiting()[0];
			await page.getByTestId('ndv').getByTestId('node-execute-button').click();
			// n8n's "Test <tool>" dialog asks for each $fromAI() value the model would give.
			const dialog = page
				.locator('[role=dialog], .el-dialog')
				.filter({ hasText: 'would normally come from' })
				.last();
			await dialog.waitFor();
			await dialog.getByText('Incoming_Lead_UID').first().waitFor();
			await dialog.locator('input:visible, textarea:visible').first().fill(lead.uid);
			await dialog.getByRole('button', { name: /Execute step/ }).click();
			const output = page.getByTestId('output-panel');
			await output
				.getByTestId('node-run-status-success')
				.or(output.getByText(lead.uid).first())
				.first()
				.waitFor();
			await page.screenshot({ path: join(DOCS_SCREENSHOTS, 'ai-tool-run.png') });
			expect(await output.innerText()).toContain(lead.uid);
			expect(
				fake.requests.some((request) => request.path === `/api/v4/leads/unsorted/${lead.uid}`),
			).toBe(true);
		}),
	TEST_TIMEOUT_MS,
);
