/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { STATUS_CODES } from 'node:http';

/** One entry of Kommo's `validation-errors[].errors`. */
export interface ValidationError {
	code: string;
	path: string;
	detail: string;
}

export interface ValidationErrorGroup {
	/** Echoes the item's request_id, or its index as a string when it had none (Kommo does the same). */
	request_id: string;
	errors: ValidationError[];
}

/**
 * Thrown by route handlers; the server turns it into an `application/problem+json` answer.
 * Throwing keeps handlers linear instead of threading error returns through every helper.
 */
export class ProblemError extends Error {
	constructor(
		readonly status: number,
		readonly detail: string,
		readonly extra: Record<string, unknown> = {},
		readonly headers: Record<string, string> = {},
	) {
		super(`${status} ${detail}`);
	}
}

export function problemBody(
	status: number,
	detail: string,
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		title: STATUS_CODES[status] ?? 'Error',
		type: `https://httpstatus.es/${status}`,
		status,
		detail,
		...extra,
	};
}

export function validationProblem(groups: ValidationErrorGroup[]): ProblemError {
	return new ProblemError(400, 'Request validation failed', { 'validation-errors': groups });
}

/** Validation failure of a single GET parameter or a single-object body. */
export function invalidParam(code: string, path: string, detail: string): ProblemError {
	return validationProblem([{ request_id: '0', errors: [{ code, path, detail }] }]);
}

export function notFound(detail: string): ProblemError {
	return new ProblemError(404, detail);
}
