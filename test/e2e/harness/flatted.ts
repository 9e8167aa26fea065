/**
 * n8n's REST API returns execution data serialised with `flatted` (a JSON dialect for circular
 * structures): a JSON array whose entry 0 is the root, and where every string value inside an
 * object or array is the index of another entry. The package is only a transitive dependency
 * here, so this small reader avoids relying on it.
 */
export function parseFlatted(text: string): unknown {
	const table: unknown = JSON.parse(text);
	if (!Array.isArray(table)) throw new Error('not flatted data: expected a JSON array');
	const revived = new Map<number, unknown>();

	const revive = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const raw: unknown = table[index];
		if (typeof raw !== 'object' || raw === null) {
			revived.set(index, raw);
			return raw;
		}
		const copy: Record<string, unknown> | unknown[] = Array.isArray(raw) ? [] : {};
		// Registered before its children are revived, so circular references resolve to it.
		revived.set(index, copy);
		for (const [key, value] of Object.entries(raw)) {
			const resolved = typeof value === 'string' ? revive(Number(value)) : value;
			if (Array.isArray(copy)) copy[Number(key)] = resolved;
			else copy[key] = resolved;
		}
		return copy;
	};

	return revive(0);
}
