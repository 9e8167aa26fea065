/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { DEV_CREDENTIAL_ID, DEV_CREDENTIAL_TYPE } from '../../../scripts/dev/config';
import { type FakeKommo, startFakeKommo } from '../../fake-kommo';
import { N8nInstance, type WorkflowFile } from '../harness';
import { assertChromium, openEditor, SCREENSHOTS } from './editor-browser';

/**
 * A real n8n with this package, the sandbox Kommo (seeded) behind the "Kommo Sandbox" credential,
 * the given workflows, and the editor open in headless Chromium — what `npm run dev` gives a user.
 */
export interface SandboxEditor {
	fake: FakeKommo;
	n8n: N8nInstance;
	browser: Browser;
	page: Page;
}

export async function startSandboxEditor(
	name: string,
	workflows: WorkflowFile[],
): Promise<SandboxEditor> {
	assertChromium();
	const token = `${name}-token-${randomUUID()}`;
	const fake = await startFakeKommo({ port: 0, seed: true, accessTokens: [token] });
	const n8n = await N8nInstance.create(name, { installPackage: true });
	await n8n.importCredentials([
		{
			id: DEV_CREDENTIAL_ID,
			name: 'Kommo Sandbox',
			type: DEV_CREDENTIAL_TYPE,
			data: { domain: 'custom', baseUrl: fake.url, accessToken: token },
		},
	]);
	await n8n.importWorkflows(workflows);
	await n8n.start();
	const { browser, page } = await openEditor(n8n);
	// The README's screenshots come from these sessions: small enough to read without zooming out.
	await page.setViewportSize({ width: 1280, height: 800 });
	return { fake, n8n, browser, page };
}

export async function stopSandboxEditor(session: Partial<SandboxEditor>): Promise<void> {
	await session.browser?.close();
	await session.n8n?.dispose();
	await session.fake?.close();
}

/**
 * Runs the steps of one editor session in order; a failing step leaves a screenshot named after
 * it in test-artifacts/browser/, and the steps after it fail at once instead of waiting.
 */
export function sessionSteps(
	prefix: string,
	page: () => Page | undefined,
): (name: string, action: () => Promise<void>) => Promise<void> {
	let failedStep: string | undefined;
	return async (name, action) => {
		if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
		try {
			await action();
		} catch (error) {
			failedStep = name;
			await page()
				?.screenshot({ path: join(SCREENSHOTS, `failed-${prefix}-${name}.png`) })
				.catch(() => undefined);
			throw error;
		}
	};
}
