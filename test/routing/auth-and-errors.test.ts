import { NodeApiError } from 'n8n-workflow';

import {
	credentialData,
	credentialStore,
	LONG_LIVED,
	loadOptions,
	OAUTH2,
	runKommoNode,
} from '../helpers/n8n-harness';
import { useFakeKommo } from './use-fake-kommo';

const { fake, apiRequests } = useFakeKommo();

const getAll = { resource: 'incomingLead', operation: 'getAll', returnAll: true } as never;

describe('credentials and account URL', () => {
	it('a revoked long-lived token gives a 401 that says what to check, without the token', async () => {
		const store = credentialStore('longLivedToken', fake().url, 'secret-revoked-token');
		const error = (await runKommoNode({ store, parameters: getAll }).then(
			() => undefined,
			(e: unknown) => e,
		)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^Kommo did not accept the credential \(401\)/);
		expect(error.description).toMatch(/long-lived token/);
		expect(
			JSON.stringify({
				...error,
				message: error.message,
				description: error.description,
				stack: error.stack,
			}),
		).not.toContain('secret-revoked-token');
	});

	it('an expired OAuth2 access token is refreshed by n8n and the request succeeds', async () => {
		const tokens = fake().state.issueTokens('sandbox-client-id');
		const store = credentialStore('oAuth2', fake().url, tokens.access_token);
		(store.data[OAUTH2].oauthTokenData as Record<string, string>).refresh_token =
			tokens.refresh_token;
		fake().state.expireToken(tokens.access_token);
		fake().state.addIncomingLead({ category: 'forms' });
		const items = await runKommoNode({ kind: 'oAuth2', store, parameters: getAll });
		expect(items).toHaveLength(1);
		expect(store.refreshes).toBe(1);
		const newToken = (store.data[OAUTH2].oauthTokenData as Record<string, string>).access_token;
		expect(newToken).not.toBe(tokens.access_token);
		expect(fake().requests.map((r) => `${r.status} ${r.method} ${r.path}`)).toEqual([
			'401 GET /api/v4/leads/unsorted',
			'200 POST /oauth2/access_token',
			'200 GET /api/v4/leads/unsorted',
		]);
		expect(fake().requests[2].headers.authorization).toBe(`Bearer ${newToken}`);
	});

	it.each(['evil.com/x', 'a@evil.com', 'acme:8080', 'my company', 'acme.evil.com', ''])(
		'refuses subdomain %j before any request',
		async (subdomain) => {
			const store = {
				data: { [LONG_LIVED]: { domain: 'kommo.com', subdomain, accessToken: 't' } },
				refreshes: 0,
			};
			await expect(runKommoNode({ store, parameters: getAll })).rejects.toThrow(
				/Subdomain .* is not a plain account name/,
			);
			expect(fake().requests).toHaveLength(0);
		},
	);

	it('refuses a custom base URL with credentials or a query', async () => {
		for (const baseUrl of [
			'http://user:pw@127.0.0.1:1',
			'http://127.0.0.1:1/?x=1',
			'ftp://host',
			'not a url',
		]) {
			const store = {
				data: { [LONG_LIVED]: { ...credentialData('longLivedToken', fake().url), baseUrl } },
				refreshes: 0,
			};
			await expect(runKommoNode({ store, parameters: getAll })).rejects.toThrow(
				/Base URL .* is not usable/,
			);
		}
		expect(fake().requests).toHaveLength(0);
	});
});

describe('rate limits and failures', () => {
	const store = () => credentialStore('longLivedToken', fake().url);

	it('retries a 429 as Kommo asks (retry_after) and then succeeds', async () => {
		fake().state.addIncomingLead({ category: 'sip' });
		fake().injectFault({
			path: '/api/v4/leads/unsorted',
			status: 429,
			body: { title: 'Too Many Requests', status: 429, retry_after: 0 },
			times: 2,
		});
		const items = await runKommoNode({ store: store(), parameters: getAll });
		expect(items).toHaveLength(1);
		expect(apiRequests().map((r) => r.status)).toEqual([429, 429, 200]);
	});

	it('honours Retry-After and gives up after a bounded number of retries', async () => {
		fake().injectFault({
			path: '/api/v4/leads/unsorted',
			status: 429,
			headers: { 'Retry-After': '0' },
			body: { title: 'Too Many Requests', status: 429 },
			times: 10,
		});
		await expect(runKommoNode({ store: store(), parameters: getAll })).rejects.toThrow(
			/^Kommo rate limit reached \(429\)/,
		);
		expect(apiRequests()).toHaveLength(4);
	});

	it('reports a 403 (blocked account or missing rights) with advice', async () => {
		fake().injectFault({
			path: '/api/v4/leads/unsorted',
			status: 403,
			body: { title: 'Forbidden', status: 403, detail: 'Account is blocked' },
		});
		const error = (await runKommoNode({ store: store(), parameters: getAll }).catch(
			(e: unknown) => e,
		)) as NodeApiError;
		expect(error.message).toBe('Kommo refused access (403): Account is blocked');
		expect(error.description).toMatch(/rights/);
	});

	it('reports a connection failure as unreachable', async () => {
		fake().injectFault({ path: '/api/v4/leads/unsorted', status: 0, destroySocket: true });
		await expect(runKommoNode({ store: store(), parameters: getAll })).rejects.toThrow(
			/^Could not reach Kommo/,
		);
	});
});

describe('dropdowns', () => {
	const store = () => credentialStore('longLivedToken', fake().url);

	it('lists pipelines after an "All Pipelines" choice whose empty value is the filters\' default', async () => {
		expect(await loadOptions('getPipelines', {}, store())).toEqual([
			{ name: 'All Pipelines', value: '' },
			{ name: 'Sales', value: 6950551 },
			{ name: 'Partners', value: 7000001 },
		]);
	});

	it('offers the main pipeline as the empty default for a new incoming lead', async () => {
		expect(await loadOptions('getPipelinesForNewLead', {}, store())).toEqual([
			{ name: 'Main Pipeline (Account Default)', value: '' },
			{ name: 'Sales', value: 6950551 },
			{ name: 'Partners', value: 7000001 },
		]);
	});

	it('lists the stages of every pipeline except the incoming leads stage', async () => {
		const stages = await loadOptions('getStages', {}, store());
		expect(stages).toContainEqual({ name: 'Sales → Contacted', value: 58141807 });
		expect(stages).toContainEqual({ name: 'Partners → Closed - won', value: 142 });
		expect(stages.map((s) => s.value)).not.toContain(58141803);
	});

	it('lists users, OAuth2 too', async () => {
		const users = await loadOptions(
			'getUsers',
			{},
			credentialStore('oAuth2', fake().url),
			'oAuth2',
		);
		expect(users.map((u) => u.value).sort()).toEqual([8375357, 8375360, 8375363]);
		expect(users[0].name).toMatch(/@/);
	});
});
