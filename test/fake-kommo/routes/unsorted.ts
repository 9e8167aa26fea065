import { hal, noContent, type FakeResponse, type RequestContext } from '../http';
import { invalidParam, notFound } from '../problem';
import { isIntString, listParam, pageLinks, pagingParams, singleParam, type Query } from '../query';
import { CATEGORIES, type Category, type IncomingLeadRecord } from '../types';

export function waitingOr404(ctx: RequestContext, uid: string): IncomingLeadRecord {
	const record = ctx.state.record(uid);
	if (!record || record.status !== 'waiting')
		throw notFound(`Incoming lead with uid "${uid}" not found`);
	return record;
}

export function decodeUid(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}

function intFilter(query: Query, name: string): number | undefined {
	const v = singleParam(query, name);
	if (v === undefined) return undefined;
	if (!isIntString(v))
		throw invalidParam('InvalidType', name, `${name} must be an integer, got "${v}"`);
	return Number(v);
}

function categoryFilter(query: Query): Category[] | undefined {
	const values = listParam(query, 'filter[category]');
	if (values === undefined) return undefined;
	for (const v of values) {
		if (!(CATEGORIES as readonly string[]).includes(v)) {
			throw invalidParam(
				'NotSupportedChoice',
				'filter[category]',
				`Unknown category "${v}"; allowed: ${CATEGORIES.join(', ')}`,
			);
		}
	}
	return values as Category[];
}

/** Only `order[created_at]=asc|desc` exists; anything else is refused like Kommo refuses it. */
function orderParam(query: Query): 'asc' | 'desc' {
	let direction: 'asc' | 'desc' = 'desc';
	for (const key of Object.keys(query)) {
		if (key !== 'order' && !key.startsWith('order[')) continue;
		if (key !== 'order[created_at]') {
			throw invalidParam(
				'NotSupportedChoice',
				'order',
				`Sorting is only available by created_at, got "${key}"`,
			);
		}
		const v = singleParam(query, key);
		if (v !== 'asc' && v !== 'desc') {
			throw invalidParam(
				'NotSupportedChoice',
				'order[created_at]',
				`order[created_at] must be asc or desc, got "${String(v)}"`,
			);
		}
		direction = v;
	}
	return direction;
}

export function listUnsorted(ctx: RequestContext): FakeResponse {
	const { query } = ctx;
	const paging = pagingParams(query);
	const uids = listParam(query, 'filter[uid]');
	const categories = categoryFilter(query);
	const pipelineId = intFilter(query, 'filter[pipeline_id]');
	const order = orderParam(query);

	let records = ctx.state.waitingRecords();
	if (uids) records = records.filter((r) => uids.includes(r.model.uid));
	if (categories) records = records.filter((r) => categories.includes(r.model.category));
	if (pipelineId !== undefined) records = records.filter((r) => r.model.pipeline_id === pipelineId);
	if (order === 'asc')
		records.sort((a, b) => a.model.created_at - b.model.created_at || a.seq - b.seq);

	const start = (paging.page - 1) * paging.limit;
	const pageItems = records.slice(start, start + paging.limit);
	if (pageItems.length === 0) return noContent;
	return hal({
		_page: paging.page,
		_links: pageLinks(ctx.baseUrl, ctx.path, ctx.search, paging, records.length),
		_embedded: { unsorted: pageItems.map((r) => r.model) },
	});
}

export function getUnsorted(ctx: RequestContext, [rawUid = '']: string[]): FakeResponse {
	return hal(waitingOr404(ctx, decodeUid(rawUid)).model);
}

function createdAtRange(query: Query): { from?: number; to?: number } {
	const range: { from?: number; to?: number } = {};
	const plain = intFilter(query, 'filter[created_at]');
	if (plain !== undefined) range.from = plain;
	const from = intFilter(query, 'filter[created_at][from]');
	const to = intFilter(query, 'filter[created_at][to]');
	if (from !== undefined) range.from = from;
	if (to !== undefined) range.to = to;
	return range;
}

/** Counts everything ever added (not only waiting leads), as Kommo's summary does. */
export function unsortedSummary(ctx: RequestContext): FakeResponse {
	const { query } = ctx;
	const uids = listParam(query, 'filter[uid]');
	const range = createdAtRange(query);
	const pipelineId = intFilter(query, 'filter[pipeline_id]');

	const records = ctx.state.allRecords().filter((r) => {
		const m = r.model;
		if (uids && !uids.includes(m.uid)) return false;
		if (pipelineId !== undefined && m.pipeline_id !== pipelineId) return false;
		if (range.from !== undefined && m.created_at < range.from) return false;
		if (range.to !== undefined && m.created_at > range.to) return false;
		return true;
	});

	const sorted = records.filter((r) => r.status === 'accepted' || r.status === 'declined');
	const sortTimes = sorted.map((r) =>
		Math.max(0, (r.sorted_at ?? r.model.created_at) - r.model.created_at),
	);
	const averageSortTime =
		sortTimes.length === 0
			? 0
			: Math.round(sortTimes.reduce((a, b) => a + b, 0) / sortTimes.length);

	const categories: Partial<Record<Category, { total: number }>> = {};
	for (const r of records) {
		const entry = (categories[r.model.category] ??= { total: 0 });
		entry.total++;
	}

	return hal({
		total: records.length,
		accepted: records.filter((r) => r.status === 'accepted').length,
		declined: records.filter((r) => r.status === 'declined').length,
		average_sort_time: averageSortTime,
		categories,
	});
}
