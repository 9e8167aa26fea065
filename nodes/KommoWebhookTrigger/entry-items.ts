import type { IDataObject } from 'n8n-workflow';

import { flattenIncomingLead } from '../shared/flatten';
import type { TriggerFilters } from '../shared/trigger-filters';
import type { EventEntry } from './events';

/**
 * Whether an incoming lead passes Categories and Pipeline. A field the delivery did not carry
 * passes only when `lenient` (before the full lead is fetched, which then decides).
 */
export function matchesFilters(
	filters: TriggerFilters,
	lead: IDataObject,
	lenient = false,
): boolean {
	const category = lead.category === undefined ? undefined : String(lead.category);
	if (
		filters.categories.length &&
		(category === undefined ? !lenient : !filters.categories.includes(category))
	)
		return false;
	const pipeline = lead.pipeline_id === undefined ? undefined : Number(lead.pipeline_id);
	if (
		filters.pipelineId !== undefined &&
		(pipeline === undefined ? !lenient : pipeline !== filters.pipelineId)
	)
		return false;
	return true;
}

function ids(value: unknown): number[] {
	const list = Array.isArray(value)
		? value
		: typeof value === 'object' && value !== null
			? Object.values(value)
			: [];
	return list.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
}

function refs(value: unknown): IDataObject[] {
	return ids(value).map((id) => ({ id }));
}

/** A delivery entry in the shape of `GET /leads/unsorted/{uid}`, so both triggers flatten alike. */
export function entryAsLead(entry: IDataObject): IDataObject {
	const sourceData = entry.source_data;
	const data = (entry.data ?? {}) as IDataObject;
	return {
		uid: entry.uid,
		category: entry.category,
		source_name: entry.source_name ?? null,
		source_uid: entry.source_uid ?? null,
		pipeline_id: entry.pipeline_id === undefined ? undefined : Number(entry.pipeline_id),
		created_at: entry.created_at,
		metadata:
			typeof sourceData === 'object' && sourceData !== null && !Array.isArray(sourceData)
				? sourceData
				: {},
		_embedded: {
			leads: entry.lead_id === undefined ? refs(data.leads) : refs([entry.lead_id]),
			contacts: refs(data.contacts),
			companies: refs(data.companies),
		},
	};
}

/** The lead/contact/company IDs an accept or link produced, from `accept_result` or `link_result`. */
export function resultIds(entry: IDataObject): IDataObject {
	const result = (entry.accept_result ?? entry.link_result ?? {}) as IDataObject;
	return {
		result_lead_ids: ids(result.leads),
		result_contact_ids: ids(result.contacts),
		result_company_ids: ids(result.companies),
	};
}

/**
 * One n8n item's JSON. Simplified: the polling trigger's fields plus `event` (and for accepted or
 * linked leads the IDs they became). Raw: the entry nested as Kommo sent it, with the fetched lead.
 */
export function eventItem(
	{ event, entry }: EventEntry,
	output: 'simplified' | 'raw',
	accountUrl: string,
	fetchedLead?: IDataObject,
): IDataObject {
	if (output === 'raw') return { event, entry, ...(fetchedLead ? { lead: fetchedLead } : {}) };
	const simplified: IDataObject = {
		event,
		...flattenIncomingLead(fetchedLead ?? entryAsLead(entry), accountUrl),
	};
	if (event === 'accepted' || event === 'linked') {
		Object.assign(simplified, resultIds(entry));
		const [lead] = simplified.result_lead_ids as number[];
		if (lead !== undefined) simplified.kommo_url = `${accountUrl}/leads/detail/${lead}`;
	}
	return simplified;
}
