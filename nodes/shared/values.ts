import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

// Kommo UIDs are hex strings (60 characters in every answer seen); anything else could change
// which endpoint is called. Path words of the API are refused by name for a clearer message.
const UID_PATTERN = /^[0-9a-f]{16,128}$/i;
const RESERVED_PATH_WORDS = [
	'summary',
	'sip',
	'forms',
	'chats',
	'mail',
	'accept',
	'decline',
	'link',
	'add',
];

export function requireUid(
	node: INode,
	raw: unknown,
	parameter: string,
	itemIndex?: number,
): string {
	const uid = String(raw ?? '').trim();
	if (!uid) {
		throw new NodeOperationError(node, `"${parameter}" is empty`, {
			description:
				'Enter the incoming lead UID, e.g. {{ $json.uid }} from the Kommo Trigger or Get Many.',
			itemIndex,
		});
	}
	if (RESERVED_PATH_WORDS.includes(uid.toLowerCase())) {
		throw new NodeOperationError(
			node,
			`"${parameter}" is not an incoming lead UID: "${uid}" is a word of Kommo's API path`,
			{
				description:
					'Map the UID of an incoming lead, e.g. {{ $json.uid }} from the Kommo Trigger or Get Many.',
				itemIndex,
			},
		);
	}
	if (!UID_PATTERN.test(uid)) {
		throw new NodeOperationError(node, `"${parameter}" is not an incoming lead UID: "${uid}"`, {
			description: 'A Kommo UID is a hexadecimal string (digits and a–f, usually 60 characters).',
			itemIndex,
		});
	}
	return uid;
}

/** One UID, a comma/space/newline separated list, or an array from an expression. */
export function parseUidList(
	node: INode,
	raw: unknown,
	parameter: string,
	itemIndex?: number,
): string[] {
	const entries = Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[\s,;]+/);
	return entries
		.map((entry) => entry.trim())
		.filter(Boolean)
		.map((uid) => requireUid(node, uid, parameter, itemIndex));
}

export function positiveInteger(
	node: INode,
	raw: unknown,
	parameter: string,
	itemIndex?: number,
): number {
	const text = String(raw ?? '').trim();
	const value = Number(text);
	if (!text || !Number.isSafeInteger(value) || value <= 0) {
		throw new NodeOperationError(
			node,
			`"${parameter}" must be a Kommo ID (a positive whole number), got "${text}"`,
			{
				itemIndex,
			},
		);
	}
	return value;
}

/** A date parameter (ISO text, Date, Luxon DateTime or Unix seconds) as Unix seconds. */
export function unixSeconds(
	node: INode,
	raw: unknown,
	parameter: string,
	itemIndex?: number,
): number {
	if (typeof raw === 'number' && Number.isFinite(raw)) {
		// Milliseconds are common in expressions ($now.toMillis()); Kommo wants seconds.
		return Math.floor(raw > 1e11 ? raw / 1000 : raw);
	}
	const text = typeof raw === 'string' ? raw.trim() : undefined;
	if (text && /^\d+$/.test(text)) return unixSeconds(node, Number(text), parameter, itemIndex);
	const millis =
		raw instanceof Date
			? raw.getTime()
			: typeof raw === 'object' &&
				  raw !== null &&
				  typeof (raw as { toMillis?: unknown }).toMillis === 'function'
				? (raw as { toMillis: () => number }).toMillis()
				: text
					? Date.parse(text)
					: Number.NaN;
	if (!Number.isFinite(millis)) {
		throw new NodeOperationError(node, `"${parameter}" is not a date: "${String(raw)}"`, {
			description: 'Use a date such as 2026-11-26T10:00:00Z, {{ $now }} or Unix seconds.',
			itemIndex,
		});
	}
	return Math.floor(millis / 1000);
}

/** A whole number within the parameter's documented range, or an error naming the parameter. */
export function integerInRange(
	node: INode,
	raw: unknown,
	parameter: string,
	min: number,
	max: number,
	itemIndex?: number,
): number {
	const text = String(raw ?? '').trim();
	const value = Number(text);
	if (!text || !Number.isInteger(value) || value < min || value > max) {
		throw new NodeOperationError(
			node,
			`"${parameter}" must be a whole number from ${min} to ${max}, got "${text}"`,
			{
				itemIndex,
			},
		);
	}
	return value;
}
