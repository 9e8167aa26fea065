/**
 * Bounds on every exchange with Kommo. The figures are explained in the README ("Limits and
 * errors"); tests shorten them through setKommoLimitsForTests so faults do not cost minutes.
 */
export interface KommoLimits {
	/** One request, headers and body. Kommo answers in well under a second; n8n's default is 300 s. */
	requestTimeoutMs: number;
	/** A whole node operation (one item: all its pages or batches, retries and waits included). */
	operationDeadlineMs: number;
	/** A whole poll of the trigger: shorter than the one-minute minimum poll interval. */
	pollDeadlineMs: number;
	/** A dropdown (pipelines, stages, users): someone is waiting in the editor. */
	dropdownDeadlineMs: number;
	/** Pages of 250 one list may take: 25,000 entries, far above any account's waiting queue. */
	maxPages: number;
	/** Retries after a 429, or after a 502/503/504 of a GET. */
	maxRetries: number;
	/** First back-off when Kommo names no wait, doubled per retry. */
	retryBaseDelayMs: number;
	/** Longest single wait, also for a longer retry_after. */
	retryMaxDelayMs: number;
}

export const DEFAULT_LIMITS: Readonly<KommoLimits> = Object.freeze({
	requestTimeoutMs: 30_000,
	operationDeadlineMs: 120_000,
	pollDeadlineMs: 50_000,
	dropdownDeadlineMs: 30_000,
	maxPages: 100,
	maxRetries: 3,
	retryBaseDelayMs: 1000,
	retryMaxDelayMs: 30_000,
});

let current: KommoLimits = { ...DEFAULT_LIMITS };

export function kommoLimits(): Readonly<KommoLimits> {
	return current;
}

/** Test-only: shorter bounds for suites that provoke timeouts; no argument restores the defaults. */
export function setKommoLimitsForTests(overrides: Partial<KommoLimits> = {}): void {
	current = { ...DEFAULT_LIMITS, ...overrides };
}
