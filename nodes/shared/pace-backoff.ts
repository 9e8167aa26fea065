import { readHttpFailure, retryAfterSeconds } from './http-failure';

/**
 * How one n8n process reacts when Kommo answers 429 although it paced itself: other n8n processes
 * (queue-mode workers), other integrations or a re-send after a 401 share the account's budget
 * unseen. Kommo blocks an account (403 on every request) that keeps drawing 429s, so the process
 * pauses as asked, halves its pace, and returns to full pace only after a quiet spell.
 */

/** Each quiet spell without a 429 doubles the pace again, up to the process's full share. */
export const QUIET_MS = 5_000;

/** The slowest pace a process drops to, as a fraction of its share. */
export const MIN_FACTOR = 1 / 8;

/**
 * 429s all processes sharing the account may draw per minute together: well below the ~10 after
 * which Kommo blocks. Each process gets its part; past it, it stays at the slowest pace.
 */
export const ACCOUNT_429S_PER_MINUTE = 4;

const MINUTE_MS = 60_000;
const MAX_PAUSE_MS = 30_000;

interface Backoff {
	pausedUntil: number;
	/** Pace factor set by the last 429, before quiet spells restore it. */
	factor: number;
	changedAt: number;
	/** Times of this process's recent 429s from the account. */
	recent: number[];
	/** Allowance of 429s per minute for this process. */
	allowance: number;
}

const backoffByAccount = new Map<string, Backoff>();

export function allowancePerMinute(processes: number): number {
	return Math.max(1, Math.floor(ACCOUNT_429S_PER_MINUTE / Math.max(1, processes)));
}

/** The fraction of its share this process may use now (1 = full pace). */
export function paceFactor(accountUrl: string, now: number = Date.now()): number {
	const backoff = backoffByAccount.get(accountUrl);
	if (!backoff) return 1;
	const recent = backoff.recent.filter((t) => t > now - MINUTE_MS);
	if (recent.length >= backoff.allowance) return MIN_FACTOR;
	const quietSpells = Math.floor((now - backoff.changedAt) / QUIET_MS);
	return Math.min(1, backoff.factor * 2 ** quietSpells);
}

/** Until when this process sends nothing to the account (epoch ms; 0 = no pause). */
export function pausedUntil(accountUrl: string): number {
	return backoffByAccount.get(accountUrl)?.pausedUntil ?? 0;
}

/** Records a 429 from the account: pause as Kommo asks (at least a second), then a slower pace. */
export function noteRateLimited(
	accountUrl: string,
	retryAfterMs: number | undefined,
	processes: number,
	now: number = Date.now(),
): void {
	const factor = paceFactor(accountUrl, now);
	const backoff: Backoff = backoffByAccount.get(accountUrl) ?? {
		pausedUntil: 0,
		factor: 1,
		changedAt: now,
		recent: [],
		allowance: 1,
	};
	backoff.recent = [...backoff.recent.filter((t) => t > now - MINUTE_MS), now];
	backoff.allowance = allowancePerMinute(processes);
	const pauseMs = Math.min(MAX_PAUSE_MS, Math.max(1000, retryAfterMs ?? 1000));
	backoff.pausedUntil = Math.max(backoff.pausedUntil, now + pauseMs);
	backoff.factor = Math.max(MIN_FACTOR, factor / 2);
	backoff.changedAt = now;
	backoffByAccount.set(accountUrl, backoff);
}

/** Calls noteRateLimited when `error` is Kommo's 429. */
export function noteIfRateLimited(accountUrl: string, error: unknown, processes: number): void {
	const failure = readHttpFailure(error);
	if (failure.status !== 429) return;
	const seconds = retryAfterSeconds(failure);
	noteRateLimited(accountUrl, seconds === undefined ? undefined : seconds * 1000, processes);
}

/** Test-only: forgets every account's 429s. */
export function resetBackoffForTests(): void {
	backoffByAccount.clear();
}
