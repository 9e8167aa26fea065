export type QueryValue = string | number | boolean | Array<string | number> | undefined | null;

/**
 * Kommo's bracket form (`filter[category][]=sip&order[created_at]=asc`). n8n would serialise a
 * nested `qs` as `filter[category][0]`, percent-encoding the brackets, so keys are written here as
 * Kommo documents them and only values are encoded.
 */
export function kommoQueryString(query: Record<string, QueryValue>): string {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(query)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value)) {
			// One UID is sent plainly (`filter[uid]=x`), several as a list, as the API page shows both.
			const listKey = key.endsWith('[]') || value.length > 1 ? key.replace(/(\[\])?$/, '[]') : key;
			for (const entry of value) parts.push(`${listKey}=${encodeURIComponent(String(entry))}`);
		} else {
			parts.push(`${key}=${encodeURIComponent(String(value))}`);
		}
	}
	return parts.join('&');
}

export function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
	const search = query ? kommoQueryString(query) : '';
	if (!search) return path;
	return `${path}${path.includes('?') ? '&' : '?'}${search}`;
}
