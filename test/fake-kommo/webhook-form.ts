/**
 * Kommo's web hook body encoding (PHP's http_build_query): nested objects and arrays become
 * bracket keys, `unsorted[add][0][uid]=...`, brackets percent-encoded, spaces as '+'.
 */
export function toKommoForm(value: Record<string, unknown>): string {
	const pairs: string[] = [];
	const walk = (key: string, v: unknown): void => {
		if (v === undefined || v === null) return;
		if (Array.isArray(v)) {
			v.forEach((item, index) => walk(`${key}[${index}]`, item));
		} else if (typeof v === 'object') {
			for (const [k, inner] of Object.entries(v as Record<string, unknown>))
				walk(`${key}[${k}]`, inner);
		} else {
			const text = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
			pairs.push(`${encode(key)}=${encode(text)}`);
		}
	};
	for (const [key, v] of Object.entries(value)) walk(key, v);
	return pairs.join('&');
}

function encode(text: string): string {
	return encodeURIComponent(text).replace(/%20/g, '+');
}
