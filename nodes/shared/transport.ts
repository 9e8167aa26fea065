import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { kommoBaseUrl } from './account-url';
import { CREDENTIAL_TYPE } from './constants';
import { bindDeadline, Deadline } from './deadline';
import { deadlineError, kommoApiError } from './kommo-error';
import { kommoLimits } from './limits';
import type { QueryValue } from './query';
import { withQuery } from './query';
import { withRetry } from './rate-limit';
import { noteIfRateLimited } from './pace-backoff';
import {
	PacingDeadlineError,
	paceRequest,
	requestsPerSecond,
	sharingProcesses,
} from './request-pacing';

/** Contexts whose getNodeParameter takes (name, fallback): no per-item parameters here. */
export type KommoContext =
	| IExecuteSingleFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions
	| IWebhookFunctions;

export interface KommoRequest {
	method: IHttpRequestMethods;
	path: string;
	query?: Record<string, QueryValue>;
	/** JSON body, e.g. for /api/v4/webhooks. */
	body?: IDataObject;
}

export function kommoCredentialType(ctx: KommoContext): string {
	const authentication = ctx.getNodeParameter('authentication', 'oAuth2') as string;
	return authentication === 'longLivedToken'
		? CREDENTIAL_TYPE.longLivedToken
		: CREDENTIAL_TYPE.integration;
}

/**
 * What the deadline bounds: one node operation (item), one poll, one dropdown, one web hook
 * subscription step (activation, deactivation), or the checks after one web hook delivery.
 */
export type WorkKind = 'operation' | 'poll' | 'dropdown' | 'subscription' | 'delivery';

export interface KommoAccount {
	url: string;
	requestsPerSecond: number;
	/** n8n processes (queue-mode workers, main) sharing requestsPerSecond. */
	processes: number;
	kind: WorkKind;
	deadline: Deadline;
}

const DEADLINE_MS: Record<WorkKind, () => number> = {
	operation: () => kommoLimits().operationDeadlineMs,
	poll: () => kommoLimits().pollDeadlineMs,
	dropdown: () => kommoLimits().dropdownDeadlineMs,
	// n8n waits for activation; a slow Kommo should fail it clearly rather than hang it.
	subscription: () => kommoLimits().dropdownDeadlineMs,
	// Kommo already has its 2xx: fetching the delivered leads is bounded like an operation.
	delivery: () => kommoLimits().operationDeadlineMs,
};

/**
 * The account behind the node's credential (validated URL, request pace) and the deadline of the
 * work about to be done with it.
 */
export async function kommoAccount(ctx: KommoContext, kind: WorkKind): Promise<KommoAccount> {
	const credentials = await ctx.getCredentials(kommoCredentialType(ctx));
	return {
		url: kommoBaseUrl(ctx.getNode(), credentials),
		requestsPerSecond: requestsPerSecond(credentials.maxRequestsPerSecond),
		processes: sharingProcesses(credentials.processesSharingLimit),
		kind,
		deadline: new Deadline(DEADLINE_MS[kind]()),
	};
}

export async function withKommoAccount<T>(
	ctx: KommoContext,
	kind: WorkKind,
	work: (account: KommoAccount) => Promise<T>,
): Promise<T> {
	return await work(await kommoAccount(ctx, kind));
}

type GuardedOptions = Pick<
	IHttpRequestOptions,
	'timeout' | 'disableFollowRedirect' | 'abortSignal'
>;

/**
 * Options every request carries: a timeout far below n8n's 300 s, no redirects (a 3xx would
 * carry the token to whatever host it names), and the deadline's abort signal.
 */
export function guardRequest<O extends GuardedOptions>(options: O, account: KommoAccount): O {
	options.timeout = kommoLimits().requestTimeoutMs;
	options.disableFollowRedirect = true;
	return bindDeadline(options, account.deadline);
}

/**
 * Sends one request to the account the way every part of the package does: paced under Kommo's
 * rate limit, retried where that is safe, within the deadline, any failure turned into the
 * user-facing error.
 */
export async function sendPaced<T>(
	ctx: KommoContext,
	account: KommoAccount,
	method: IHttpRequestMethods,
	attempt: () => Promise<T>,
	toNodeError: (error: unknown) => Error,
	itemIndex?: number,
): Promise<T> {
	const { deadline } = account;
	const toError = (error: unknown) =>
		deadline.expired || error instanceof PacingDeadlineError
			? deadlineError(ctx.getNode(), account.kind, deadline.ms, itemIndex)
			: toNodeError(error);
	const pace = { perSecond: account.requestsPerSecond, processes: account.processes };
	return await withRetry(
		async () => {
			const answered = await paceRequest(
				account.url,
				pace,
				(ms) => Date.now() + ms < deadline.endsAt,
			);
			try {
				return await attempt();
			} finally {
				answered();
			}
		},
		toError,
		method,
		deadline,
		// A 429 slows every execution of this process down, not only this request's retry.
		(error) => {
			if (pace.perSecond > 0) noteIfRateLimited(account.url, error, pace.processes);
		},
	);
}

/**
 * The one request path for code that is not declarative routing (trigger, dropdowns): account URL
 * from the credential, authentication and OAuth2 refresh by n8n, retries, Kommo's problem+json
 * turned into a NodeApiError. Returns the full response because 204 means "nothing", not an error.
 */
export async function kommoApiRequest(
	ctx: KommoContext,
	account: KommoAccount,
	request: KommoRequest,
): Promise<IN8nHttpFullResponse> {
	const credentialType = kommoCredentialType(ctx);
	return await sendPaced(
		ctx,
		account,
		request.method,
		async () => {
			// Fresh options per attempt: n8n writes into them (signal, signed headers).
			const options = guardRequest<IHttpRequestOptions>(
				{
					method: request.method,
					baseURL: account.url,
					url: withQuery(request.path, request.query),
					headers: { Accept: 'application/hal+json, application/json' },
					json: true,
					returnFullResponse: true,
					...(request.body ? { body: request.body } : {}),
				},
				account,
			);
			return (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				credentialType,
				options,
			)) as IN8nHttpFullResponse;
		},
		(error) => kommoApiError(ctx.getNode(), error),
	);
}
