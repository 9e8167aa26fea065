import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { checkedList } from '../shared/answer-shape';
import { MAX_PAGE_SIZE } from '../shared/constants';
import { hasNextPage } from '../shared/hal';
import { PageGuard } from '../shared/paging';
import type { QueryValue } from '../shared/query';
import type { KommoAccount } from '../shared/transport';
import { kommoApiRequest } from '../shared/transport';
import type { TriggerFilters } from '../shared/trigger-filters';

const PATH = '/api/v4/leads/unsorted';
const ENDPOINT = `GET ${PATH}`;

export function filterQuery(filters: TriggerFilters): Record<string, QueryValue> {
	return {
		...(filters.categories.length ? { 'filter[category][]': filters.categories } : {}),
		...(filters.pipelineId ? { 'filter[pipeline_id]': filters.pipelineId } : {}),
	};
}

/**
 * Every matching incoming lead waiting now: pages of 250 while Kommo links a next page, so a poll
 * costs ceil(P/250) requests (one for an empty list). Oldest first, because new arrivals then
 * append to the last page instead of shifting the pages already read. Any failure (including an
 * answer that is not a list, a repeated page or too many pages) throws, so the caller keeps its
 * previous state.
 */
export async function fetchWaitingLeads(
	ctx: IPollFunctions,
	account: KommoAccount,
	filters: TriggerFilters,
): Promise<IDataObject[]> {
	const leads: IDataObject[] = [];
	const guard = new PageGuard(ctx.getNode(), ENDPOINT);
	for (let page = 1; ; page++) {
		const response = await kommoApiRequest(ctx, account, {
			method: 'GET',
			path: PATH,
			query: { ...filterQuery(filters), 'order[created_at]': 'asc', page, limit: MAX_PAGE_SIZE },
		});
		const list = checkedList(ctx.getNode(), ENDPOINT, 'incomingLeads', response);
		guard.check(
			list.map((lead) => String(lead.uid)),
			hasNextPage(response),
		);
		leads.push(...list);
		if (!hasNextPage(response)) return leads;
	}
}

/** The newest matching incoming lead, for "Fetch Test Event". */
export async function fetchNewestLead(
	ctx: IPollFunctions,
	account: KommoAccount,
	filters: TriggerFilters,
): Promise<IDataObject | undefined> {
	const response = await kommoApiRequest(ctx, account, {
		method: 'GET',
		path: PATH,
		query: { ...filterQuery(filters), 'order[created_at]': 'desc', page: 1, limit: 1 },
	});
	return checkedList(ctx.getNode(), ENDPOINT, 'incomingLeads', response)[0];
}
