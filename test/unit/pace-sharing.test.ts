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
	it('keeps the one-process pace (5 per 1,050 ms at 6/s) and splits the limit evenly, fractions included', () => {
		expect(paceWindow(processShare({ perSecond: 6, processes: 1 }))).toEqual({
			budget: 5,
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
		// 1.5 per window: one start per 700 ms, i.e. 6 per 4.2 s from each of the four.
		expect(paceWindow(processShare({ perSecond: 6, processes: 4 }))).toEqual({
			budget: 1,
			windowMs: 700,
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

	it('paces a fractional share: 6/s over 4 processes lets this one start once per 700 ms', async () => {
		const account = `http://share-${Date.now()}`;
		const starts: number[] = [];
		await Promise.all(
			Array.from({ length: 5 }, async () => {
				await paceRequest(account, { perSecond: 6, processes: 4 });
				starts.push(Date.now());
			}),
		);
		starts.sort((a, b) => a - b);
		for (let i = 1; i < starts.length; i++)
			expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(695);
		expect(starts[4] - starts[0]).toBeLessThan(4 * 700 + 400);
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
