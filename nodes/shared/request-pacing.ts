import { sleep } from 'n8n-workflow';

/** Kommo answers 429 from 7 requests per second and blocks accounts that keep at it. */
export const DEFAULT_REQUESTS_PER_SECOND = 6;

// Next free start time per account and rate, shared by every execution in this n8n process:
// n8n runs the items of one node (and several workflows) concurrently.
const nextStart = new Map<string, number>();

/**
 * Waits for this request's turn so that requests to one account start at most `perSecond` times a
 * second. A lone request never waits; a burst is spread out instead of drawing 429s. 0 = no pacing.
 */
export async function paceRequest(accountUrl: string, perSecond: number): Promise<void> {
	if (!(perSecond > 0)) return;
	const key = `${accountUrl}|${perSecond}`;
	const now = Date.now();
	const start = Math.max(now, nextStart.get(key) ?? 0);
	nextStart.set(key, start + 1000 / perSecond);
	if (start > now) await sleep(start - now);
}

export function requestsPerSecond(raw: unknown): number {
	if (raw === undefined || raw === null || raw === '') return DEFAULT_REQUESTS_PER_SECOND;
	const value = Number(raw);
	return Number.isFinite(value) && value >= 0 ? value : DEFAULT_REQUESTS_PER_SECOND;
}
