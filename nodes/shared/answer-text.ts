import type { NodeApiError } from 'n8n-workflow';

// Errors this package built itself: the send path passes them on instead of translating again.
const ownErrors = new WeakSet<object>();

export function markKommoError<E extends NodeApiError>(error: E): E {
	ownErrors.add(error);
	return error;
}

export function isKommoError(error: unknown): error is NodeApiError {
	return typeof error === 'object' && error !== null && ownErrors.has(error);
}

/** A response header by its lower-case name, whatever the casing the client kept. */
export function headerValue(headers: unknown, name: string): string | undefined {
	if (typeof headers !== 'object' || headers === null) return undefined;
	const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1] as unknown;
	return entry === undefined || entry === null
		? undefined
		: String(Array.isArray(entry) ? entry[0] : entry);
}

const PREVIEW_CHARS = 200;

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * A short account of a body that is not what was expected: an HTML page by its <title>, other
 * text or JSON by its first 200 characters. Never the whole body (a proxy's page runs to KBs).
 */
export function describeBody(body: unknown): { summary: string; html: boolean; title?: string } {
	if (body === undefined || body === null || body === '')
		return { summary: 'an empty body', html: false };
	if (typeof body !== 'string') {
		const json = JSON.stringify(body) ?? String(body);
		return { summary: `"${preview(json)}"`, html: false };
	}
	if (
		/^\s*(<!doctype html|<html|<head|<body|<title)/i.test(body) ||
		/<\/(html|body|head)>/i.test(body)
	) {
		const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
		const cleanTitle = title ? preview(collapse(title)) : undefined;
		return {
			summary: cleanTitle ? `an HTML page titled "${cleanTitle}"` : 'an HTML page without a title',
			html: true,
			title: cleanTitle,
		};
	}
	return { summary: `text that is not JSON: "${preview(collapse(body))}"`, html: false };
}

function preview(text: string): string {
	return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}
