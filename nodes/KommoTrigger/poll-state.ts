/**
 * What the trigger remembers between polls, and the decision "what is new". Kept free of HTTP and
 * n8n so the exactly-once rules can be tested directly.
 *
 * Kommo's list holds only incoming leads that are still waiting, and an incoming lead never
 * returns to it once accepted, declined or linked. So remembering the leads that were waiting at
 * the last poll is almost enough: a lead is new when it is waiting now and was not then.
 * "Almost": the list is paged by number, so when a manager accepts a lead on page 1 while a poll
 * reads page 2, the next lead slides onto page 1 and that poll does not see it. A lead that
 * vanishes is therefore remembered for a few more polls before it is forgotten; a lead that truly
 * left never comes back, so forgetting it later is safe.
 * The memory is the current backlog plus the recently gone, not the history; each entry is a
 * 16-character fingerprint. `created_at` is never used: integrations set it themselves.
 */

export interface PollState {
	version: 1;
	/** The filters the remembered set was taken with; a change of filters starts afresh. */
	filterKey: string;
	/** Fingerprints of the matching incoming leads waiting at the last successful poll. */
	waiting: string[];
	/** Known leads missing from the list: [0] missing since the last poll, [1] since the one before… */
	gone: string[][];
}

/** Polls a missing lead is still remembered: it survives this many page shifts in a row. */
export const GONE_MEMORY_POLLS = 5;

export interface PollDecision {
	/** UIDs to emit, in the order Kommo listed them. */
	emit: string[];
	state: PollState;
}

/**
 * A 64-bit fingerprint of the UID (two 32-bit multiply-xorshift lanes over every character, as in
 * cyrb53). Kommo UIDs of one account share long prefixes, so nothing is truncated; plain 32-bit
 * integer arithmetic keeps a poll of thousands of leads cheap.
 */
export function fingerprint(uid: string): string {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < uid.length; i++) {
		const code = uid.charCodeAt(i);
		h1 = Math.imul(h1 ^ code, 2654435761);
		h2 = Math.imul(h2 ^ code, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

export function readPollState(raw: unknown): PollState | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const candidate = raw as Partial<PollState>;
	if (
		candidate.version !== 1 ||
		typeof candidate.filterKey !== 'string' ||
		!Array.isArray(candidate.waiting)
	) {
		return undefined;
	}
	const gone = Array.isArray(candidate.gone)
		? candidate.gone.filter(Array.isArray).map((list) => list.map(String))
		: [];
	return {
		version: 1,
		filterKey: candidate.filterKey,
		waiting: candidate.waiting.map(String),
		gone,
	};
}

/**
 * "Emit Waiting Leads on Activation" replays the backlog only on a true first activation: no state
 * stored at all. A stored state that cannot be read (corrupted, or from an unknown version) is
 * not a first activation; replaying the backlog then would emit leads that were emitted before.
 * A change of filters is handled by decidePoll (the stored filterKey differs).
 */
export function backlogAllowed(rawState: unknown, previous: PollState | undefined): boolean {
	return previous !== undefined || rawState === undefined || rawState === null;
}

/**
 * @param currentUids every matching incoming lead waiting now (all pages of one poll)
 * @param emitBacklog on a first poll, emit what is already waiting instead of starting from now
 */
export function decidePoll(
	previous: PollState | undefined,
	currentUids: string[],
	filterKey: string,
	emitBacklog = false,
): PollDecision {
	const uniqueUids = [...new Set(currentUids)];
	const waiting = uniqueUids.map(fingerprint);
	const firstPoll = previous === undefined || previous.filterKey !== filterKey;
	if (firstPoll) {
		return {
			emit: emitBacklog ? uniqueUids : [],
			state: { version: 1, filterKey, waiting, gone: [] },
		};
	}
	const current = new Set(waiting);
	const known = new Set([previous.waiting, ...previous.gone].flat());
	const gone = [previous.waiting, ...previous.gone]
		.slice(0, GONE_MEMORY_POLLS)
		.map((list) => list.filter((entry) => !current.has(entry)));
	return {
		emit: uniqueUids.filter((_, i) => !known.has(waiting[i])),
		state: { version: 1, filterKey, waiting, gone },
	};
}
