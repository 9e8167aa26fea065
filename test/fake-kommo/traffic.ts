/** What a benchmark reads off the fake: how fast it was called and how it answered. */
export interface TrafficStats {
	requests: number;
	/** Answers with 429 (rate limit). */
	rateLimited: number;
	/** Answers with 403 because the account was blocked. */
	blockedAnswers: number;
	blocked: boolean;
	/** Most requests that arrived within any one second (sliding). */
	peakPerSecond: number;
	/** Requests per second from the first to the last request. */
	averagePerSecond: number;
	/** Milliseconds from the first to the last request. */
	spanMs: number;
}

/** Most timestamps found in any window of `windowMs` (each timestamp opens one). */
export function busiestWindow(times: number[], windowMs: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let best = 0;
	let first = 0;
	for (let last = 0; last < sorted.length; last++) {
		while (sorted[last] - sorted[first] >= windowMs) first++;
		best = Math.max(best, last - first + 1);
	}
	return best;
}

/** One request as the rate limit saw it: when it arrived and how it was answered. */
export interface Arrival {
	at: number;
	status: number;
	/** Answered 403 because the account was blocked. */
	blocked: boolean;
}

export function trafficStats(arrivals: Arrival[], blocked: boolean): TrafficStats {
	const times = arrivals.map((a) => a.at);
	const spanMs = times.length > 1 ? Math.max(...times) - Math.min(...times) : 0;
	return {
		requests: arrivals.length,
		rateLimited: arrivals.filter((a) => a.status === 429).length,
		blockedAnswers: arrivals.filter((a) => a.blocked).length,
		blocked,
		peakPerSecond: busiestWindow(times, 1000),
		averagePerSecond: spanMs > 0 ? (arrivals.length - 1) / (spanMs / 1000) : arrivals.length,
		spanMs,
	};
}
