import { createHash } from 'node:crypto';

import type { EventEntry } from './events';

/** Enough to cover Kommo's retries (minutes apart) at thousands of events per hour, ~40 KB. */
export const DEDUP_CAPACITY = 2000;

/**
 * Identity of one event: accepting, declining, linking or adding happens once per incoming lead,
 * so uid + event is enough; edits repeat, so their content is part of the key.
 */
export function eventKey({ event, entry }: EventEntry): string {
	const parts =
		event === 'updated'
			? [event, String(entry.uid ?? ''), JSON.stringify(entry)]
			: [event, String(entry.uid ?? '')];
	return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 16);
}

/**
 * Keeps the first of repeated deliveries. `seen` is a bounded FIFO list kept in the workflow's
 * static data (so it survives restarts); the oldest keys fall out first.
 */
export function keepFirstDeliveries(
	seen: string[],
	entries: EventEntry[],
	capacity = DEDUP_CAPACITY,
): { fresh: EventEntry[]; seen: string[] } {
	const known = new Set(seen);
	const fresh: EventEntry[] = [];
	const added: string[] = [];
	for (const entry of entries) {
		const key = eventKey(entry);
		if (known.has(key)) continue;
		known.add(key);
		added.push(key);
		fresh.push(entry);
	}
	const next = [...seen, ...added];
	return { fresh, seen: next.length > capacity ? next.slice(next.length - capacity) : next };
}
