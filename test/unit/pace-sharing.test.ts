/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import {
	allowancePerMinute,
	MIN_FACTOR,
	noteRateLimited,
	paceFactor,
	QUIET_MS,
	resetBackoffForTests,
} from '../../nodes/shared/pace-backoff';
import {
	paceRequest,
	paceWindow,
	processShare,
	sharingProcesses,
	WINDOW_MS,
} from '../../nodes/shared/request-pacing';

afterEach(() => resetBackoffForTests());

describe('one limit shared by several n8n processes', () => {
	it('gives one process the whole limit (6 per 1,050 ms at 6/s) and splits it evenly, fractions included', () => {
		expect(paceWindow(processShare({ perSecond: 6, processes: 1 }))).toEqual({
			budget: 6,
			windowMs: WINDOW_MS,
		});
		expect(paceWindow(processShare({ perSecond: 0.5, processes: 1 }))).toEqual({
			budget: 1,
			windowMs: 2050,
		});
		expect(paceWindow(processShare({ perSecond: 6, processes: 2 }))).toEqual({
			budget: 3,
			windowMs: WINDOW_MS,
		});
		// 1.5 per second: one start at a time, so that four such processes never exceed 4 in a second.
		expect(paceWindow(processShare({ perSecond: 6, processes: 4 }))).toEqual({
			budget: 1,
			windowMs: WINDOW_MS,
		});
		expect(paceWindow(processShare({ perSecond: 6, processes: 8 }))).toEqual({
			budget: 1,
			windowMs: 1384,
		});
	});

	it('reads the setting as a whole number of at least 1', () => {
		expect(sharingProcesses(undefined)).toBe(1);
		expect(sharingProcesses('')).toBe(1);
		expect(sharingProcesses(0)).toBe(1);
		expect(sharingProcesses(-3)).toBe(1);
		expect(sharingProcesses(2.7)).toBe(2);
		expect(sharingProcesses('4')).toBe(4);
		expect(sharingProcesses(1e9)).toBe(100);
	});

	it('with a shared limit a place is free again only a second after the answer came back', async () => {
		const account = `http://share-${Date.now()}`;
		const pace = { perSecond: 6, processes: 2 };
		const starts: number[] = [];
		// Three places; each request takes 400 ms to answer, so its place is held for 1,400 ms.
		await Promise.all(
			Array.from({ length: 6 }, async () => {
				const answered = await paceRequest(account, pace);
				starts.push(Date.now());
				await new Promise((r) => setTimeout(r, 400));
				answered();
			}),
		);
		starts.sort((a, b) => a - b);
		expect(starts[2] - starts[0]).toBeLessThan(100);
		expect(starts[3] - starts[0]).toBeGreaterThanOrEqual(1390);
		expect(starts[5] - starts[0]).toBeLessThan(2000);
	}, 10_000);

	it('a request still waiting for its answer keeps its place until a second after the answer', async () => {
		const account = `http://inflight-${Date.now()}`;
		const pace = { perSecond: 6, processes: 4 };
		const answered = await paceRequest(account, pace);
		let secondStarted = 0;
		const second = paceRequest(account, pace).then(() => (secondStarted = Date.now()));
		await new Promise((r) => setTimeout(r, 1_500));
		expect(secondStarted).toBe(0);
		const answeredAt = Date.now();
		answered();
		await second;
		expect(secondStarted - answeredAt).toBeGreaterThanOrEqual(990);
		expect(secondStarted - answeredAt).toBeLessThan(1_500);
	}, 10_000);
});

describe('reaction to a 429 from the account', () => {
	it('pauses every request of this process for the retry_after Kommo names', async () => {
		const account = `http://pause-${Date.now()}`;
		noteRateLimited(account, 1000, 2);
		const started = Date.now();
		await paceRequest(account, { perSecond: 6, processes: 2 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	}, 5_000);

	it('halves the pace per 429 and doubles it back per quiet spell', () => {
		const account = 'http://halve';
		const t0 = 1_000_000;
		expect(paceFactor(account, t0)).toBe(1);
		noteRateLimited(account, 1000, 1, t0);
		expect(paceFactor(account, t0)).toBe(0.5);
		noteRateLimited(account, 1000, 1, t0 + 100);
		expect(paceFactor(account, t0 + 100)).toBe(0.25);
		expect(paceFactor(account, t0 + 100 + QUIET_MS)).toBe(0.5);
		expect(paceFactor(account, t0 + 100 + 3 * QUIET_MS)).toBe(1);
	});

	it('drops to the slowest pace for the rest of the minute once its share of 429s is used up', () => {
		expect(allowancePerMinute(1)).toBe(4);
		expect(allowancePerMinute(2)).toBe(2);
		expect(allowancePerMinute(4)).toBe(1);
		expect(allowancePerMinute(16)).toBe(1);
		const account = 'http://allowance';
		const t0 = 2_000_000;
		noteRateLimited(account, 1000, 2, t0);
		noteRateLimited(account, 1000, 2, t0 + 20_000);
		expect(paceFactor(account, t0 + 50_000)).toBe(MIN_FACTOR);
		expect(paceFactor(account, t0 + 61_000)).toBe(1);
	});
});
