/**
 * Clone/compare for JSON-shaped data. Deliberately not structuredClone/isDeepStrictEqual:
 * under jest the fake runs inside a vm context, where those host built-ins create or
 * expect objects from another realm, so prototype checks fail on equal data.
 */

export function jsonClone<T>(v: T): T {
	return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a) && Array.isArray(b)) {
		return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
	}
	const ao = a as Record<string, unknown>;
	const bo = b as Record<string, unknown>;
	const keys = Object.keys(ao).filter((k) => ao[k] !== undefined);
	const bKeys = Object.keys(bo).filter((k) => bo[k] !== undefined);
	return (
		keys.length === bKeys.length &&
		keys.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]))
	);
}
