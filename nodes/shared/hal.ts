import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';

export function hasNextPage(response: IN8nHttpFullResponse): boolean {
	if (response.statusCode === 204) return false;
	const body = response.body as { _links?: { next?: { href?: unknown } } } | undefined;
	return Boolean(body?._links?.next?.href);
}

/** ID of the first embedded lead/contact/company of an incoming lead (Kommo embeds at most one). */
export function firstEmbeddedId(entity: IDataObject, key: string): number | null {
	const list = (entity._embedded as Record<string, unknown> | undefined)?.[key];
	const first = Array.isArray(list) ? (list[0] as IDataObject | undefined) : undefined;
	return first?.id === undefined ? null : Number(first.id);
}
