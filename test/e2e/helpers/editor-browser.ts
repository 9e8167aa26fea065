/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { type Browser, chromium, type Locator, type Page, selectors } from 'playwright-core';

import { type N8nInstance, repoRoot } from '../harness';

/**
 * The n8n editor in Debian's headless Chromium (driven by playwright-core; no browser download),
 * signed in as the instance's owner through the login form, as a user does.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(repoRoot, 'test-artifacts', 'browser');
/** The README's screenshots (committed), overwritten by the browser suites on every run. */
export const DOCS_SCREENSHOTS = join(repoRoot, 'docs', 'screenshots');
// The editor is slow to boot on a busy 2-core machine; every wait is bounded by this.
export const UI_TIMEOUT_MS = 60_000;

export interface EditorSession {
	browser: Browser;
	page: Page;
}

/** Fails early with the fix when Chromium is missing (before n8n is started for nothing). */
export function assertChromium(): void {
	if (!existsSync(CHROMIUM)) {
		throw new Error(
			`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium), set CHROMIUM_PATH, or run KOMMO_SKIP_BROWSER=1 npm test`,
		);
	}
	mkdirSync(SCREENSHOTS, { recursive: true });
}

/** Signs in through the login form; with `landing`, through the link `npm run dev` prints. */
export async function openEditor(n8n: N8nInstance, landing?: string): Promise<EditorSession> {
	selectors.setTestIdAttribute('data-test-id'); // n8n's attribute for stable selectors
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		// Without the background-networking flags Chromium keeps calling Google's services.
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	page.setDefaultTimeout(UI_TIMEOUT_MS);
	await page.goto(
		`${n8n.baseUrl}/signin${landing ? `?redirect=${encodeURIComponent(landing)}` : ''}`,
	);
	await page.locator('input[name=emailOrLdapLoginId]').fill(n8n.owner.email);
	await page.locator('input[name=password]').fill(n8n.owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	return { browser, page };
}

/**
 * Clicks a select until its options show: a click that lands while the field is still being
 * mounted (just added from "Add Filter") opens nothing.
 */
export async function openDropdown(trigger: Locator, options: Locator): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		await trigger.click();
		try {
			await options.first().waitFor({ timeout: 5_000 });
			return;
		} catch (error) {
			if (attempt >= 4) throw error;
		}
	}
}

export async function visibleTexts(locator: Locator): Promise<string[]> {
	const texts: string[] = [];
	for (const element of await locator.all()) {
		if (await element.isVisible()) texts.push((await element.innerText()).trim());
	}
	return texts;
}

/**
 * Waits until the editor has had no request to n8n's REST API in flight for `quietMs` (dropdowns
 * load their options asynchronously, and a value is judged against them only once loaded).
 */
export async function settle(page: Page, quietMs = 1_000, timeoutMs = 30_000): Promise<void> {
	let inFlight = 0;
	let lastChange = Date.now();
	const isRest = (url: string): boolean => url.includes('/rest/');
	const started = (request: { url(): string }): void => {
		if (isRest(request.url())) {
			inFlight++;
			lastChange = Date.now();
		}
	};
	const ended = (request: { url(): string }): void => {
		if (isRest(request.url())) {
			inFlight = Math.max(0, inFlight - 1);
			lastChange = Date.now();
		}
	};
	page.on('request', started);
	page.on('requestfinished', ended);
	page.on('requestfailed', ended);
	try {
		const deadline = Date.now() + timeoutMs;
		while (inFlight > 0 || Date.now() - lastChange < quietMs) {
			if (Date.now() > deadline) throw new Error(`the editor kept loading for ${timeoutMs} ms`);
			await page.waitForTimeout(100);
		}
	} finally {
		page.off('request', started);
		page.off('requestfinished', ended);
		page.off('requestfailed', ended);
	}
}
