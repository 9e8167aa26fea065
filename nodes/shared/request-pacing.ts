import { sleep } from 'n8n-workflow';

/** Kommo answers 429 from 7 requests per second and blocks accounts that keep at it. */
export const DEFAULT_REQUESTS_PER_SECOND = 6;

/**
 * The window is a little longer than Kommo's second: a request is counted when it is handed to
 * n8n, and the socket write can follow some milliseconds later on a loaded machine.
 */
export const WINDOW_MS = 1050;

// Starts per account and rate, shared by every execution in this n8n process: n8n runs the items
// of one node (and several workflows) concurrently.
const startsByAccount = new Map<string, number[]>();

/**
 * Requests this package starts per window at a pace of `perSecond`. One start is left spare: on a
 * 401 n8n re-sends the request once by itself (after refreshing an OAuth2 token), unseen by us.
 */
export function ownStartsPerWindow(perSecond: number): number {
	return Math.max(1, Math.floor(perSecond) - 1);
}

/**
 * Waits until this request may start so that at most `ownStartsPerWindow(perSecond)` requests to
 * one account start in any sliding window (a lone request never waits; a burst is spread out
 * instead of drawing 429s). 0 = no pacing. `mayWait` refuses waits that would outlast a deadline.
 */
export async function paceRequest(
	accountUrl: string,
	perSecond: number,
	mayWait: (ms: number) => boolean = () => true,
): Promise<void> {
	if (!(perSecond > 0)) return;
	const key = `${accountUrl}|${perSecond}`;
	// Below one per second the window stretches so that one start fits in it.
	const windowMs = perSecond < 1 ? Math.ceil(1000 / perSecond) + (WINDOW_MS - 1000) : WINDOW_MS;
	const budget = perSecond < 1 ? 1 : ownStartsPerWindow(perSecond);
	for (;;) {
		const now = Date.now();
		const starts = (startsByAccount.get(key) ?? []).filter((start) => start > now - windowMs);
		if (starts.length < budget) {
			starts.push(now);
			startsByAccount.set(key, starts);
			return;
		}
		startsByAccount.set(key, starts);
		const waitMs = starts[starts.length - budget] + windowMs - now;
		if (!mayWait(waitMs)) throw new PacingDeadlineError();
		await sleep(Math.max(1, waitMs));
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
