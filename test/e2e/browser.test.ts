/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { DEV_CREDENTIAL_ID, DEV_CREDENTIAL_TYPE } from '../../scripts/dev/config';
import { type FakeKommo, MAIN_PIPELINE_ID, startFakeKommo } from '../fake-kommo';
import { N8nInstance } from './harness';
import {
	assertChromium,
	openDropdown,
	openEditor,
	SCREENSHOTS,
	visibleTexts,
} from './helpers/editor-browser';

/**
 * The node as a user sees it: the n8n 2.41 editor in headless Chromium (Debian's `chromium`,
 * driven by playwright-core; no browser download), with this package installed and a credential
 * on the sandbox Kommo. One n8n, one browser page: the tests run in order, as one user session.
 * Screenshots go to test-artifacts/browser/ (git-ignored); the README's are made by
 * browser-screenshots.test.ts.
 */

const SETUP_TIMEOUT_MS = 25 * 60 * 1000; // a cold n8n runtime install (CI) takes minutes
const TEST_TIMEOUT_MS = 3 * 60 * 1000;
const WORKFLOW_ID = 'browserKommo';

/** The Incoming Lead operations: the node panel shows their action names, the Operation field their names. */
const OPERATIONS = [
	{ name: 'Accept', action: 'Accept an incoming lead' },
	{ name: 'Create From Call', action: 'Create an incoming lead from a call' },
	{ name: 'Create From Form', action: 'Create an incoming lead from a form' },
	{ name: 'Decline', action: 'Decline an incoming lead' },
	{ name: 'Get', action: 'Get an incoming lead' },
	{ name: 'Get Many', action: 'Get many incoming leads' },
	{ name: 'Get Summary', action: 'Get incoming leads summary' },
	{ name: 'Link', action: 'Link an incoming lead' },
];

const token = `browser-token-${randomUUID()}`;
let fake: FakeKommo;
let n8n: N8nInstance;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
	assertChromium();
	fake = await startFakeKommo({ port: 0, seed: true, accessTokens: [token] });
	n8n = await N8nInstance.create('browser', { installPackage: true });
	await n8n.importCredentials([
		{
			id: DEV_CREDENTIAL_ID,
			name: 'Kommo Sandbox',
			type: DEV_CREDENTIAL_TYPE,
			data: { domain: 'custom', baseUrl: fake.url, accessToken: token },
		},
	]);
	await n8n.importWorkflows([
		{
			id: WORKFLOW_ID,
			name: 'Kommo in the browser',
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
	await n8n.start();

	({ browser, page } = await openEditor(n8n));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await browser?.close();
	await n8n?.dispose();
	await fake?.close();
});

let failedStep: string | undefined;

/**
 * Runs one step of the session; on failure saves a screenshot named after it, then rethrows.
 * The steps build on each other: after a failure the next ones fail at once instead of waiting.
 */
async function step(name: string, action: () => Promise<void>): Promise<void> {
	if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
	try {
		await action();
	} catch (error) {
		failedStep = name;
		await page
			?.screenshot({ path: join(SCREENSHOTS, `failed-${name}.png`) })
			.catch(() => undefined);
		throw error;
	}
}

test(
	'the node panel finds "Kommo" and lists the eight Incoming Lead actions',
	() =>
		step('node-panel', async () => {
			await page.goto(`${n8n.baseUrl}/workflow/${WORKFLOW_ID}`);
			await page.getByTestId('node-creator-plus-button').click();
			await page.getByPlaceholder('Search nodes...').fill('Kommo');
			const kommo = page.getByTestId('node-creator-item-name').filter({ hasText: /^Kommo$/ });
			await kommo.waitFor({ timeout: 15_000 }).catch(() => {
				throw new Error(
					'searching "Kommo" in the node panel does not show the Kommo node: is the package loaded?',
				);
			});
			await kommo.click();

			const header = page.getByText(/^Actions \(\d+\)$/);
			await header.waitFor();
			expect(await header.innerText()).toBe(`Actions (${OPERATIONS.length})`);
			// The panel slides in: wait for each action rather than reading the list mid-animation.
			for (const { action } of OPERATIONS) {
				await page
					.getByTestId('node-creator-item-name')
					.getByText(action, { exact: true })
					.waitFor({ timeout: 10_000 })
					.catch(() => {
						throw new Error(`the node panel does not list the action "${action}"`);
					});
			}
			await page.screenshot({ path: join(SCREENSHOTS, 'node-panel.png') });
		}),
	TEST_TIMEOUT_MS,
);

test(
	'the added node offers all eight operations of the Incoming Lead resource',
	() =>
		step('operations', async () => {
			await page
				.getByTestId('node-creator-item-name')
				.filter({ hasText: 'Get many incoming leads' })
				.click();
			await page.getByTestId('ndv').waitFor();
			expect(await page.getByTestId('parameter-input-resource').locator('input').inputValue()).toBe(
				'Incoming Lead',
			);
			expect(
				await page.getByTestId('parameter-input-operation').locator('input').inputValue(),
			).toBe('Get Many');

			await page.getByTestId('parameter-input-operation').click();
			const options = page.locator('[data-test-id=parameter-input-item]:visible .option-headline');
			await options.first().waitFor();
			const names = await visibleTexts(options);
			// n8n adds "Custom API Call" to every node that has credentials.
			expect(names.filter((name) => name !== 'Custom API Call')).toEqual(
				OPERATIONS.map((operation) => operation.name),
			);
			await page.keyboard.press('Escape');
			await options.first().waitFor({ state: 'hidden' });
		}),
	TEST_TIMEOUT_MS,
);

test(
	'the pipeline dropdown is filled from the sandbox account',
	() =>
		step('pipelines', async () => {
			await page.getByTestId('ndv').getByTestId('collection-parameter-add').first().click(); // "Add Filter"
			await page
				.locator('.el-select-dropdown__item:visible', { hasText: 'Pipeline Name or ID' })
				.click();
			const options = page.locator('.el-select-dropdown__item:visible');
			await openDropdown(page.getByTestId('parameter-input-pipelineId'), options);
			const expected = fake.state.pipelines.map((pipeline) => pipeline.name);
			expect(expected).toEqual(['Sales', 'Partners']);
			// "All Pipelines" (no filter) is the field's default, so it is a valid choice, not a red issue.
			expect(await visibleTexts(options)).toEqual(['All Pipelines', ...expected]);
			await options.filter({ hasText: /^Sales$/ }).click();
		}),
	TEST_TIMEOUT_MS,
);

test(
	'the credential dialog asks for the account domain and subdomain',
	() =>
		step('credential', async () => {
			const select = page.getByTestId('node-credentials-select');
			expect(await select.locator('input').inputValue()).toBe('Kommo Sandbox');
			await select.click();
			await page.getByTestId('node-credentials-select-item-new').click();
			const modal = page.getByTestId('editCredential-modal');
			await modal.getByTestId('parameter-input-domain').waitFor();
			await modal.getByTestId('parameter-input-subdomain').waitFor();
			// Labels of required fields end with " *".
			for (const label of ['Account Domain', 'Subdomain', 'Long-Lived Token']) {
				await modal
					.getByText(new RegExp(`^${label}\\s*\\*?$`))
					.first()
					.waitFor();
			}
			expect(await modal.getByTestId('parameter-input-domain').locator('input').inputValue()).toBe(
				'kommo.com',
			);
			await page.screenshot({ path: join(SCREENSHOTS, 'credential.png') });
			await modal.locator('button.el-dialog__headerbtn').click();
			await modal.waitFor({ state: 'hidden' });
		}),
	TEST_TIMEOUT_MS,
);

test(
	'running the node shows the incoming leads of the chosen pipeline in the output panel',
	() =>
		step('output', async () => {
			await page.getByTestId('node-execute-button').click();
			const output = page.getByTestId('output-panel');
			const inSales = fake.state.waiting().filter((lead) => lead.pipeline_id === MAIN_PIPELINE_ID);
			expect(inSales.length).toBeGreaterThan(1);
			await output.getByTestId('node-run-status-success').waitFor();
			expect(await output.getByTestId('ndv-items-count').innerText()).toContain(
				`${inSales.length} items`,
			);
			// Newest first, as Kommo lists them: the first row is the newest lead of the pipeline.
			await output.getByText(inSales[0].uid).first().waitFor();
			await page.screenshot({ path: join(SCREENSHOTS, 'output.png') });
			expect(
				fake.requests.some(
					(request) =>
						request.path === '/api/v4/leads/unsorted' &&
						request.query['filter[pipeline_id]'] === String(MAIN_PIPELINE_ID),
				),
			).toBe(true);
		}),
	TEST_TIMEOUT_MS,
);
