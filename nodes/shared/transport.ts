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
import { kommoApiError } from './kommo-error';
import type { QueryValue } from './query';
import { withQuery } from './query';
import { withRateLimitRetry } from './rate-limit';
import { paceRequest, requestsPerSecond } from './request-pacing';

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
	return authentication === 'longLivedToken' ? CREDENTIAL_TYPE.longLivedToken : CREDENTIAL_TYPE.integration;
}

export interface KommoAccount {
	url: string;
	requestsPerSecond: number;
}

/** The account behind the node's credential: its validated URL and its request pace. */
export async function kommoAccount(ctx: KommoContext): Promise<KommoAccount> {
	const credentials = await ctx.getCredentials(kommoCredentialType(ctx));
	return {
		url: kommoBaseUrl(ctx.getNode(), credentials),
		requestsPerSecond: requestsPerSecond(credentials.maxRequestsPerSecond),
	};
}

/**
 * Sends one request to the account the way every part of the package does: paced under Kommo's
 * rate limit, 429 retried as Kommo asks, any other failure turned into the user-facing error.
 */
export async function sendPaced<T>(
	account: KommoAccount,
	attempt: () => Promise<T>,
	toNodeError: (error: unknown) => Error,
): Promise<T> {
	return await withRateLimitRetry(async () => {
		await paceRequest(account.url, account.requestsPerSecond);
		return await attempt();
	}, toNodeError);
}

/**
 * The one request path for code that is not declarative routing (trigger, dropdowns): account URL
 * from the credential, authentication and OAuth2 refresh by n8n, 429 back-off, Kommo's problem+json
 * turned into a NodeApiError. Returns the full response because 204 means "nothing", not an error.
 */
export async function kommoApiRequest(ctx: KommoContext, request: KommoRequest): Promise<IN8nHttpFullResponse> {
	const credentialType = kommoCredentialType(ctx);
	const account = await kommoAccount(ctx);
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL: account.url,
		url: withQuery(request.path, request.query),
		headers: { Accept: 'application/hal+json, application/json' },
		json: true,
		returnFullResponse: true,
		...(request.body ? { body: request.body } : {}),
	};
	return await sendPaced(
		account,
		async () =>
			(await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, options)) as IN8nHttpFullResponse,
		(error) => kommoApiError(ctx.getNode(), error),
	);
}
