import type { FakeResponse, RequestContext, Route } from './http';
import { ProblemError } from './problem';
import { ROUTES } from './routes';

function bearerToken(header: string | undefined): string | undefined {
	const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
	return m?.[1];
}

function checkAuth(ctx: RequestContext): void {
	const token = bearerToken(ctx.headers.authorization);
	if (token === undefined) {
		throw new ProblemError(401, 'Authorization header with a Bearer access token is required');
	}
	if (!ctx.state.isTokenValid(token)) {
		throw new ProblemError(401, 'The access token is invalid or has expired');
	}
}

/**
 * Authentication comes before 404/405 for API paths because Kommo does not reveal
 * anything about its routes to anonymous callers.
 */
export function dispatch(ctx: RequestContext, routes: Route[] = ROUTES): FakeResponse {
	let match: { route: Route; params: string[] } | undefined;
	for (const route of routes) {
		const m = route.pattern.exec(ctx.path);
		if (m) {
			match = { route, params: m.slice(1) };
			break;
		}
	}
	if (match ? match.route.auth : ctx.path.startsWith('/api/')) checkAuth(ctx);
	if (!match) throw new ProblemError(404, `No route for ${ctx.method} ${ctx.path}`);
	const handler = match.route.methods[ctx.method];
	if (!handler) {
		const allowed = Object.keys(match.route.methods).join(', ');
		throw new ProblemError(
			405,
			`Method ${ctx.method} is not allowed on ${ctx.path}; allowed: ${allowed}`,
			{},
			{ Allow: allowed },
		);
	}
	return handler(ctx, match.params);
}
