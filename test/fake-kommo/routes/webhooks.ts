import { hal, isObject, noContent, type FakeResponse, type RequestContext } from '../http';
import { ProblemError, validationProblem, type ValidationError } from '../problem';
import { KNOWN_HOOK_CODES } from '../webhook-registry';
import { err } from './validate';

/** Managing hooks needs an administrator's token and a plan with API web hooks. */
function checkAllowed(ctx: RequestContext): void {
	const { webhooks } = ctx.state;
	if (!webhooks.planAllowsWebhooks) {
		throw new ProblemError(
			402,
			"API web hooks are not available on the account's plan (Advanced or Enterprise needed)",
		);
	}
	const token = /^Bearer\s+(\S+)/i.exec(ctx.headers.authorization ?? '')?.[1] ?? '';
	if (webhooks.nonAdminTokens.has(token))
		throw new ProblemError(403, 'Only account administrators can manage web hooks');
}

function destinationOf(ctx: RequestContext, errors: ValidationError[]): string {
	const body = isObject(ctx.body) ? ctx.body : {};
	const destination = body['destination'];
	if (typeof destination !== 'string' || !/^https?:\/\/\S+$/.test(destination)) {
		errors.push(err('InvalidType', 'destination', 'destination must be an http(s) URL'));
		return '';
	}
	return destination;
}

function render(
	ctx: RequestContext,
	hook: ReturnType<RequestContext['state']['webhooks']['list']>[number],
): Record<string, unknown> {
	return { ...hook, _links: { self: { href: ctx.state.href('/api/v4/webhooks') } } };
}

export function subscribeWebhook(ctx: RequestContext): FakeResponse {
	checkAllowed(ctx);
	const errors: ValidationError[] = [];
	const destination = destinationOf(ctx, errors);
	const settings = isObject(ctx.body) ? ctx.body['settings'] : undefined;
	if (!Array.isArray(settings) || settings.length === 0) {
		errors.push(
			err('InvalidType', 'settings', 'settings must be a non-empty array of event codes'),
		);
	} else {
		settings.forEach((code, i) => {
			if (!(KNOWN_HOOK_CODES as readonly unknown[]).includes(code)) {
				errors.push(
					err('NotSupportedChoice', `settings.${i}`, `Unknown event code ${JSON.stringify(code)}`),
				);
			}
		});
	}
	if (errors.length) throw validationProblem([{ request_id: '0', errors }]);
	const admin = ctx.state.users.find((u) => u.rights.is_admin)?.id ?? 0;
	const hook = ctx.state.webhooks.subscribe(
		destination,
		settings as string[],
		ctx.state.now(),
		ctx.state.accountId,
		admin,
	);
	return hal(render(ctx, hook), 201);
}

export function listWebhooks(ctx: RequestContext): FakeResponse {
	checkAllowed(ctx);
	const filter = ctx.query['filter[destination]'];
	const destination = Array.isArray(filter) ? filter[0] : filter;
	const hooks = ctx.state.webhooks.list(destination);
	if (!hooks.length) return noContent;
	return hal({
		_total_items: hooks.length,
		_links: { self: { href: ctx.state.href('/api/v4/webhooks') } },
		_embedded: { webhooks: hooks.map((h) => render(ctx, h)) },
	});
}

export function unsubscribeWebhook(ctx: RequestContext): FakeResponse {
	checkAllowed(ctx);
	const errors: ValidationError[] = [];
	const destination = destinationOf(ctx, errors);
	if (errors.length) throw validationProblem([{ request_id: '0', errors }]);
	if (!ctx.state.webhooks.unsubscribe(destination))
		throw new ProblemError(404, `No web hook with destination ${destination}`);
	return noContent;
}
