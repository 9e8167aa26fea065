/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultList, type FaultSpec } from './faults';
import { parseBody, readBody, type FakeResponse, type RequestContext } from './http';
import { ProblemError, problemBody } from './problem';
import { decodeRawQuery, parseQuery } from './query';
import { AccountBlock, RateLimiter, type AccountBlockOptions } from './rate-limit';
import { dispatch } from './router';
import { trafficStats, type Arrival, type TrafficStats } from './traffic';
import { FakeKommoState } from './state';
import { WebhookDelivery, type WebhookDeliveryOptions } from './webhook-delivery';

export interface FakeKommoOptions {
	/** 0 = random free port. */
	port?: number;
	/** Default ['test-token']. */
	accessTokens?: string[];
	/** Fill the account with sandbox data; default false. */
	seed?: boolean;
	/** Default: no rate limit. */
	rateLimitPerSecond?: number;
	/** Blocks the account (403 on every request) after repeated 429s, as Kommo does; default never. */
	blockAfter429s?: AccountBlockOptions;
	accountId?: number;
	subdomain?: string;
	/** Retry pacing and timeout of web hook deliveries. */
	webhooks?: WebhookDeliveryOptions;
}

export interface RecordedRequest {
	method: string;
	/** Path without query, as sent (not percent-decoded). */
	path: string;
	/** Query string decoded once, without '?'. */
	rawQuery: string;
	/** Bracket keys kept as sent, e.g. 'filter[category][]' -> ['sip', 'forms']. */
	query: Record<string, string | string[]>;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON, the raw string if not JSON, undefined if empty. */
	body: unknown;
	/** Status the fake answered; 0 when an injected fault destroyed the socket. */
	status: number;
}

export interface FakeKommo {
	url: string;
	port: number;
	requests: RecordedRequest[];
	clearRequests(): void;
	state: FakeKommoState;
	injectFault(f: FaultSpec): void;
	clearFaults(): void;
	/**
	 * Runs before each request is answered, e.g. to let other users accept or add incoming leads
	 * between two pages of one client's paging (what a busy account does).
	 */
	setRequestHook(
		hook: ((request: RecordedRequest, state: FakeKommoState) => void) | undefined,
	): void;
	/** Web hook calls made to subscribed destinations, plus controls to post forged or repeated calls. */
	webhooks: WebhookDelivery;
	/** Rate of arrival, 429 count and block since the start or the last clearRequests(). */
	traffic(): TrafficStats;
	/** Lifts a block (the account's owner asked Kommo's support). */
	unblock(): void;
	close(): Promise<void>;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
	return Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase());
}

function faultResponse(fault: FaultSpec): FakeResponse {
	const body =
		fault.body === undefined && fault.status >= 400
			? problemBody(fault.status, 'Injected fault')
			: fault.body;
	return { status: fault.status, body, headers: fault.headers ?? {} };
}

function rateLimited(): FakeResponse {
	return {
		status: 429,
		body: problemBody(429, 'Too many requests per second; retry later', { retry_after: 1 }),
		headers: { 'Retry-After': '1' },
	};
}

function accountBlocked(): FakeResponse {
	return {
		status: 403,
		body: problemBody(403, 'Account is blocked for exceeding the request rate limit'),
	};
}

function fromError(e: unknown): FakeResponse {
	if (e instanceof ProblemError) {
		return { status: e.status, body: problemBody(e.status, e.detail, e.extra), headers: e.headers };
	}
	// A bug in the fake must surface loudly in the client's test, not as a hang.
	const detail =
		e instanceof Error
			? `fake-kommo internal error: ${e.stack ?? e.message}`
			: 'fake-kommo internal error';
	return { status: 500, body: problemBody(500, detail) };
}

function send(res: ServerResponse, response: FakeResponse): void {
	const headers: Record<string, string> = { ...(response.headers ?? {}) };
	let payload: Buffer | undefined;
	if (response.body !== undefined && response.status !== 204 && response.status !== 304) {
		const isString = typeof response.body === 'string';
		payload = Buffer.from(
			isString ? (response.body as string) : JSON.stringify(response.body),
			'utf8',
		);
		if (!hasHeader(headers, 'content-type')) {
			headers['Content-Type'] = isString
				? 'text/plain; charset=utf-8'
				: response.status >= 400
					? 'application/problem+json'
					: 'application/hal+json';
		}
		headers['Content-Length'] = String(payload.length);
	} else if (response.status !== 204 && response.status !== 304) {
		headers['Content-Length'] = '0';
	}
	res.writeHead(response.status, headers);
	res.end(payload);
}

export async function startFakeKommo(options: FakeKommoOptions = {}): Promise<FakeKommo> {
	const requests: RecordedRequest[] = [];
	const faults = new FaultList();
	const limiter =
		options.rateLimitPerSecond !== undefined
			? new RateLimiter(options.rateLimitPerSecond)
			: undefined;
	const block = options.blockAfter429s ? new AccountBlock(options.blockAfter429s) : undefined;
	const arrivals: Arrival[] = [];
	// Created once the port is known: seeded models carry hrefs built from the fake's url.
	// eslint-disable-next-line prefer-const -- assigned once the port is known, after handle() captures it
	let state: FakeKommoState | undefined;
	let baseUrl = '';
	let requestHook: ((request: RecordedRequest, state: FakeKommoState) => void) | undefined;

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		// Kommo counts a request when it arrives, before its body is read.
		const arrival: Arrival = { at: Date.now(), status: 0, blocked: false };
		arrivals.push(arrival);
		const rawUrl = req.url ?? '/';
		const q = rawUrl.indexOf('?');
		const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
		const search = q === -1 ? '' : rawUrl.slice(q + 1);
		const method = (req.method ?? 'GET').toUpperCase();
		const rawBody = await readBody(req);
		const body = parseBody(rawBody);
		const query = parseQuery(search);
		const record: RecordedRequest = {
			method,
			path,
			rawQuery: decodeRawQuery(search),
			query,
			headers: { ...req.headers },
			body,
			status: 0,
		};

		if (requestHook && state) requestHook(record, state);
		const fault = faults.take(method, path);
		if (fault?.destroySocket) {
			requests.push(record);
			req.socket.destroy();
			return;
		}
		let response: FakeResponse;
		if (fault) response = faultResponse(fault);
		else if (block?.isBlocked(arrival.at)) {
			response = accountBlocked();
			arrival.blocked = true;
		} else if (limiter && !limiter.admit(arrival.at)) {
			response = rateLimited();
			block?.record429(arrival.at);
		} else if (!state)
			response = { status: 503, body: problemBody(503, 'fake-kommo is still starting') };
		else {
			const ctx: RequestContext = {
				method,
				path,
				search,
				query,
				headers: req.headers,
				body,
				rawBody,
				state,
				baseUrl,
			};
			try {
				response = dispatch(ctx);
			} catch (e) {
				response = fromError(e);
			}
		}
		record.status = response.status;
		arrival.status = response.status;
		// Logged before answering so a test that awaited the response always finds it here.
		requests.push(record);
		send(res, response);
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((e: unknown) => {
			if (!res.headersSent) send(res, fromError(e));
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	baseUrl = `http://127.0.0.1:${port}`;
	const ready = new FakeKommoState({
		accountId: options.accountId,
		subdomain: options.subdomain,
		accessTokens: options.accessTokens,
		seed: options.seed,
		baseUrl,
	});
	state = ready;
	const webhooks = new WebhookDelivery(ready, options.webhooks);

	return {
		url: baseUrl,
		port,
		requests,
		clearRequests: () => {
			// Emptied in place: callers may hold a reference to the array.
			requests.length = 0;
			arrivals.length = 0;
		},
		state: ready,
		injectFault: (f) => faults.add(f),
		clearFaults: () => faults.clear(),
		setRequestHook: (hook) => {
			requestHook = hook;
		},
		webhooks,
		traffic: () => trafficStats(arrivals, block?.isBlocked() ?? false),
		unblock: () => block?.unblock(),
		close: async () => {
			await webhooks.close();
			await new Promise<void>((resolve, reject) => {
				server.close((e) => (e ? reject(e) : resolve()));
				// Keep-alive sockets would otherwise hold the process (and jest) open.
				server.closeAllConnections();
			});
		},
	};
}
