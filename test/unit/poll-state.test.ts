import {
	backlogAllowed,
	decidePoll,
	fingerprint,
	GONE_MEMORY_POLLS,
	readPollState,
} from '../../nodes/KommoTrigger/poll-state';

const uid = (n: number) => `5af9dedb6f2c6a29eaac${n.toString(16).padStart(40, '0')}`;

describe('poll state: what is new, what to remember', () => {
	it('fingerprints differ for UIDs that share a long prefix, and are 16 hex characters', () => {
		const prints = new Set(Array.from({ length: 100_000 }, (_, i) => fingerprint(uid(i))));
		expect(prints.size).toBe(100_000);
		expect(fingerprint(uid(1))).toMatch(/^[0-9a-f]{16}$/);
	});

	it('a first poll emits nothing (or the backlog once, when asked) and remembers what waits', () => {
		expect(decidePoll(undefined, [uid(1), uid(2)], 'k').emit).toEqual([]);
		expect(decidePoll(undefined, [uid(1), uid(2)], 'k', true).emit).toEqual([uid(1), uid(2)]);
		expect(decidePoll(undefined, [uid(1)], 'k').state).toEqual({
			version: 1,
			filterKey: 'k',
			waiting: [fingerprint(uid(1))],
			gone: [],
		});
	});

	it('emits only leads not waiting before, once, in list order, without duplicates from overlapping pages', () => {
		const first = decidePoll(undefined, [uid(1)], 'k');
		const second = decidePoll(first.state, [uid(3), uid(1), uid(2), uid(3)], 'k');
		expect(second.emit).toEqual([uid(3), uid(2)]);
		expect(decidePoll(second.state, [uid(1), uid(2), uid(3)], 'k').emit).toEqual([]);
	});

	it(`remembers a vanished lead for ${GONE_MEMORY_POLLS} polls, so a page shift never re-emits it`, () => {
		let state = decidePoll(undefined, [uid(1), uid(2)], 'k').state;
		for (let i = 0; i < GONE_MEMORY_POLLS; i++) {
			const decision = decidePoll(state, [uid(2)], 'k');
			expect(decision.emit).toEqual([]);
			state = decision.state;
		}
		expect(decidePoll(state, [uid(1), uid(2)], 'k').emit).toEqual([]);
		state = decidePoll(state, [uid(2)], 'k').state;
		expect(state.gone.flat()).not.toContain(fingerprint(uid(1)));
	});

	it('a change of filters starts afresh', () => {
		const state = decidePoll(undefined, [uid(1)], 'sip|').state;
		expect(decidePoll(state, [uid(1), uid(2)], 'forms|').emit).toEqual([]);
	});

	it('ignores unreadable stored state', () => {
		expect(readPollState(undefined)).toBeUndefined();
		expect(readPollState({ version: 2, filterKey: 'k', waiting: [] })).toBeUndefined();
		expect(readPollState({ version: 1, filterKey: 'k', waiting: ['a'] })).toEqual({
			version: 1,
			filterKey: 'k',
			waiting: ['a'],
			gone: [],
		});
	});

	it('stays under 64 KB after 100,000 incoming leads arrive and are processed (backlog of 500)', () => {
		let state = decidePoll(undefined, [], 'forms,sip|6950551').state;
		const waiting: string[] = [];
		let emitted = 0;
		let largest = 0;
		for (let next = 0; next < 100_000;) {
			for (let i = 0; i < 100; i++) waiting.push(uid(next++));
			const decision = decidePoll(state, waiting, 'forms,sip|6950551');
			emitted += decision.emit.length;
			state = decision.state;
			largest = Math.max(largest, JSON.stringify(state).length);
			while (waiting.length > 500) waiting.shift();
		}
		expect(emitted).toBe(100_000);
		expect(largest).toBeLessThan(64 * 1024);
	});
});

describe('"Emit Waiting Leads on Activation" only on a first activation', () => {
	const state = { version: 1, filterKey: 'forms|', waiting: ['0123456789abcdef'], gone: [] };

	it('allows the backlog when nothing is stored, or a readable state is stored (a change of filters is decided by decidePoll)', () => {
		expect(backlogAllowed(undefined, undefined)).toBe(true);
		expect(backlogAllowed(null, undefined)).toBe(true);
		expect(backlogAllowed(state, readPollState(state))).toBe(true);
	});

	it.each([
		['a string', 'garbage'],
		['an unknown version', { ...state, version: 2 }],
		['a state without its list', { version: 1, filterKey: 'forms|' }],
		['an array', [1, 2]],
	])('refuses it when the stored state is %s (unreadable is not "new")', (_name, raw) => {
		expect(readPollState(raw)).toBeUndefined();
		expect(backlogAllowed(raw, readPollState(raw))).toBe(false);
		const decision = decidePoll(
			readPollState(raw),
			['a', 'b'],
			'forms|',
			backlogAllowed(raw, readPollState(raw)),
		);
		expect(decision.emit).toEqual([]);
		expect(decision.state.waiting).toHaveLength(2);
	});

	it('a change of filters with emitBacklog emits what waits under the new filters', () => {
		expect(
			decidePoll(readPollState(state), ['a'], 'sip|', backlogAllowed(state, readPollState(state)))
				.emit,
		).toEqual(['a']);
	});
});
