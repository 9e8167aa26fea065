import { hal, noContent, type FakeResponse, type RequestContext } from '../http';
import { notFound } from '../problem';
import { pageLinks, pagingParams } from '../query';
import type { FakeKommoState } from '../state';
import type { User } from '../types';

function renderUser(state: FakeKommoState, u: User): Record<string, unknown> {
	return { ...u, _links: { self: { href: state.href(`/api/v4/users/${u.id}`) } } };
}

export function listUsers(ctx: RequestContext): FakeResponse {
	const { state } = ctx;
	const paging = pagingParams(ctx.query);
	const start = (paging.page - 1) * paging.limit;
	const items = state.users.slice(start, start + paging.limit);
	if (items.length === 0) return noContent;
	return hal({
		_total_items: state.users.length,
		_page: paging.page,
		_page_count: Math.ceil(state.users.length / paging.limit),
		_links: pageLinks(ctx.baseUrl, ctx.path, ctx.search, paging, state.users.length),
		_embedded: { users: items.map((u) => renderUser(state, u)) },
	});
}

export function getUser(ctx: RequestContext, [rawId = '']: string[]): FakeResponse {
	const user = /^\d+$/.test(rawId) ? ctx.state.user(Number(rawId)) : undefined;
	if (!user) throw notFound(`User ${rawId} not found`);
	return hal(renderUser(ctx.state, user));
}
