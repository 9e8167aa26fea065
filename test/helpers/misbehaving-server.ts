/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A raw node:http server standing in for a Kommo account that misbehaves on demand: it answers
 * like Kommo (a small in-memory list of incoming leads, pipelines, users) until a fault is set,
 * then answers as the fault says. Every request is recorded with its Host and whether it carried
 * an Authorization header. Listens on 127.0.0.1 only; the test closes it.
 */
export interface SeenRequest {
	method: string;
	path: string;
	host: string;
	authorization: boolean;
}

export interface Fault {
	name: string;
	/** Answers the request; return false to let the good Kommo answer instead. */
	answer: (req: IncomingMessage, res: ServerResponse, server: MisbehavingServer) => boolean | void;
	/** Requests it applies to; default: all. */
	times?: number;
	/** Requests answered well before it starts; default 0. */
	afterMatches?: number;
}

export interface Lead {
	uid: string;
	category: string;
	pipeline_id: number;
	created_at: number;
}

export const newUid = () => randomBytes(30).toString('hex');

export class MisbehavingServer {
	readonly requests: SeenRequest[] = [];

	leads: Lead[] = [];

	private fault: { spec: Fault; remaining: number; toSkip: number } | undefined;

	/** A real (fake) Kommo to forward to when no fault answers, instead of the built-in account. */
	upstream: string | undefined;

	private readonly sockets = new Set<import('node:net').Socket>();

	private constructor(
		private readonly server: Server,
		readonly url: string,
	) {}

	static async start(): Promise<MisbehavingServer> {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		const instance = new MisbehavingServer(server, `http://127.0.0.1:${port}`);
		server.on('connection', (socket) => {
			instance.sockets.add(socket);
			socket.on('close', () => instance.sockets.delete(socket));
		});
		server.on('request', (req, res) => instance.handle(req, res));
		return instance;
	}

	get host(): string {
		return new URL(this.url).host;
	}

	setFault(fault: Fault | undefined): void {
		this.fault = fault
			? { spec: fault, remaining: fault.times ?? Infinity, toSkip: fault.afterMatches ?? 0 }
			: undefined;
	}

	reset(): void {
		this.requests.length = 0;
		this.leads = [];
		this.fault = undefined;
	}

	addLead(category = 'forms'): Lead {
		const lead = {
			uid: newUid(),
			category,
			pipeline_id: 6950551,
			created_at: Math.floor(Date.now() / 1000),
		};
		this.leads.push(lead);
		return lead;
	}

	private forward(req: IncomingMessage, body: string, res: ServerResponse): void {
		const target = new URL(req.url ?? '/', this.upstream);
		const upstream = httpRequest(
			target,
			{ method: req.method, headers: { ...req.headers, host: target.host } },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		// The upstream dropping the connection (an injected network fault) drops ours too.
		upstream.on('error', () => res.destroy());
		upstream.end(body);
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private handle(req: IncomingMessage, res: ServerResponse): void {
		const url = new URL(req.url ?? '/', this.url);
		this.requests.push({
			method: req.method ?? 'GET',
			path: url.pathname,
			host: String(req.headers.host ?? ''),
			authorization: req.headers.authorization !== undefined,
		});
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			const fault = this.fault;
			if (fault && fault.toSkip > 0) fault.toSkip--;
			else if (fault && fault.remaining > 0) {
				fault.remaining--;
				if (fault.spec.answer(req, res, this) !== false) return;
			}
			if (this.upstream) this.forward(req, body, res);
			else goodAnswer(this, req.method ?? 'GET', url, body, res);
		});
	}
}

export function send(
	res: ServerResponse,
	status: number,
	body: unknown,
	contentType = 'application/hal+json',
): void {
	if (status === 204) {
		res.writeHead(204).end();
		return;
	}
	res.writeHead(status, { 'Content-Type': contentType });
	res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export const PAGE_SIZE = 250;

function listPage(server: MisbehavingServer, url: URL, res: ServerResponse): void {
	const page = Number(url.searchParams.get('page') ?? 1);
	const limit = Number(url.searchParams.get('limit') ?? 50);
	const order = url.searchParams.get('order[created_at]') === 'desc' ? -1 : 1;
	const sorted = [...server.leads].sort((a, b) => order * (a.created_at - b.created_at));
	const items = sorted.slice((page - 1) * limit, page * limit);
	if (!items.length) return send(res, 204, undefined);
	const next =
		page * limit < sorted.length
			? { next: { href: `${server.url}${url.pathname}?page=${page + 1}&limit=${limit}` } }
			: {};
	send(res, 200, {
		_page: page,
		_links: { self: { href: url.href }, ...next },
		_embedded: { unsorted: items },
	});
}

/** What a healthy Kommo account answers, just enough for every operation, the trigger and dropdowns. */
function goodAnswer(
	server: MisbehavingServer,
	method: string,
	url: URL,
	body: string,
	res: ServerResponse,
): void {
	const path = url.pathname;
	const unsorted = '/api/v4/leads/unsorted';
	if (method === 'GET' && path === unsorted) return listPage(server, url, res);
	if (method === 'GET' && path === `${unsorted}/summary`) {
		return send(res, 200, {
			total: server.leads.length,
			accepted: 0,
			declined: 0,
			average_sort_time: 0,
			categories: {},
		});
	}
	if (method === 'POST' && (path === `${unsorted}/sip` || path === `${unsorted}/forms`)) {
		const entries = JSON.parse(body || '[]') as Array<{ request_id?: string }>;
		const created = entries.map((entry) => ({
			uid: newUid(),
			request_id: entry.request_id ?? null,
			account_id: 1,
			_embedded: {},
		}));
		return send(res, 200, { _total_items: created.length, _embedded: { unsorted: created } });
	}
	const single = new RegExp(`^${unsorted}/([0-9a-f]+)(/accept|/decline|/link)?$`).exec(path);
	if (single) {
		const lead = server.leads.find((entry) => entry.uid === single[1]);
		if (!lead)
			return send(res, 404, { title: 'Not found', status: 404 }, 'application/problem+json');
		if (single[2]) server.leads = server.leads.filter((entry) => entry !== lead);
		return send(res, 200, { ...lead, account_id: 1 });
	}
	if (method === 'GET' && path === '/api/v4/leads/pipelines') {
		return send(res, 200, {
			_embedded: {
				pipelines: [
					{
						id: 6950551,
						name: 'Sales',
						_embedded: { statuses: [{ id: 58141807, name: 'New', type: 0 }] },
					},
				],
			},
		});
	}
	if (method === 'GET' && path === '/api/v4/users') {
		return send(res, 200, {
			_embedded: { users: [{ id: 8375357, name: 'Ana', email: 'ana@example.com' }] },
		});
	}
	send(res, 404, { title: 'Not found', status: 404 }, 'application/problem+json');
}

/** A full page of fresh (or always the same) entries with a next link, for every list endpoint. */
export function endlessPage(
	url: URL,
	server: MisbehavingServer,
	fresh: boolean,
	seed: string[],
): unknown {
	const page = Number(url.searchParams.get('page') ?? 1);
	const limit = Number(url.searchParams.get('limit') ?? PAGE_SIZE);
	const count = Math.min(limit, PAGE_SIZE);
	const ids = fresh ? Array.from({ length: count }, () => newUid()) : seed.slice(0, count);
	const next = { next: { href: `${server.url}${url.pathname}?page=${page + 1}&limit=${limit}` } };
	if (url.pathname === '/api/v4/users') {
		return {
			_links: next,
			_embedded: {
				users: ids.map((id, i) => ({
					id: fresh ? page * 1000 + i : i + 1,
					name: `User ${id.slice(0, 6)}`,
				})),
			},
		};
	}
	if (url.pathname === '/api/v4/leads/pipelines') {
		return {
			_links: next,
			_embedded: { pipelines: ids.map((_, i) => ({ id: i + 1, name: `P${i}` })) },
		};
	}
	return {
		_links: next,
		_embedded: {
			unsorted: ids.map((uid) => ({ uid, category: 'forms', pipeline_id: 6950551, created_at: 1 })),
		},
	};
}

/** A proxy's or maintenance HTML page of a few KB. */
export const html = (title: string) =>
	`<!DOCTYPE html><html><head><title>${title}</title><style>${'body{margin:0}'.repeat(150)}</style></head><body><h1>${title}</h1>${'<p>Please try again later.</p>'.repeat(60)}</body></html>`;

/** Headers and the start of a body, then one byte every `everyMs`, forever: no socket timeout fires. */
export function trickle(res: ServerResponse, everyMs: number): void {
	res.writeHead(200, { 'Content-Type': 'application/hal+json' });
	res.write('{"_embedded":');
	const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), everyMs);
	res.on('close', () => clearInterval(timer));
}
