import { sleep } from 'n8n-workflow';

import { paceFactor, pausedUntil } from './pace-backoff';

/** Kommo answers 429 from 7 requests per second and blocks accounts that keep at it. */
export const DEFAULT_REQUESTS_PER_SECOND = 6;

/**
 * The window is a little longer than Kommo's second: a request is counted when it is handed to
 * n8n, and the socket write can follow some milliseconds later on a loaded machine.
 */
export const WINDOW_MS = 1050;

/** The credential's limit and how many n8n processes share it (queue mode: workers and main). */
export interface Pace {
	/** Max Requests per Second for the account, all processes together; 0 = no pacing. */
	perSecond: number;
	/** n8n Processes Sharing This Limit; 1 = a single n8n. */
	processes: number;
}

/** One request start; `end` is set once its answer (or failure) came back. */
interface Start {
	at: number;
	end?: number;
}

// Starts per account and pace, shared by every execution in this n8n process: n8n runs the items
// of one node (and several workflows) concurrently. Other processes keep their own (see Pace).
const startsByAccount = new Map<string, Start[]>();

// Requests waiting for a place held by a request still in flight: woken when an answer comes in.
const waitersByAccount = new Map<string, Array<() => void>>();

/** Resolves after `ms`, or earlier when a request of `key` gets its answer. */
async function waitForPlace(key: string, ms: number): Promise<void> {
	let wake: () => void = () => undefined;
	const answered = new Promise<void>((resolve) => (wake = resolve));
	waitersByAccount.set(key, [...(waitersByAccount.get(key) ?? []), wake]);
	await Promise.race([sleep(ms), answered]);
}

function wakeWaiters(key: string): void {
	const waiters = waitersByAccount.get(key) ?? [];
	waitersByAccount.delete(key);
	for (const wake of waiters) wake();
}

// Longer than any request may take (30 s timeout) and than the slowest pace's window.
const HISTORY_MS = 60_000;

/**
 * Starts per second this process may make: the limit, or an equal part of it (fractions included)
 * when several processes share it. No start is kept spare for the re-send n8n makes by itself after
 * a 401 (OAuth2 refresh, about once a day): it falls inside the place of the request it repeats, and
 * the rare 429 it may cause is met by the back-off (pace-backoff.ts).
 */
export function processShare(pace: Pace): number {
	return pace.perSecond / Math.max(1, pace.processes);
}

/**
 * Budget of starts in a sliding window for `share` starts per WINDOW_MS: whole starts per window,
 * or one start in a window stretched below one per second (0.75 → one per 1,384 ms).
 */
export function paceWindow(share: number): { budget: number; windowMs: number } {
	if (share < 1) return { budget: 1, windowMs: Math.ceil(1000 / share) + (WINDOW_MS - 1000) };
	return { budget: Math.floor(share), windowMs: WINDOW_MS };
}

/**
 * Until when a start holds one of the window's places: a window after it was handed to n8n, and a
 * second after its answer came back. Kommo counted it at some moment before that answer, so the
 * next start in its place arrives at least a second later however late a loaded machine (a stalled
 * event loop, a busy worker) put either on the wire; counting only from the hand-over let a stalled
 * process send a held-back batch together with the next one (measured: 10 in a second, 429s).
 * Together the places of all processes then cannot add up past the limit.
 */
function heldUntil(start: Start, windowMs: number, now: number): number {
	// Still in flight: held at least a second past now (the waiter is woken by its answer).
	return Math.max(start.at + windowMs, (start.end ?? now) + 1000);
}

/**
 * Waits until this request may start so that at most this process's part of the limit starts in
 * any sliding window (a lone request never waits; a burst is spread out instead of drawing 429s),
 * and not while a 429 asked this process to pause. 0 = no pacing. `mayWait` refuses waits that
 * would outlast a deadline. Returns the function to call once the request's answer is in.
 */
export async function paceRequest(
	accountUrl: string,
	pace: Pace | number,
	mayWait: (ms: number) => boolean = () => true,
): Promise<() => void> {
	const { perSecond, processes } =
		typeof pace === 'number' ? { perSecond: pace, processes: 1 } : pace;
	if (!(perSecond > 0)) return () => undefined;
	const key = `${accountUrl}|${perSecond}|${processes}`;
	const share = processShare({ perSecond, processes });
	for (;;) {
		const now = Date.now();
		const pauseMs = pausedUntil(accountUrl) - now;
		const { budget, windowMs } = paceWindow(share * paceFactor(accountUrl, now));
		const history = (startsByAccount.get(key) ?? []).filter((start) => start.at > now - HISTORY_MS);
		startsByAccount.set(key, history);
		const held = history
			.map((start) => heldUntil(start, windowMs, now))
			.filter((until) => until > now)
			.sort((a, b) => a - b);
		if (pauseMs <= 0 && held.length < budget) {
			const start: Start = { at: now };
			history.push(start);
			return () => {
				start.end ??= Date.now();
				wakeWaiters(key);
			};
		}
		const waitMs = Math.max(pauseMs, held.length < budget ? 0 : held[held.length - budget] - now);
		if (!mayWait(waitMs)) throw new PacingDeadlineError();
		// A place held by a request in flight frees up a second after its answer, not before.
		const inFlight = history.some((start) => start.end === undefined);
		if (inFlight && pauseMs <= 0) await waitForPlace(key, Math.max(1, waitMs));
		else await sleep(Math.max(1, waitMs));
	}
}

/** The next free turn lies beyond the operation's deadline. */
export class PacingDeadlineError extends Error {
	constructor() {
		super('The next request turn for this account lies beyond the deadline');
	}
}

export function requestsPerSecond(raw: unknown): number {
	if (raw === undefined || raw === null || raw === '') return DEFAULT_REQUESTS_PER_SECOND;
	const value = Number(raw);
	return Number.isFinite(value) && value >= 0 ? value : DEFAULT_REQUESTS_PER_SECOND;
}

/** Most processes one limit may be split into: beyond that each share is a start per minutes. */
export const MAX_SHARING_PROCESSES = 100;

export function sharingProcesses(raw: unknown): number {
	const value = Math.floor(Number(raw));
	return Number.isFinite(value) && value >= 1 ? Math.min(value, MAX_SHARING_PROCESSES) : 1;
}
