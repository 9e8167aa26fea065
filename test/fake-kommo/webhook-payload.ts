import type { IncomingLeadRecord } from './types';

/** A change of one incoming lead that Kommo reports to subscribed web hooks. */
export interface IncomingLeadChange {
	kind: 'added' | 'accepted' | 'declined' | 'linked';
	record: IncomingLeadRecord;
}

const CODE: Record<IncomingLeadChange['kind'], string> = {
	added: 'add_unsorted',
	accepted: 'delete_unsorted',
	declined: 'delete_unsorted',
	linked: 'delete_unsorted',
};

const ACTION: Record<string, string> = { accepted: 'accept', declined: 'decline', linked: 'link' };

export function hookCode(change: IncomingLeadChange): string {
	return CODE[change.kind];
}

const ids = (refs: Array<{ id: number }>): number[] => refs.map((r) => r.id);

/**
 * One entry in the shape Kommo's unsorted hooks use (`unsorted[add][0][…]`): the lead's core
 * fields, its form/call data as `source_data`, the created entities under `data`, and for sorting
 * the `action` with what it produced (`accept_result` / `link_result`).
 */
export function hookEntry(change: IncomingLeadChange): Record<string, unknown> {
	const { model } = change.record;
	const entry: Record<string, unknown> = {
		uid: model.uid,
		source_uid: model.source_uid ?? undefined,
		source_name: model.source_name ?? undefined,
		category: model.category,
		pipeline_id: model.pipeline_id,
		created_at: model.created_at,
		lead_id: model._embedded.leads[0]?.id,
		account_id: model.account_id,
		source_data: model.metadata,
		data: {
			leads: ids(model._embedded.leads),
			contacts: ids(model._embedded.contacts),
			companies: ids(model._embedded.companies),
		},
	};
	if (change.kind === 'added') return entry;
	entry.action = ACTION[change.kind];
	entry.modified_user_id = change.record.sorted_by;
	if (change.kind === 'accepted') {
		entry.accept_result = {
			leads: ids(model._embedded.leads),
			contacts: ids(model._embedded.contacts),
			companies: ids(model._embedded.companies),
		};
	}
	if (change.kind === 'linked' && change.record.link) {
		const { entity_id, entity_type, contact_id } = change.record.link;
		entry.link_result = {
			[entity_type]: [entity_id],
			...(contact_id !== undefined ? { contacts: [contact_id] } : {}),
		};
	}
	return entry;
}

/** A whole call: one or several changes of the same hook code, plus the account. */
export function hookBody(
	changes: IncomingLeadChange[],
	account: { id: number; subdomain: string },
): Record<string, unknown> {
	const unsorted: Record<string, unknown[]> = {};
	for (const change of changes) {
		const group = change.kind === 'added' ? 'add' : 'delete';
		(unsorted[group] ??= []).push(hookEntry(change));
	}
	return { unsorted, account: { id: account.id, subdomain: account.subdomain } };
}
