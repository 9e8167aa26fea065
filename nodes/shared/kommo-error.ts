import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { describeBody, headerValue, isKommoError, markKommoError } from './answer-text';
import type { HttpFailure } from './http-failure';
import { readHttpFailure } from './http-failure';
import { kommoLimits } from './limits';

export interface ErrorContext {
	itemIndex?: number;
	/** Location header of a 3xx, so the message names where it pointed. */
	location?: string;
	/** The incoming lead the request was about, so a 404 can name it. */
	uid?: string;
}

interface ValidationEntry {
	request_id?: unknown;
	errors?: Array<{ code?: unknown; path?: unknown; detail?: unknown }>;
}

function asRecord(value: unknown): Record<string, unknown> {
	if (typeof value === 'string') {
		try {
			return asRecord(JSON.parse(value));
		} catch {
			// A proxy's or server's HTML page: its title at most, never the whole page.
			const text = describeBody(value);
			return text.html ? (text.title ? { detail: text.title } : {}) : { detail: text.summary };
		}
	}
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

/** Every validation error as "path: detail", prefixed by its request_id when several items failed. */
export function validationMessages(problem: Record<string, unknown>): string[] {
	const entries = problem['validation-errors'];
	if (!Array.isArray(entries)) return [];
	const many = entries.length > 1;
	return (entries as ValidationEntry[]).flatMap((entry) =>
		(entry.errors ?? []).map((e) => {
			const prefix =
				many && entry.request_id !== undefined ? `[request_id ${String(entry.request_id)}] ` : '';
			const path = e.path !== undefined && e.path !== '' ? `${String(e.path)}: ` : '';
			return `${prefix}${path}${String(e.detail ?? e.code ?? 'invalid')}`;
		}),
	);
}

const HINTS: Record<number, string> = {
	401: 'Check the credential: reconnect the OAuth2 credential, or create a new long-lived token in Kommo (Settings → Integrations) if it expired or was revoked.',
	402: "Kommo answered that the account's subscription requires payment. Check the account's billing in Kommo.",
	403: "The Kommo user behind the credential lacks the rights for this action (linking needs an administrator), or the account was blocked after too many requests. Check the user's rights in Kommo.",
	300: "Requests that carry the credential are never sent to another address. Check the credential's Account Domain/Subdomain or Base URL (for example https instead of http, or the account's current address).",
	429: "Kommo allows fewer than 7 requests per second per account. Lower the credential's Max Requests per Second, or run fewer workflows against the account at once.",
};

function redirectTarget(location: string | undefined): string {
	if (!location) return 'no address';
	try {
		return `host "${new URL(location, 'http://same-host.invalid').host}"`;
	} catch {
		return 'an address that is not a URL';
	}
}

const NOT_API_HINT =
	"The answer was not Kommo's API (an HTML page or plain text): a proxy, a maintenance page or a wrong Base URL answers like this. Try again later or check the credential.";

const TIMEOUT_CODES = ['ECONNABORTED', 'ETIMEDOUT'];

function headline(
	status: number | undefined,
	problem: Record<string, unknown>,
	context: ErrorContext,
): string {
	const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
	switch (status) {
		case 400: {
			const details = validationMessages(problem);
			return `Kommo rejected the request: ${details.length ? details.join('; ') : (detail ?? 'invalid data')}`;
		}
		case 401:
			return `Kommo did not accept the credential (401)${detail ? `: ${detail}` : ''}`;
		case 402:
			return `Kommo requires payment for this account (402)${detail ? `: ${detail}` : ''}`;
		case 403:
			return `Kommo refused access (403)${detail ? `: ${detail}` : ''}`;
		case 404:
			return context.uid
				? `Incoming lead "${context.uid}" was not found (404)`
				: `Kommo could not find the requested resource (404)${detail ? `: ${detail}` : ''}`;
		case 429:
			return `Kommo rate limit reached (429)${detail ? `: ${detail}` : ''}`;
		default:
			if (status !== undefined && status >= 300 && status < 400) {
				return `Kommo answered with a redirect (${status}) to ${redirectTarget(context.location)}; it was not followed`;
			}
			if (status !== undefined && status >= 500)
				return `Kommo server error (${status})${detail ? `: ${detail}` : ''}`;
			return `Kommo request failed (${status ?? 'no response'})${detail ? `: ${detail}` : ''}`;
	}
}

/**
 * The single translation from a failed Kommo request to what the n8n user reads. Built from a plain
 * object, never from the client error, so request headers (the token) cannot leak into it.
 */
export function kommoApiError(
	node: INode,
	error: unknown,
	context: ErrorContext = {},
): NodeApiError | NodeOperationError {
	// Input errors raised by our own hooks, and answers already judged, pass through unchanged.
	if (error instanceof NodeOperationError || isKommoError(error)) return error;
	const failure: HttpFailure = readHttpFailure(error);
	if (failure.status === undefined && TIMEOUT_CODES.includes(failure.networkMessage ?? '')) {
		const seconds = Math.round(kommoLimits().requestTimeoutMs / 1000);
		return markKommoError(
			new NodeApiError(node, { reason: 'timeout' } as JsonObject, {
				message: `Kommo did not answer within ${seconds} s`,
				description:
					'Kommo usually answers in well under a second. Nothing more was sent; run the workflow again later.',
				itemIndex: context.itemIndex,
			}),
		);
	}
	if (failure.status === undefined) {
		// The low-level code stays out of the message: n8n would swap a message containing it for a
		// generic text that no longer says which service failed.
		return new NodeApiError(node, { reason: failure.networkMessage ?? 'unknown' } as JsonObject, {
			message: 'Could not reach Kommo',
			description: `The connection failed (${failure.networkMessage ?? 'unknown error'}). Check the credential's subdomain/domain or base URL and the network connection.`,
			itemIndex: context.itemIndex,
		});
	}
	const problem = asRecord(failure.body);
	const notApi =
		typeof failure.body === 'string' && failure.body.trim() !== '' && !isJson(failure.body);
	const location =
		failure.status >= 300 && failure.status < 400
			? headerValue(failure.headers, 'location')
			: undefined;
	const message = headline(failure.status, problem, { ...context, location });
	const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
	const notFoundHint =
		failure.status === 404 && context.uid
			? 'It may have been accepted, declined or linked already, or the UID is wrong.'
			: undefined;
	const statusHint =
		failure.status >= 300 && failure.status < 400 ? HINTS[300] : HINTS[failure.status];
	const description = [
		notFoundHint ?? statusHint,
		failure.status === 404 ? detail : undefined,
		notApi ? NOT_API_HINT : undefined,
	]
		.filter((part): part is string => Boolean(part))
		.join(' ');
	return markKommoError(
		new NodeApiError(node, { ...problem, status: failure.status } as JsonObject, {
			message,
			description: description || undefined,
			httpCode: String(failure.status),
			itemIndex: context.itemIndex,
		}),
	);
}

function isJson(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

/** The operation, poll or dropdown ran out of its overall time (see limits.ts). */
export function deadlineError(
	node: INode,
	kind: string,
	ms: number,
	itemIndex?: number,
): NodeApiError {
	return markKommoError(
		new NodeApiError(node, { reason: 'deadline' } as JsonObject, {
			message: `Kommo did not finish within the ${Math.round(ms / 1000)} s allowed for one ${kind}`,
			description:
				kind === 'poll'
					? 'The poll was stopped and the trigger kept what it knew: the next poll looks again. Kommo may be slow or sending an answer very slowly.'
					: 'The request was stopped. Kommo may be slow or sending an answer very slowly; run the workflow again later.',
			itemIndex,
		}),
	);
}
