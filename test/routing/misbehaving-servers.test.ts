/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import type { IncomingMessage } from 'node:http';

import { NodeApiError } from 'n8n-workflow';

import { setKommoLimitsForTests } from '../../nodes/shared/limits';
import type { Fault } from '../helpers/misbehaving-server';
import {
	endlessPage,
	html,
	MisbehavingServer,
	newUid,
	send,
	trickle,
} from '../helpers/misbehaving-server';
import type { CredentialKind } from '../helpers/n8n-harness';
import {
	credentialData,
	credentialStore,
	LONG_LIVED,
	loadOptions,
	pollHarness,
	runKommoNode,
} from '../helpers/n8n-harness';

/**
 * Every operation, the trigger and the dropdowns against a Kommo that lies, loops, stalls or
 * redirects elsewhere. Shortened limits (the defaults are 30 s per request, 120 s per operation,
 * 50 s per poll, 100 pages) keep the suite fast; the code paths are the same.
 */
const LIMITS = {
	requestTimeoutMs: 700,
	operationDeadlineMs: 1800,
	pollDeadlineMs: 1800,
	dropdownDeadlineMs: 1800,
	maxPages: 4,
	maxRetries: 3,
	retryBaseDelayMs: 5,
	retryMaxDelayMs: 20,
};
/** Longest any case may take: the deadline plus a margin for a loaded machine. */
const TIME_BOUND_MS = LIMITS.operationDeadlineMs + 1500;

let kommo: MisbehavingServer;
let elsewhere: MisbehavingServer;

beforeAll(async () => {
	kommo = await MisbehavingServer.start();
	elsewhere = await MisbehavingServer.start();
	setKommoLimitsForTests(LIMITS);
});
afterAll(async () => {
	setKommoLimitsForTests();
	await kommo.close();
	await elsewhere.close();
});
beforeEach(() => {
	kommo.reset();
	elsewhere.reset();
});

type Method = 'GET' | 'POST' | 'DELETE';
type Answer = 'list' | 'pagedList' | 'object';

interface Target {
	name: string;
	method: Method;
	answer: Answer;
	/** Runs the target once; for the trigger, after an activation poll on a good server. */
	prepare(
		kind: CredentialKind,
	): Promise<{ run: () => Promise<unknown>; afterFailure?: () => Promise<void> }>;
}

const node = (kind: CredentialKind, parameters: Record<string, unknown>) => async () =>
	await runKommoNode({
		kind,
		store: credentialStore(kind, kommo.url),
		parameters: { resource: 'incomingLead', ...parameters } as never,
	});

const withLead = (kind: CredentialKind, parameters: (uid: string) => Record<string, unknown>) => {
	const lead = kommo.addLead();
	return { run: node(kind, parameters(lead.uid)) };
};

const sip = JSON.stringify([
	{
		source_name: 'PBX',
		source_uid: 'pbx',
		metadata: {
			phone: '14155550000',
			from: 'PBX',
			called_at: 1_700_000_000,
			duration: 30,
			service_code: 'svc',
			uniq: 'u1',
		},
		_embedded: {},
	},
]);
const form = JSON.stringify([
	{
		source_name: 'Site',
		source_uid: 'form',
		metadata: {
			form_id: 'f',
			form_name: 'F',
			form_page: 'https://example.com',
			form_sent_at: 1_700_000_000,
			ip: '1.1.1.1',
		},
		_embedded: {},
	},
]);

const TARGETS: Target[] = [
	{
		name: 'Get Many',
		method: 'GET',
		answer: 'pagedList',
		prepare: async (kind) => ({ run: node(kind, { operation: 'getAll', returnAll: true }) }),
	},
	{
		name: 'Get',
		method: 'GET',
		answer: 'object',
		prepare: async (kind) => withLead(kind, (uid) => ({ operation: 'get', uid })),
	},
	{
		name: 'Get Summary',
		method: 'GET',
		answer: 'object',
		prepare: async (kind) => ({ run: node(kind, { operation: 'getSummary' }) }),
	},
	{
		name: 'Accept',
		method: 'POST',
		answer: 'object',
		prepare: async (kind) => withLead(kind, (uid) => ({ operation: 'accept', uid })),
	},
	{
		name: 'Decline',
		method: 'DELETE',
		answer: 'object',
		prepare: async (kind) => withLead(kind, (uid) => ({ operation: 'decline', uid })),
	},
	{
		name: 'Link',
		method: 'POST',
		answer: 'object',
		prepare: async (kind) =>
			withLead(kind, (uid) => ({
				operation: 'link',
				uid,
				entityType: 'leads',
				entityId: '152464',
			})),
	},
	{
		name: 'Create From Call',
		method: 'POST',
		answer: 'list',
		prepare: async (kind) => ({
			run: node(kind, { operation: 'createSip', inputMode: 'json', incomingLeadsJson: sip }),
		}),
	},
	{
		name: 'Create From Form',
		method: 'POST',
		answer: 'list',
		prepare: async (kind) => ({
			run: node(kind, { operation: 'createForm', inputMode: 'json', incomingLeadsJson: form }),
		}),
	},
	{
		name: 'Pipelines dropdown',
		method: 'GET',
		answer: 'list',
		prepare: async (kind) => ({
			run: async () =>
				await loadOptions('getPipelines', {}, credentialStore(kind, kommo.url), kind),
		}),
	},
	{
		name: 'Stages dropdown',
		method: 'GET',
		answer: 'list',
		prepare: async (kind) => ({
			run: async () => await loadOptions('getStages', {}, credentialStore(kind, kommo.url), kind),
		}),
	},
	{
		name: 'Users dropdown',
		method: 'GET',
		answer: 'pagedList',
		prepare: async (kind) => ({
			run: async () => await loadOptions('getUsers', {}, credentialStore(kind, kommo.url), kind),
		}),
	},
	{
		name: 'Trigger: Fetch Test Event',
		method: 'GET',
		answer: 'list',
		prepare: async (kind) => {
			kommo.addLead();
			const harness = pollHarness(
				'kommoTrigger',
				{ output: 'raw' } as never,
				credentialStore(kind, kommo.url),
				kind,
			);
			return { run: async () => await harness.poll('manual') };
		},
	},
	{
		name: 'Trigger: poll',
		method: 'GET',
		answer: 'pagedList',
		prepare: async (kind) => {
			kommo.addLead();
			kommo.addLead();
			const harness = pollHarness(
				'kommoTrigger',
				{ output: 'raw' } as never,
				credentialStore(kind, kommo.url),
				kind,
			);
			expect(await harness.poll()).toBeNull();
			const stateBefore = JSON.stringify(harness.staticData());
			const fresh = kommo.addLead();
			return {
				run: async () => await harness.poll(),
				afterFailure: async () => {
					// The bad poll changed nothing; the next good poll emits exactly the new lead.
					expect(JSON.stringify(harness.staticData())).toBe(stateBefore);
					kommo.setFault(undefined);
					const emitted = (await harness.poll())?.[0].map((item) => item.json.uid);
					expect(emitted).toEqual([fresh.uid]);
					expect(await harness.poll()).toBeNull();
				},
			};
		},
	},
];

const answerWith =
	(status: number, body: unknown, contentType?: string): Fault['answer'] =>
	(_req, res) =>
		send(res, status, body, contentType);

const pathOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://x').pathname;

function wrongShape(target: Target): unknown {
	if (target.answer === 'object')
		return target.name === 'Get Summary' ? { total: 'many' } : { id: 5, status: 'ok' };
	return {
		_embedded: { unsorted: [null, 5, 'x'], users: [null, 5, 'x'], pipelines: [null, 5, 'x'] },
	};
}

interface Case {
	name: string;
	applies: (target: Target) => boolean;
	fault: (target: Target) => Fault;
	message: (target: Target) => RegExp;
	requests: (target: Target) => number;
	/** Outcome when the target succeeds despite the fault (a retried read). */
	succeeds?: (target: Target) => boolean;
}

const WRONG_ANSWER =
	/^Kommo's answer to (GET|POST|DELETE) \/api\/v4\/\S+ is not (a list of|an incoming lead|a summary)/;
const isGet = (target: Target) => target.method === 'GET';
const all = () => true;

const CASES: Case[] = [
	{
		name: '200 with an HTML maintenance page',
		applies: all,
		fault: () => ({
			name: 'html',
			answer: answerWith(200, html('Down for maintenance'), 'text/html'),
		}),
		message: () => WRONG_ANSWER,
		requests: () => 1,
	},
	{
		name: '200 with {}',
		applies: all,
		fault: () => ({ name: '{}', answer: answerWith(200, {}) }),
		message: () => WRONG_ANSWER,
		requests: () => 1,
	},
	{
		name: '200 with invalid JSON',
		applies: all,
		fault: () => ({
			name: 'invalid json',
			answer: answerWith(200, '{"_embedded": {"unsorted": [', 'application/json'),
		}),
		message: () => WRONG_ANSWER,
		requests: () => 1,
	},
	{
		name: '200 with the wrong shape',
		applies: all,
		fault: (t) => ({ name: 'shape', answer: answerWith(200, wrongShape(t)) }),
		message: () => WRONG_ANSWER,
		requests: () => 1,
	},
	...[301, 302, 307, 308].map((status): Case => ({
		name: `${status} to another host`,
		applies: all,
		fault: () => ({
			name: 'redirect',
			answer: (req, res) => {
				res.writeHead(status, { Location: `${elsewhere.url}${req.url ?? '/'}` }).end();
			},
		}),
		message: () =>
			new RegExp(
				`^Kommo answered with a redirect \\(${status}\\) to host "127\\.0\\.0\\.1:\\d+"; it was not followed$`,
			),
		requests: () => 1,
	})),
	{
		name: 'endless next pages repeating the same entries',
		applies: (t) => t.answer === 'pagedList',
		fault: () => {
			const seed = Array.from({ length: 250 }, () => newUid());
			return {
				name: 'loop',
				answer: (req, res, server) =>
					send(res, 200, endlessPage(new URL(req.url ?? '/', server.url), server, false, seed)),
			};
		},
		message: () => /^Kommo sent page 2 of GET \/api\/v4\/\S+ with nothing new on it$/,
		requests: () => 2,
	},
	{
		name: 'endless next pages of new entries',
		applies: (t) => t.answer === 'pagedList',
		fault: () => ({
			name: 'endless',
			answer: (req, res, server) =>
				send(res, 200, endlessPage(new URL(req.url ?? '/', server.url), server, true, [])),
		}),
		message: () =>
			new RegExp(
				`^Kommo kept linking further pages of GET /api/v4/\\S+: stopped after ${LIMITS.maxPages} pages$`,
			),
		requests: () => LIMITS.maxPages,
	},
	{
		name: 'a body trickling one byte every 100 ms',
		applies: all,
		fault: () => ({ name: 'trickle', answer: (_req, res) => trickle(res, 100) }),
		message: () =>
			/^Kommo did not finish within the 2 s allowed for one (operation|poll|dropdown)$/,
		requests: () => 1,
	},
	{
		name: 'no answer at all',
		applies: all,
		fault: () => ({ name: 'stall', answer: () => undefined }),
		message: () => /^Kommo did not answer within 1 s$/,
		requests: () => 1,
	},
	{
		name: '502 with a proxy HTML page',
		applies: all,
		fault: () => ({ name: '502', answer: answerWith(502, html('502 Bad Gateway'), 'text/html') }),
		message: () => /^Kommo server error \(502\): 502 Bad Gateway$/,
		requests: (t) => (isGet(t) ? 1 + LIMITS.maxRetries : 1),
	},
	{
		name: 'one 503, then a good answer',
		applies: all,
		fault: () => ({
			name: '503 once',
			times: 1,
			answer: answerWith(
				503,
				{ title: 'Service Unavailable', status: 503, detail: 'restarting' },
				'application/problem+json',
			),
		}),
		message: () => /^Kommo server error \(503\): restarting$/,
		requests: (t) => (isGet(t) ? 2 : 1),
		succeeds: isGet,
	},
];

const rows = TARGETS.flatMap((target) =>
	CASES.filter((c) => c.applies(target)).map((c) => [target.name, c.name, target, c] as const),
);

describe.each(['longLivedToken', 'oAuth2'] as const)(
	'a misbehaving Kommo (%s credential)',
	(kind) => {
		// Every case for the long-lived token. For OAuth2 (n8n signs and sends through requestOAuth2) the
		// cases that depend on request options reaching the client: redirects (the token could leak)
		// and the trickling body (the deadline's abort signal).
		const selected =
			kind === 'longLivedToken'
				? rows
				: rows.filter(([, caseName]) => /another host|trickling/.test(caseName));

		it.each(selected)(
			'%s: %s',
			async (_t, _c, target, testCase) => {
				const { run, afterFailure } = await target.prepare(kind);
				kommo.requests.length = 0;
				kommo.setFault(testCase.fault(target));
				const started = Date.now();
				const outcome = await run().then(
					(value) => ({ value }),
					(error: unknown) => ({ error }),
				);
				const elapsed = Date.now() - started;

				if (testCase.succeeds?.(target)) {
					expect(outcome).not.toHaveProperty('error');
				} else {
					expect(outcome).toHaveProperty('error');
					const error = (outcome as { error: NodeApiError }).error;
					expect(error).toBeInstanceOf(NodeApiError);
					expect(error.message).toMatch(testCase.message(target));
					// Short and useful: never the page itself, never a token.
					const text = `${error.message} ${error.description ?? ''}`;
					expect(text.length).toBeLessThan(700);
					expect(text).not.toMatch(/<html|<style|<p>|test-token/i);
				}
				const paths = kommo.requests.map((r) => `${r.method} ${r.path}`);
				expect(kommo.requests).toHaveLength(testCase.requests(target));
				expect(new Set(kommo.requests.map((r) => r.host))).toEqual(new Set([kommo.host]));
				expect(paths.every((p) => p.startsWith(`${target.method} /api/v4/`))).toBe(true);
				expect(elsewhere.requests).toEqual([]);
				expect(elapsed).toBeLessThan(TIME_BOUND_MS);
				if (afterFailure && !testCase.succeeds?.(target)) await afterFailure();
			},
			15_000,
		);
	},
);

describe('the description says what came back', () => {
	it('names status, content type and the page title of a 200 HTML answer', async () => {
		kommo.setFault({
			name: 'html',
			answer: answerWith(200, html('Down for maintenance'), 'text/html; charset=utf-8'),
		});
		const error = (await node('longLivedToken', { operation: 'getAll', returnAll: true })().catch(
			(e: unknown) => e,
		)) as NodeApiError;
		expect(error.message).toBe(
			"Kommo's answer to GET /api/v4/leads/unsorted is not a list of incoming leads (_embedded.unsorted with a uid on each)",
		);
		expect(error.description).toMatch(
			/^Got status 200, text\/html; charset=utf-8: an HTML page titled "Down for maintenance"\./,
		);
	});

	it('quotes the first 200 characters of a JSON answer of the wrong shape', async () => {
		kommo.setFault({
			name: 'shape',
			answer: answerWith(200, {
				_embedded: { unsorted: [null, 5, 'x'] },
				padding: 'y'.repeat(500),
			}),
		});
		const error = (await node('longLivedToken', { operation: 'getAll', returnAll: true })().catch(
			(e: unknown) => e,
		)) as NodeApiError;
		expect(error.description).toContain(
			'Got status 200, application/hal+json: "{"_embedded":{"unsorted":[null,5,"x"]},"padding":"yyy',
		);
		expect(error.description).toContain('…');
		expect(error.description?.length).toBeLessThan(450);
	});

	it('a 204 and a present, empty list are "nothing waiting"', async () => {
		expect(await node('longLivedToken', { operation: 'getAll', returnAll: true })()).toEqual([]);
		kommo.setFault({ name: 'empty', answer: answerWith(200, { _embedded: { unsorted: [] } }) });
		expect(await node('longLivedToken', { operation: 'getAll', returnAll: true })()).toEqual([]);
	});

	it('a redirect within the same host is not followed either', async () => {
		kommo.setFault({
			name: 'same',
			answer: (req, res) => {
				res.writeHead(302, { Location: `${kommo.url}/elsewhere${pathOf(req)}` }).end();
			},
		});
		await expect(node('longLivedToken', { operation: 'getSummary' })()).rejects.toThrow(
			/redirect \(302\) to host "127\.0\.0\.1:\d+"; it was not followed/,
		);
		expect(kommo.requests).toHaveLength(1);
	});
});

describe('waits stay inside the deadline', () => {
	it('an item whose turn under the pace lies beyond the deadline fails at once instead of waiting', async () => {
		const uids = [1, 2, 3, 4].map(() => kommo.addLead().uid);
		const started = Date.now();
		const items = await runKommoNode({
			// 1 request per second: one start per window, so the third item's turn is ~2.1 s away.
			store: {
				data: { [LONG_LIVED]: credentialData('longLivedToken', kommo.url, 'test-token', 1) },
				refreshes: 0,
			},
			parameters: { resource: 'incomingLead', operation: 'get', uid: '={{ $json.uid }}' } as never,
			items: uids.map((uid) => ({ json: { uid } })),
			continueOnFail: true,
		});
		// Items run concurrently: which two get the first turns depends on scheduling.
		const served = items.filter((item) => !item.error).map((item) => item.json.uid);
		expect(served).toHaveLength(2);
		expect(uids).toEqual(expect.arrayContaining(served));
		const errors = items.filter((item) => item.error).map((item) => item.error?.message);
		expect(errors).toEqual(
			Array(2).fill('Kommo did not finish within the 2 s allowed for one operation'),
		);
		expect(kommo.requests).toHaveLength(2);
		expect(Date.now() - started).toBeLessThan(TIME_BOUND_MS);
	});
});
