import type { IDataObject } from 'n8n-workflow';

/**
 * Limits for one delivery. Kommo sends at most a few hundred entries per call (~40 keys each);
 * anything far beyond that is not Kommo and must not cost the instance memory or time.
 */
export interface FormBodyLimits {
	maxBytes: number;
	maxKeys: number;
	maxDepth: number;
}

export const DEFAULT_FORM_LIMITS: FormBodyLimits = {
	maxBytes: 4 * 1024 * 1024,
	maxKeys: 100_000,
	maxDepth: 12,
};

/** Why a body was refused; returned rather than thrown so the hook can answer 400 itself. */
export interface FormBodyProblem {
	problem: string;
}

export type ParsedForm = { body: IDataObject } | FormBodyProblem;

// Keys that would reach Object.prototype through bracket paths.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

type Tree = { [key: string]: Tree | string };

function decode(part: string): string | undefined {
	try {
		return decodeURIComponent(part.replace(/\+/g, ' '));
	} catch {
		return undefined;
	}
}

/** `unsorted[add][0][uid]` → ['unsorted', 'add', '0', 'uid']; `a[]` gives an empty segment. */
export function splitKey(key: string): string[] {
	const open = key.indexOf('[');
	if (open <= 0 || !key.endsWith(']')) return [key];
	const segments = [key.slice(0, open)];
	const rest = key.slice(open);
	const pattern = /\[([^[\]]*)\]/g;
	let consumed = 0;
	for (let m = pattern.exec(rest); m; m = pattern.exec(rest)) {
		if (m.index !== consumed) return [key];
		segments.push(m[1] ?? '');
		consumed = m.index + m[0].length;
	}
	return consumed === rest.length ? segments : [key];
}

function child(node: Tree, segment: string): Tree {
	const existing = node[segment];
	if (typeof existing === 'object') return existing;
	// A scalar already at this path (`a=1&a[b]=2`): the nested form wins, as in PHP's parser.
	const created: Tree = {};
	node[segment] = created;
	return created;
}

function insert(root: Tree, segments: string[], value: string): void {
	let node = root;
	for (let i = 0; i < segments.length; i++) {
		let segment = segments[i] as string;
		if (FORBIDDEN.has(segment)) return;
		if (segment === '') segment = String(Object.keys(node).length);
		if (i === segments.length - 1) {
			if (typeof node[segment] !== 'object') node[segment] = value;
			return;
		}
		node = child(node, segment);
	}
}

/** Objects whose keys are exactly 0..n-1 become arrays, the way Kommo's PHP side meant them. */
function toData(tree: Tree | string): IDataObject | IDataObject[] | string | string[] {
	if (typeof tree === 'string') return tree;
	const keys = Object.keys(tree);
	const converted: IDataObject = {};
	for (const key of keys) converted[key] = toData(tree[key] as Tree | string);
	const isList = keys.length > 0 && keys.every((key, index) => key === String(index));
	return isList ? (keys.map((key) => converted[key]) as IDataObject[]) : converted;
}

/**
 * Kommo's `application/x-www-form-urlencoded` body with bracket keys, nested. Parsed here from the
 * raw bytes because n8n's own parser keeps keys flat and drops every key after the first 1,000.
 */
export function parseFormBody(
	raw: Buffer | string,
	limits: FormBodyLimits = DEFAULT_FORM_LIMITS,
): ParsedForm {
	const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
	if (size > limits.maxBytes)
		return { problem: `The body has ${size} bytes; at most ${limits.maxBytes} are accepted` };
	const text = typeof raw === 'string' ? raw : raw.toString('utf8');
	const root: Tree = {};
	let keys = 0;
	for (const pair of text.split('&')) {
		if (pair === '') continue;
		if (++keys > limits.maxKeys)
			return { problem: `The body has more than ${limits.maxKeys} keys` };
		const eq = pair.indexOf('=');
		const key = decode(eq === -1 ? pair : pair.slice(0, eq));
		const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
		if (key === undefined || value === undefined)
			return { problem: 'The body is not valid form encoding (bad percent escape)' };
		const segments = splitKey(key);
		if (segments.length > limits.maxDepth) {
			return {
				problem: `The key "${key.slice(0, 80)}" is nested deeper than ${limits.maxDepth} levels`,
			};
		}
		insert(root, segments, value);
	}
	return { body: toData(root) as IDataObject };
}

/** The same tree from n8n's flat body (keys as sent), for when the raw bytes are not available. */
export function nestFlatBody(
	flat: IDataObject,
	limits: FormBodyLimits = DEFAULT_FORM_LIMITS,
): IDataObject {
	const root: Tree = {};
	for (const [key, value] of Object.entries(flat)) {
		const segments = splitKey(key);
		if (segments.length > limits.maxDepth) continue;
		for (const one of Array.isArray(value) ? value : [value]) insert(root, segments, String(one));
	}
	return toData(root) as IDataObject;
}
