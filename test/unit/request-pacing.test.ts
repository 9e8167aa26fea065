/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { ownStartsPerWindow, paceRequest, WINDOW_MS } from '../../nodes/shared/request-pacing';

/** Most starts found in any window of `windowMs` (sliding: every start opens one). */
function busiestWindow(starts: number[], windowMs: number): number {
	const sorted = [...starts].sort((a, b) => a - b);
	return Math.max(
		...sorted.map((start, i) => sorted.slice(i).filter((t) => t < start + windowMs).length),
	);
}

describe('request pacing: a sliding window of request starts', () => {
	it("never lets more than 5 of our requests start in any 1,000 ms at the default 6/s (one left for n8n's 401 re-send)", async () => {
		expect(ownStartsPerWindow(6)).toBe(5);
		const starts: number[] = [];
		const account = `http://pacing-${Date.now()}`;
		// Three bursts of 12 concurrent requests, the later ones arriving while the first still wait.
		const burst = () =>
			Promise.all(
				Array.from({ length: 12 }, async () => {
					await paceRequest(account, 6);
					starts.push(Date.now());
				}),
			);
		await Promise.all([
			burst(),
			new Promise((r) => setTimeout(r, 300)).then(burst),
			new Promise((r) => setTimeout(r, 1300)).then(burst),
		]);
		expect(starts).toHaveLength(36);
		expect(busiestWindow(starts, 1000)).toBeLessThanOrEqual(5);
		expect(busiestWindow(starts, WINDOW_MS - 1)).toBeLessThanOrEqual(5);
		// Not slower than needed: 36 starts at 5 per 1,050 ms take about 7 windows.
		const span = Math.max(...starts) - Math.min(...starts);
		expect(span).toBeLessThan(8 * WINDOW_MS);
	}, 20_000);

	it('a lone request never waits, and 0 turns pacing off', async () => {
		const started = Date.now();
		await paceRequest(`http://lone-${Date.now()}`, 6);
		for (let i = 0; i < 50; i++) await paceRequest('http://off', 0);
		expect(Date.now() - started).toBeLessThan(100);
	});

	it('refuses a wait beyond the deadline instead of sleeping through it', async () => {
		const account = `http://deadline-${Date.now()}`;
		for (let i = 0; i < 5; i++) await paceRequest(account, 6);
		await expect(paceRequest(account, 6, (ms) => ms < 10)).rejects.toThrow(/beyond the deadline/);
	});
});
