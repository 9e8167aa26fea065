/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import type { IncomingMessage } from 'node:http';
import type { Query } from './query';
import type { FakeKommoState } from './state';

/** What a handler answers; the server adds Content-Type from the status unless given. */
export interface FakeResponse {
	status: number;
	/** undefined → no body (204, 302). */
	body?: unknown;
	headers?: Record<string, string>;
}

export interface RequestContext {
	method: string;
	path: string;
	/** Undecoded search string without '?', for rebuilding `_links`. */
	search: string;
	query: Query;
	headers: IncomingMessage['headers'];
	/** Parsed JSON, the raw string when it is not JSON, undefined when empty. */
	body: unknown;
	rawBody: string;
	state: FakeKommoState;
	/** The fake's own origin, e.g. http://127.0.0.1:8765 — every href is built from it. */
	baseUrl: string;
}

export function hal(body: unknown, status = 200): FakeResponse {
	return { status, body };
}

export const noContent: FakeResponse = { status: 204 };

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

export function parseBody(raw: string): unknown {
	if (raw.trim() === '') return undefined;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return raw;
	}
}

export function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type Handler = (ctx: RequestContext, params: string[]) => FakeResponse;

export interface Route {
	/** Anchored pattern over the raw path; capture groups become `params`. */
	pattern: RegExp;
	/** false only for the OAuth endpoints, which authenticate the client instead. */
	auth: boolean;
	methods: Partial<Record<string, Handler>>;
}
