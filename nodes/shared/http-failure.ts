/**
 * What an HTTP failure told us, whichever layer threw it: n8n wraps the client error in a
 * NodeApiError whose `cause` (or `context.data`) still holds Kommo's response.
 */
export interface HttpFailure {
	status?: number;
	body?: unknown;
	headers: Record<string, unknown>;
	/** Low-level reason for a failure without a response (DNS, refused, reset). */
	networkMessage?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function responseOf(error: Record<string, unknown>): Record<string, unknown> | undefined {
	for (const candidate of [
		error.response,
		isRecord(error.cause) ? error.cause.response : undefined,
	]) {
		if (isRecord(candidate)) return candidate;
	}
	return undefined;
}

export function readHttpFailure(error: unknown): HttpFailure {
	if (!isRecord(error)) return { headers: {}, networkMessage: String(error) };
	const response = responseOf(error);
	const context = isRecord(error.context) ? error.context : {};
	const statusRaw = response?.status ?? response?.statusCode ?? error.httpCode ?? error.statusCode;
	const status = statusRaw === undefined || statusRaw === null ? undefined : Number(statusRaw);
	const body = response?.data ?? response?.body ?? context.data;
	const headers = isRecord(response?.headers) ? response.headers : {};
	const failure: HttpFailure = {
		status: Number.isFinite(status) ? status : undefined,
		body,
		headers,
	};
	if (failure.status === undefined) {
		const cause = isRecord(error.cause) ? error.cause : error;
		failure.networkMessage = String(
			cause.code ?? cause.message ?? error.message ?? 'unknown error',
		);
	}
	return failure;
}

/** Seconds Kommo asks us to wait: body `retry_after`, else the Retry-After header. */
export function retryAfterSeconds(failure: HttpFailure, now = Date.now()): number | undefined {
	const body = failure.body;
	if (isRecord(body) && body.retry_after !== undefined) {
		const seconds = Number(body.retry_after);
		if (Number.isFinite(seconds) && seconds >= 0) return seconds;
	}
	const header = Object.entries(failure.headers).find(
		([name]) => name.toLowerCase() === 'retry-after',
	)?.[1];
	if (header === undefined) return undefined;
	const text = String(Array.isArray(header) ? header[0] : header).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
