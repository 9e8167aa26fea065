/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { request } from 'node:http';
import type { FakeKommoState } from './state';
import { toKommoForm } from './webhook-form';
import { hookBody, hookCode, type IncomingLeadChange } from './webhook-payload';

export interface WebhookDeliveryOptions {
	/** Pause before each retry of a call answered non-2xx (or not at all); default [1000, 3000, 10000]. */
	retryDelaysMs?: number[];
	/** Kommo gives a destination about 2 s to answer. */
	timeoutMs?: number;
	/** Consecutive failed calls after which the hook is disabled, as Kommo does; default 20. */
	disableAfterFailures?: number;
	/**
	 * Calls in flight to one destination at a time; the rest wait their turn (default 4). Kommo
	 * does not document its concurrency; a sender that opens hundreds of connections at once to
	 * one hook is not what a webhook receiver should be measured against.
	 */
	maxInFlightPerDestination?: number;
}

export interface DeliveryRecord {
	destination: string;
	/** Hook code for event deliveries; 'manual' for calls posted through `post`/`replay`. */
	code: string;
	body: string;
	/** 1 for the first try. */
	attempt: number;
	/** HTTP status; 0 = no answer (connection failed or timed out); -1 = refused to leave loopback. */
	status: number;
	sentAt: number;
	answeredAt: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Delivers incoming-lead changes to every subscribed destination in Kommo's form format, retrying
 * non-2xx answers a bounded number of times. Only loopback destinations are called: the fake never
 * reaches the network.
 */
export class WebhookDelivery {
	readonly deliveries: DeliveryRecord[] = [];
	private readonly retryDelaysMs: number[];
	private readonly timeoutMs: number;
	private readonly disableAfter: number;
	private readonly inFlight = new Set<Promise<unknown>>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly failures = new Map<string, number>();
	private readonly maxInFlight: number;
	private readonly busy = new Map<string, number>();
	private readonly waiting = new Map<string, Array<() => void>>();
	private closed = false;

	constructor(
		private readonly state: FakeKommoState,
		options: WebhookDeliveryOptions = {},
	) {
		this.retryDelaysMs = options.retryDelaysMs ?? [1000, 3000, 10000];
		this.timeoutMs = options.timeoutMs ?? 2000;
		this.disableAfter = options.disableAfterFailures ?? 20;
		this.maxInFlight = options.maxInFlightPerDestination ?? 4;
		state.onChange((change) => this.deliverChange(change));
	}

	private deliverChange(change: IncomingLeadChange): void {
		const code = hookCode(change);
		const body = toKommoForm(
			hookBody([change], { id: this.state.accountId, subdomain: this.state.subdomain }),
		);
		for (const hook of this.state.webhooks.subscribersOf(code))
			this.track(this.attempt(hook.destination, code, body, 1, true));
	}

	/** A hand-made call (forged, malformed, batched): sent once, never retried. */
	post(destination: string, body: string | Record<string, unknown>): Promise<DeliveryRecord> {
		const raw = typeof body === 'string' ? body : toKommoForm(body);
		return this.track(this.attempt(destination, 'manual', raw, 1, false));
	}

	/** The same call again, as Kommo repeats a delivery it thinks failed. */
	replay(record: DeliveryRecord): Promise<DeliveryRecord> {
		return this.track(this.attempt(record.destination, 'manual', record.body, 1, false));
	}

	/** Deliveries to one destination, in order. */
	to(destination: string): DeliveryRecord[] {
		return this.deliveries.filter((d) => d.destination === destination);
	}

	/** Resolves once nothing is in flight and no retry is pending. */
	async idle(): Promise<void> {
		while (this.inFlight.size || this.timers.size) {
			await Promise.all([...this.inFlight]);
			if (this.timers.size && !this.inFlight.size) await new Promise((r) => setTimeout(r, 20));
		}
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		await Promise.all([...this.inFlight]);
	}

	private track<T>(promise: Promise<T>): Promise<T> {
		this.inFlight.add(promise);
		void promise.finally(() => this.inFlight.delete(promise));
		return promise;
	}

	private async turn(destination: string): Promise<void> {
		const busy = this.busy.get(destination) ?? 0;
		if (busy < this.maxInFlight) {
			this.busy.set(destination, busy + 1);
			return;
		}
		// The finishing call hands its slot over, so the count stays as it is.
		await new Promise<void>((resolve) => {
			const queue = this.waiting.get(destination) ?? [];
			queue.push(resolve);
			this.waiting.set(destination, queue);
		});
	}

	private release(destination: string): void {
		const next = this.waiting.get(destination)?.shift();
		if (next) next();
		else this.busy.set(destination, (this.busy.get(destination) ?? 1) - 1);
	}

	private async attempt(
		destination: string,
		code: string,
		body: string,
		attempt: number,
		retry: boolean,
	): Promise<DeliveryRecord> {
		await this.turn(destination);
		const sentAt = Date.now();
		const status = await this.send(destination, body).finally(() => this.release(destination));
		const record: DeliveryRecord = {
			destination,
			code,
			body,
			attempt,
			status,
			sentAt,
			answeredAt: Date.now(),
		};
		this.deliveries.push(record);
		const ok = status >= 200 && status < 300;
		if (!retry || status === -1) return record;
		if (ok) {
			this.failures.delete(destination);
			return record;
		}
		const failures = (this.failures.get(destination) ?? 0) + 1;
		this.failures.set(destination, failures);
		if (failures >= this.disableAfter) {
			this.state.webhooks.disable(destination);
			return record;
		}
		const delay = this.retryDelaysMs[attempt - 1];
		if (delay !== undefined && !this.closed) {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				this.track(this.attempt(destination, code, body, attempt + 1, true));
			}, delay);
			this.timers.add(timer);
		}
		return record;
	}

	private send(destination: string, body: string): Promise<number> {
		let url: URL;
		try {
			url = new URL(destination);
		} catch {
			return Promise.resolve(-1);
		}
		if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) return Promise.resolve(-1);
		return new Promise((resolve) => {
			const req = request(
				url,
				{
					method: 'POST',
					headers: {
						'Content-Type': 'application/x-www-form-urlencoded',
						'Content-Length': Buffer.byteLength(body),
						'User-Agent': 'fake-kommo-webhooks',
					},
					timeout: this.timeoutMs,
				},
				(res) => {
					res.resume();
					res.on('end', () => resolve(res.statusCode ?? 0));
					res.on('error', () => resolve(0));
				},
			);
			req.on('timeout', () => req.destroy());
			req.on('error', () => resolve(0));
			req.end(body);
		});
	}
}
