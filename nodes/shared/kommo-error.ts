import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { HttpFailure } from './http-failure';
import { readHttpFailure } from './http-failure';

export interface ErrorContext {
	itemIndex?: number;
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
			return { detail: value };
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
			const prefix = many && entry.request_id !== undefined ? `[request_id ${String(entry.request_id)}] ` : '';
			const path = e.path !== undefined && e.path !== '' ? `${String(e.path)}: ` : '';
			return `${prefix}${path}${String(e.detail ?? e.code ?? 'invalid')}`;
		}),
	);
}

const HINTS: Record<number, string> = {
	401: 'Check the credential: reconnect the OAuth2 credential, or create a new long-lived token in Kommo (Settings → Integrations) if it expired or was revoked.',
	402: "Kommo answered that the account's subscription requires payment. Check the account's billing in Kommo.",
	403: 'The Kommo user behind the credential lacks the rights for this action (linking needs an administrator), or the account was blocked after too many requests. Check the user\'s rights in Kommo.',
	429: "Kommo allows fewer than 7 requests per second per account. Lower the credential's Max Requests per Second, or run fewer workflows against the account at once.",
};

function headline(status: number | undefined, problem: Record<string, unknown>, context: ErrorContext): string {
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
			if (status !== undefined && status >= 500) return `Kommo server error (${status})${detail ? `: ${detail}` : ''}`;
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
	// Input errors raised by our own hooks pass through unchanged.
	if (error instanceof NodeOperationError) return error;
	const failure: HttpFailure = readHttpFailure(error);
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
	const message = headline(failure.status, problem, context);
	const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
	const notFoundHint =
		failure.status === 404 && context.uid
			? 'It may have been accepted, declined or linked already, or the UID is wrong.'
			: undefined;
	const description = [notFoundHint ?? HINTS[failure.status], failure.status === 404 ? detail : undefined]
		.filter((part): part is string => Boolean(part))
		.join(' ');
	return new NodeApiError(node, { ...problem, status: failure.status } as JsonObject, {
		message,
		description: description || undefined,
		httpCode: String(failure.status),
		itemIndex: context.itemIndex,
	});
}
