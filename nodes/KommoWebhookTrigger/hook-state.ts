import type { IDataObject } from 'n8n-workflow';

/** One registered URL (production or the editor's test URL) and the secret it carries. */
export interface Subscription {
	secret: string;
	destination: string;
	id?: number;
}

/**
 * What the node keeps in the workflow's static data: the credential's account (read once at
 * activation), the subscriptions by webhook URL, and the keys of events already emitted.
 */
export interface HookState {
	accountId?: number;
	subscriptions: Record<string, Subscription>;
	seen: string[];
}

function isSubscription(value: unknown): value is Subscription {
	const s = value as Subscription | undefined;
	return (
		typeof s === 'object' &&
		s !== null &&
		typeof s.secret === 'string' &&
		typeof s.destination === 'string'
	);
}

export function readHookState(data: IDataObject): HookState {
	const subscriptions: Record<string, Subscription> = {};
	const stored = data.subscriptions;
	if (typeof stored === 'object' && stored !== null) {
		for (const [url, value] of Object.entries(stored))
			if (isSubscription(value)) subscriptions[url] = value;
	}
	const accountId = Number(data.accountId);
	return {
		accountId: Number.isSafeInteger(accountId) && accountId > 0 ? accountId : undefined,
		subscriptions,
		seen: Array.isArray(data.seen)
			? data.seen.filter((key): key is string => typeof key === 'string')
			: [],
	};
}

/** Written field by field: static data is the object n8n saves, not a copy. */
export function writeHookState(data: IDataObject, state: HookState): void {
	if (state.accountId === undefined) delete data.accountId;
	else data.accountId = state.accountId;
	data.subscriptions = state.subscriptions as unknown as IDataObject;
	data.seen = state.seen;
}
