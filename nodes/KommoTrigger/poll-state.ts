/**
 * What the trigger remembers between polls, and the decision "what is new". Kept free of HTTP and
 * n8n so the exactly-once rules can be tested directly.
 *
 * Kommo's list holds only incoming leads that are still waiting, and an incoming lead never
 * returns to it once accepted, declined or linked. So remembering the leads that were waiting at
 * the last poll is enough: a lead is new when it is waiting now and was not then. The memory is
 * the current backlog, not the history, and each entry is a 16-character fingerprint.
 * `created_at` is never used: integrations set it themselves (it can lie in the past).
 */

export interface PollState {
	version: 1;
	/** The filters the remembered set was taken with; a change of filters starts afresh. */
	filterKey: string;
	/** Fingerprints of the matching incoming leads waiting at the last successful poll. */
	waiting: string[];
}

export interface PollDecision {
	/** UIDs to emit, in the order Kommo listed them. */
	emit: string[];
	state: PollState;
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/** 64-bit FNV-1a of the UID: Kommo UIDs of one account share long prefixes, so no truncation. */
export function fingerprint(uid: string): string {
	let hash = FNV_OFFSET;
	for (let i = 0; i < uid.length; i++) {
		hash ^= BigInt(uid.charCodeAt(i));
		hash = (hash * FNV_PRIME) & MASK_64;
	}
	return hash.toString(16).padStart(16, '0');
}

export function readPollState(raw: unknown): PollState | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const candidate = raw as Partial<PollState>;
	if (candidate.version !== 1 || typeof candidate.filterKey !== 'string' || !Array.isArray(candidate.waiting)) {
		return undefined;
	}
	return { version: 1, filterKey: candidate.filterKey, waiting: candidate.waiting.map(String) };
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
	const state: PollState = { version: 1, filterKey, waiting };
	const firstPoll = previous === undefined || previous.filterKey !== filterKey;
	if (firstPoll) return { emit: emitBacklog ? uniqueUids : [], state };
	const known = new Set(previous.waiting);
	return { emit: uniqueUids.filter((_, i) => !known.has(waiting[i])), state };
}
