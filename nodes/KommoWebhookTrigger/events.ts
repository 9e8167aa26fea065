import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

/**
 * Kommo's web hook codes for incoming leads. They come from open-source Kommo/amoCRM clients, not
 * from an official page, so this is the only place that spells them.
 */
export const KOMMO_HOOK_CODES = {
	add: 'add_unsorted',
	update: 'update_unsorted',
	delete: 'delete_unsorted',
} as const;

export type IncomingLeadEvent = 'added' | 'updated' | 'accepted' | 'declined' | 'linked';

export const EVENT_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Incoming Lead Accepted',
		value: 'accepted',
		description: 'Someone accepted it: a lead and contact now exist',
	},
	{
		name: 'Incoming Lead Added',
		value: 'added',
		description: 'A form, call, chat or email arrived',
	},
	{ name: 'Incoming Lead Declined', value: 'declined' },
	{
		name: 'Incoming Lead Linked',
		value: 'linked',
		description: 'It was merged into an existing lead or customer',
	},
	{ name: 'Incoming Lead Updated', value: 'updated' },
];

const CODE_OF: Record<IncomingLeadEvent, string> = {
	added: KOMMO_HOOK_CODES.add,
	updated: KOMMO_HOOK_CODES.update,
	accepted: KOMMO_HOOK_CODES.delete,
	declined: KOMMO_HOOK_CODES.delete,
	linked: KOMMO_HOOK_CODES.delete,
};

/** The hook codes to subscribe for the chosen events: each code once, in a stable order. */
export function hookCodesFor(events: IncomingLeadEvent[]): string[] {
	return [...new Set(events.map((event) => CODE_OF[event]))].sort();
}

/** Kommo reports sorting as a "delete" whose `action` says what happened. */
const DELETE_ACTIONS: Record<string, IncomingLeadEvent> = {
	accept: 'accepted',
	decline: 'declined',
	link: 'linked',
};

export interface EventEntry {
	event: IncomingLeadEvent;
	entry: IDataObject;
}

function list(value: unknown): IDataObject[] {
	const values = Array.isArray(value)
		? value
		: typeof value === 'object' && value !== null
			? Object.values(value)
			: [];
	return values.filter(
		(v): v is IDataObject => typeof v === 'object' && v !== null && !Array.isArray(v),
	);
}

/**
 * Every incoming-lead entry of one delivery with the event it stands for, in the order Kommo sent
 * them. Entries of unknown kinds (a delete without a known action) are skipped, not guessed.
 */
export function eventEntries(body: IDataObject): EventEntry[] {
	const unsorted = (body.unsorted ?? {}) as IDataObject;
	const entries: EventEntry[] = [];
	for (const entry of list(unsorted.add)) entries.push({ event: 'added', entry });
	for (const entry of list(unsorted.update)) entries.push({ event: 'updated', entry });
	for (const entry of list(unsorted.delete)) {
		const event = DELETE_ACTIONS[String(entry.action ?? '')];
		if (event) entries.push({ event, entry });
	}
	return entries;
}
