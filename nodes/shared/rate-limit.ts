import { sleep } from 'n8n-workflow';

import { readHttpFailure, retryAfterSeconds } from './http-failure';

export interface RetryPolicy {
	/** Further attempts after the first 429; bounded so a blocked account is never hammered. */
	maxRetries: number;
	/** Wait when Kommo names none, doubled on every retry. */
	baseDelayMs: number;
	/** Longest single wait; a longer retry_after is honoured only up to this. */
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** Milliseconds to wait before retry number `retry` (0-based) of a 429. */
export function rateLimitDelayMs(error: unknown, retry: number, policy: RetryPolicy): number {
	const seconds = retryAfterSeconds(readHttpFailure(error));
	const wanted = seconds !== undefined ? seconds * 1000 : policy.baseDelayMs * 2 ** retry;
	return Math.min(wanted, policy.maxDelayMs);
}

/**
 * Repeats `send` while Kommo answers 429, waiting as it asks. Only 429 is retried: 401 is n8n's to
 * refresh, and anything else would just fail again.
 */
export async function withRateLimitRetry<T>(
	send: () => Promise<T>,
	toNodeError: (error: unknown) => Error,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
	for (let retry = 0; ; retry++) {
		try {
			return await send();
		} catch (error) {
			if (readHttpFailure(error).status !== 429 || retry >= policy.maxRetries) throw toNodeError(error);
			await sleep(rateLimitDelayMs(error, retry, policy));
		}
	}
}
