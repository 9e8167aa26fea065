import { validationProblem, type ValidationError } from './problem';

/**
 * Query strings the way Kommo (PHP) reads them: bracket keys such as `filter[uid][]`
 * and `filter[uid][0]` both mean "an array". Keys are kept in bracket form so tests can
 * assert on exactly what a client sent.
 */

export type Query = Record<string, string | string[]>;

export function parseQuery(search: string): Query {
	const query: Query = {};
	for (const [key, value] of new URLSearchParams(search)) {
		const existing = query[key];
		if (existing === undefined) {
			query[key] = key.endsWith('[]') ? [value] : value;
		} else if (Array.isArray(existing)) {
			existing.push(value);
		} else {
			query[key] = [existing, value];
		}
	}
	return query;
}

export function decodeRawQuery(search: string): string {
	try {
		return decodeURIComponent(search);
	} catch {
		// Malformed escapes are a client bug worth seeing verbatim rather than a crash.
		return search;
	}
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Collects an array parameter in any of its spellings: `name=a`, `name[]=a&name[]=b`,
 * `name[0]=a&name[1]=b`. Returns undefined when the parameter is absent.
 */
export function listParam(query: Query, name: string): string[] | undefined {
	const values: string[] = [];
	let seen = false;
	const push = (v: string | string[] | undefined): void => {
		if (v === undefined) return;
		seen = true;
		values.push(...(Array.isArray(v) ? v : [v]));
	};
	push(query[name]);
	push(query[`${name}[]`]);
	const indexed = new RegExp(`^${escapeRegExp(name)}\\[(\\d+)\\]$`);
	const numbered = Object.keys(query)
		.map((key) => ({ key, m: indexed.exec(key) }))
		.filter((x): x is { key: string; m: RegExpExecArray } => x.m !== null)
		.sort((a, b) => Number(a.m[1]) - Number(b.m[1]));
	for (const { key } of numbered) push(query[key]);
	return seen ? values : undefined;
}

/** A scalar parameter; a repeated one counts as its last value, as PHP does. */
export function singleParam(query: Query, name: string): string | undefined {
	const v = query[name];
	if (Array.isArray(v)) return v[v.length - 1];
	return v;
}

export function isIntString(s: string): boolean {
	return /^-?\d+$/.test(s);
}

/** Serialises params keeping brackets readable, the way Kommo writes its `_links`. */
export function buildQuery(params: Array<[string, string]>): string {
	return params
		.map(
			([k, v]) =>
				`${encodeURIComponent(k).replace(/%5B/gi, '[').replace(/%5D/gi, ']')}=${encodeURIComponent(v)}`,
		)
		.join('&');
}

/** The original params minus the ones about to be overwritten, in their original order. */
export function paramsWithout(search: string, drop: string[]): Array<[string, string]> {
	return [...new URLSearchParams(search)].filter(([k]) => !drop.includes(k));
}

export interface Paging {
	page: number;
	limit: number;
}

export const MAX_LIMIT = 250;
const DEFAULT_LIMIT = 50;

/** `page`/`limit` as Kommo validates them: positive integers, limit at most 250. */
export function pagingParams(query: Query): Paging {
	const rawPage = singleParam(query, 'page');
	const rawLimit = singleParam(query, 'limit');
	let page = 1;
	let limit = DEFAULT_LIMIT;
	const errors: ValidationError[] = [];
	if (rawPage !== undefined) {
		if (!isIntString(rawPage) || Number(rawPage) < 1) {
			errors.push({
				code: 'InvalidType',
				path: 'page',
				detail: `page must be a positive integer, got "${rawPage}"`,
			});
		} else page = Number(rawPage);
	}
	if (rawLimit !== undefined) {
		if (!isIntString(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_LIMIT) {
			errors.push({
				code: 'InvalidType',
				path: 'limit',
				detail: `limit must be an integer between 1 and ${MAX_LIMIT}, got "${rawLimit}"`,
			});
		} else limit = Number(rawLimit);
	}
	if (errors.length > 0) throw validationProblem([{ request_id: '0', errors }]);
	return { page, limit };
}

/**
 * HAL paging links: `self` for this page, `next` only when a further non-empty page exists
 * (Kommo clients loop "while next"). Other query params are preserved so filters stick.
 */
export function pageLinks(
	baseUrl: string,
	path: string,
	search: string,
	paging: Paging,
	total: number,
): { self: { href: string }; next?: { href: string } } {
	const rest = paramsWithout(search, ['page', 'limit']);
	const href = (page: number): string =>
		`${baseUrl}${path}?${buildQuery([...rest, ['page', String(page)], ['limit', String(paging.limit)]])}`;
	const links: { self: { href: string }; next?: { href: string } } = {
		self: { href: href(paging.page) },
	};
	if (total > paging.page * paging.limit) links.next = { href: href(paging.page + 1) };
	return links;
}
