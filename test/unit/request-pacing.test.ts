/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { paceRequest, WINDOW_MS } from '../../nodes/shared/request-pacing';

/** Most starts found in any window of `windowMs` (sliding: every start opens one). */
function busiestWindow(starts: number[], windowMs: number): number {
	const sorted = [...starts].sort((a, b) => a - b);
	return Math.max(
		...sorted.map((start, i) => sorted.slice(i).filter((t) => t < start + windowMs).length),
	);
}

describe('request pacing: a sliding window of request starts', () => {
	it('never lets more than 6 requests start in any 1,000 ms at the default 6/s, nor a place be reused within a second of its answer', async () => {
		const starts: number[] = [];
		const answers: Array<{ start: number; end: number }> = [];
		const account = `http://pacing-${Date.now()}`;
		// Three bursts of 12 concurrent requests, the later ones arriving while the first still wait;
		// each request takes 80 ms to answer.
		const burst = () =>
			Promise.all(
				Array.from({ length: 12 }, async () => {
					const answered = await paceRequest(account, 6);
					const start = Date.now();
					starts.push(start);
					await new Promise((r) => setTimeout(r, 80));
					answers.push({ start, end: Date.now() });
					answered();
				}),
			);
		await Promise.all([
			burst(),
			new Promise((r) => setTimeout(r, 300)).then(burst),
			new Promise((r) => setTimeout(r, 1300)).then(burst),
		]);
		expect(starts).toHaveLength(36);
		expect(busiestWindow(starts, 1000)).toBeLessThanOrEqual(6);
		expect(busiestWindow(starts, WINDOW_MS - 1)).toBeLessThanOrEqual(6);
		// Count from the answer: at any start, at most 5 others were in flight or answered < 1 s ago.
		for (const start of starts) {
			const holding = answers.filter((a) => a.start < start && a.end + 1000 > start);
			expect(holding.length).toBeLessThanOrEqual(5);
		}
		// Not slower than needed: 36 starts, 6 places each free again ~1,080 ms later: 6 rounds.
		const span = Math.max(...starts) - Math.min(...starts);
		expect(span).toBeLessThan(7 * WINDOW_MS);
	}, 20_000);

	it('a lone request never waits, and 0 turns pacing off', async () => {
		const started = Date.now();
		await paceRequest(`http://lone-${Date.now()}`, 6);
		for (let i = 0; i < 50; i++) await paceRequest('http://off', 0);
		expect(Date.now() - started).toBeLessThan(100);
	});

	it('refuses a wait beyond the deadline instead of sleeping through it', async () => {
		const account = `http://deadline-${Date.now()}`;
		for (let i = 0; i < 6; i++) await paceRequest(account, 6);
		await expect(paceRequest(account, 6, (ms) => ms < 10)).rejects.toThrow(/beyond the deadline/);
	});
});
