import type { FakeKommo } from '../fake-kommo';
import { startFakeKommo } from '../fake-kommo';
import { credentialData, LONG_LIVED, runKommoNode } from '../helpers/n8n-harness';

/** A fake account that, like Kommo, answers 429 from 7 requests in one second. */
let fake: FakeKommo;
beforeAll(async () => {
	fake = await startFakeKommo({ port: 0, rateLimitPerSecond: 7 });
});
afterAll(async () => fake.close());

async function acceptAll(count: number, maxRequestsPerSecond: number) {
	fake.state.reset();
	fake.clearRequests();
	const uids = Array.from(
		{ length: count },
		() => fake.state.addIncomingLead({ category: 'forms' }).uid,
	);
	const started = Date.now();
	const items = await runKommoNode({
		store: {
			data: {
				[LONG_LIVED]: credentialData(
					'longLivedToken',
					fake.url,
					'test-token',
					maxRequestsPerSecond,
				),
			},
			refreshes: 0,
		},
		parameters: { resource: 'incomingLead', operation: 'accept', uid: '={{ $json.uid }}' } as never,
		items: uids.map((uid) => ({ json: { uid } })),
		continueOnFail: true,
	});
	return {
		items,
		seconds: (Date.now() - started) / 1000,
		statuses: fake.requests.map((r) => r.status),
	};
}

describe('request pacing under Kommo rate limit', () => {
	it('spaces 20 concurrent items at the default 6/s: no 429 at all, every lead accepted', async () => {
		const { items, seconds, statuses } = await acceptAll(20, 6);
		expect(statuses.filter((s) => s === 429)).toEqual([]);
		expect(items.filter((i) => i.error)).toEqual([]);
		expect(fake.state.waiting()).toHaveLength(0);
		expect(seconds).toBeGreaterThan(2.5);
	}, 30_000);

	it('without pacing the same burst draws 429s (the reason pacing is on by default)', async () => {
		const { statuses } = await acceptAll(20, 0);
		expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
	}, 60_000);
});
