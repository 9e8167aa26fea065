import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { MAX_PAGE_SIZE } from '../shared/constants';
import type { QueryValue } from '../shared/query';
import { embeddedList, hasNextPage } from '../shared/hal';
import { kommoApiRequest } from '../shared/transport';

export interface TriggerFilters {
	categories: string[];
	pipelineId?: number;
}

export function filterQuery(filters: TriggerFilters): Record<string, QueryValue> {
	return {
		...(filters.categories.length ? { 'filter[category][]': filters.categories } : {}),
		...(filters.pipelineId ? { 'filter[pipeline_id]': filters.pipelineId } : {}),
	};
}

/**
 * Every matching incoming lead waiting now: pages of 250 while Kommo links a next page, so a poll
 * costs ceil(P/250) requests (one for an empty list). Oldest first, because new arrivals then
 * append to the last page instead of shifting the pages already read. Any failure throws, so the
 * caller keeps its previous state.
 */
export async function fetchWaitingLeads(ctx: IPollFunctions, filters: TriggerFilters): Promise<IDataObject[]> {
	const leads: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const response = await kommoApiRequest(ctx, {
			method: 'GET',
			path: '/api/v4/leads/unsorted',
			query: { ...filterQuery(filters), 'order[created_at]': 'asc', page, limit: MAX_PAGE_SIZE },
		});
		leads.push(...embeddedList(response, 'unsorted'));
		if (!hasNextPage(response)) return leads;
	}
}

/** The newest matching incoming lead, for "Fetch Test Event". */
export async function fetchNewestLead(ctx: IPollFunctions, filters: TriggerFilters): Promise<IDataObject | undefined> {
	const response = await kommoApiRequest(ctx, {
		method: 'GET',
		path: '/api/v4/leads/unsorted',
		query: { ...filterQuery(filters), 'order[created_at]': 'desc', page: 1, limit: 1 },
	});
	return embeddedList(response, 'unsorted')[0];
}
