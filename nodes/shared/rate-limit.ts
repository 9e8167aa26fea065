import type { IHttpRequestMethods } from 'n8n-workflow';

import type { Deadline } from './deadline';
import { readHttpFailure, retryAfterSeconds } from './http-failure';
import { kommoLimits } from './limits';

// A 429 was not processed by Kommo, so any method may be re-sent. A 502/503/504 comes from a proxy
// or a restart and may hide a request that did reach Kommo: only reads are re-sent then.
const GATEWAY_STATUSES = [502, 503, 504];

export function isRetryable(status: number | undefined, method: IHttpRequestMethods): boolean {
	if (status === 429) return true;
	return method === 'GET' && status !== undefined && GATEWAY_STATUSES.includes(status);
}

/** Milliseconds to wait before retry number `retry` (0-based). */
export function retryDelayMs(error: unknown, retry: number): number {
	const { retryBaseDelayMs, retryMaxDelayMs } = kommoLimits();
	const seconds = retryAfterSeconds(readHttpFailure(error));
	const wanted = seconds !== undefined ? seconds * 1000 : retryBaseDelayMs * 2 ** retry;
	return Math.min(wanted, retryMaxDelayMs);
}

/**
 * Repeats `send` a bounded number of times while Kommo answers 429 (any method) or 502/503/504 (GET
 * only), waiting as Kommo asks or with doubling back-off, and never past the deadline. 401 is
 * n8n's to refresh; anything else would just fail again. `onFailure` sees every failed attempt.
 */
export async function withRetry<T>(
	send: () => Promise<T>,
	toNodeError: (error: unknown) => Error,
	method: IHttpRequestMethods,
	deadline: Deadline,
	onFailure: (error: unknown) => void = () => undefined,
): Promise<T> {
	for (let retry = 0; ; retry++) {
		try {
			return await send();
		} catch (error) {
			onFailure(error);
			const status = readHttpFailure(error).status;
			if (!isRetryable(status, method) || retry >= kommoLimits().maxRetries || deadline.expired)
				throw toNodeError(error);
			if (!(await deadline.wait(retryDelayMs(error, retry)))) throw toNodeError(error);
		}
	}
}
