import { isObject, type FakeResponse, type RequestContext } from '../http';
import { ProblemError } from '../problem';
import { singleParam } from '../query';

/** Kommo tags OAuth failures with their own problem type; `hint` carries the specific reason. */
function oauthProblem(detail: string, hint: string): ProblemError {
	return new ProblemError(400, detail, {
		type: 'https://developers.kommo.com/v3/errors/OAuthProblemJson',
		hint,
	});
}

/**
 * `GET /oauth` — Kommo's consent page. The sandbox has nobody to click "Allow", so it
 * approves at once and redirects like Kommo does after consent.
 */
export function authorize(ctx: RequestContext): FakeResponse {
	const { state, query } = ctx;
	const clientId = singleParam(query, 'client_id');
	if (!clientId)
		throw oauthProblem('The request is missing a required parameter', 'client_id is required');
	const client = state.oauthClients.find((c) => c.client_id === clientId);
	if (!client)
		throw oauthProblem('Client authentication failed', `Unknown client_id "${clientId}"`);
	const redirectUri = singleParam(query, 'redirect_uri') || client.redirect_uri;
	if (!redirectUri)
		throw oauthProblem(
			'The request is missing a required parameter',
			'redirect_uri is required for this client',
		);
	let target: URL;
	try {
		target = new URL(redirectUri);
	} catch {
		throw oauthProblem(
			'The request is invalid',
			`redirect_uri "${redirectUri}" is not an absolute URL`,
		);
	}
	target.searchParams.set('code', state.issueAuthCode(client.client_id, redirectUri));
	const stateParam = singleParam(query, 'state');
	if (stateParam !== undefined) target.searchParams.set('state', stateParam);
	// Kommo tells the integration which account domain to call; here that is the fake itself.
	target.searchParams.set('referer', new URL(ctx.baseUrl).host);
	return { status: 302, headers: { Location: target.toString() } };
}

function tokenParams(ctx: RequestContext): Record<string, string> {
	const params: Record<string, string> = {};
	if (isObject(ctx.body)) {
		for (const [k, v] of Object.entries(ctx.body)) {
			if (typeof v === 'string' || typeof v === 'number') params[k] = String(v);
		}
	} else if (ctx.rawBody !== '') {
		for (const [k, v] of new URLSearchParams(ctx.rawBody)) params[k] = v;
	}
	return params;
}

/** RFC 6749 §2.3.1: clients may authenticate with Basic; the parts are form-urlencoded. */
function basicCredentials(header: string | undefined): { id?: string; secret?: string } {
	const m = header ? /^Basic\s+(.+)$/i.exec(header) : null;
	if (!m?.[1]) return {};
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon === -1) return {};
	const unescape = (s: string): string => {
		try {
			return decodeURIComponent(s.replace(/\+/g, ' '));
		} catch {
			return s;
		}
	};
	return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
}

/** `POST /oauth2/access_token` for both grant types Kommo supports. */
export function accessToken(ctx: RequestContext): FakeResponse {
	const { state } = ctx;
	const params = tokenParams(ctx);
	const basic = basicCredentials(ctx.headers.authorization);
	const clientId = params['client_id'] ?? basic.id;
	const clientSecret = params['client_secret'] ?? basic.secret;
	const grantType = params['grant_type'];

	if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
		throw oauthProblem(
			'The authorization grant type is not supported by the authorization server',
			`grant_type must be authorization_code or refresh_token, got ${grantType === undefined ? 'nothing' : `"${grantType}"`}`,
		);
	}
	if (!clientId || !clientSecret) {
		throw oauthProblem(
			'The request is missing a required parameter',
			'client_id and client_secret are required (body or HTTP Basic)',
		);
	}
	const client = state.oauthClients.find((c) => c.client_id === clientId);
	if (!client || client.client_secret !== clientSecret) {
		throw oauthProblem('Client authentication failed', 'Unknown client_id or wrong client_secret');
	}

	if (grantType === 'authorization_code') {
		const code = params['code'];
		const redirectUri = params['redirect_uri'];
		if (!code)
			throw oauthProblem('The request is missing a required parameter', 'code is required');
		if (!redirectUri)
			throw oauthProblem('The request is missing a required parameter', 'redirect_uri is required');
		const problem = state.consumeAuthCode(code, client.client_id, redirectUri);
		if (problem)
			throw oauthProblem(
				'The provided authorization grant is invalid, expired or revoked',
				problem,
			);
	} else {
		const refreshToken = params['refresh_token'];
		if (!refreshToken)
			throw oauthProblem(
				'The request is missing a required parameter',
				'refresh_token is required',
			);
		const grant = state.refreshTokens.get(refreshToken);
		if (!grant)
			throw oauthProblem(
				'The refresh token is invalid',
				'Token has been revoked or was already used',
			);
		if (grant.client_id !== client.client_id) {
			throw oauthProblem('The refresh token is invalid', 'Token was not issued to this client');
		}
		// Kommo refresh tokens are single-use: the old one dies as soon as it is exchanged.
		state.refreshTokens.delete(refreshToken);
	}

	const tokens = state.issueTokens(client.client_id);
	return {
		status: 200,
		headers: { 'Content-Type': 'application/json' },
		body: {
			token_type: 'Bearer',
			expires_in: tokens.expires_in,
			access_token: tokens.access_token,
			refresh_token: tokens.refresh_token,
		},
	};
}
