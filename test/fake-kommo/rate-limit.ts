/**
 * Sliding one-second window. Only admitted requests count, so a client that waits the
 * advertised Retry-After always gets through again.
 */
export class RateLimiter {
	private admitted: number[] = [];

	constructor(private readonly perSecond: number) {}

	admit(nowMs: number = Date.now()): boolean {
		this.admitted = this.admitted.filter((t) => t > nowMs - 1000);
		if (this.admitted.length >= this.perSecond) return false;
		this.admitted.push(nowMs);
		return true;
	}
}

/** Kommo's answer to an account that keeps exceeding the rate limit: 403 on every request. */
export interface AccountBlockOptions {
	/** This many 429 answers within `withinMs` block the account. */
	after429s: number;
	/** Default one minute. */
	withinMs?: number;
	/** How long the block lasts; default: until the fake is closed or `unblock()` is called. */
	forMs?: number;
}

export class AccountBlock {
	private recent429s: number[] = [];

	private blockedUntil: number | undefined;

	/** When the account was first blocked (epoch ms), for reports. */
	firstBlockedAt: number | undefined;

	constructor(private readonly options: AccountBlockOptions) {}

	isBlocked(nowMs: number = Date.now()): boolean {
		return this.blockedUntil !== undefined && nowMs < this.blockedUntil;
	}

	/** Counts one 429 answer; blocks the account once the threshold is reached. */
	record429(nowMs: number = Date.now()): void {
		const withinMs = this.options.withinMs ?? 60_000;
		this.recent429s = this.recent429s.filter((t) => t > nowMs - withinMs);
		this.recent429s.push(nowMs);
		if (this.recent429s.length >= this.options.after429s && !this.isBlocked(nowMs)) {
			this.blockedUntil = nowMs + (this.options.forMs ?? Number.POSITIVE_INFINITY);
			this.firstBlockedAt ??= nowMs;
		}
	}

	unblock(): void {
		this.blockedUntil = undefined;
		this.recent429s = [];
	}
}
