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
