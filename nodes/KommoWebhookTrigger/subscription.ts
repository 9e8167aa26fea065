import type { IDataObject, IHookFunctions, IN8nHttpFullResponse, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { checkedList } from '../shared/answer-shape';
import { type KommoAccount, kommoApiRequest, withKommoAccount } from '../shared/transport';
import { createSecret, withSecret } from './delivery-guard';
import type { IncomingLeadEvent } from './events';
import { hookCodesFor } from './events';
import { readHookState, writeHookState } from './hook-state';

const WEBHOOKS_PATH = '/api/v4/webhooks';

function chosenCodes(ctx: IHookFunctions): string[] {
	const events = ctx.getNodeParameter('events', []) as IncomingLeadEvent[];
	if (!events.length) {
		throw new NodeOperationError(ctx.getNode(), 'Choose at least one event in "Events"', {
			description: 'The trigger subscribes Kommo only to the events chosen there.',
		});
	}
	return hookCodesFor(events);
}

function unexpected(ctx: IHookFunctions, what: string): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`Kommo answered ${what} with something that is not a web hook`,
		{
			description: "Check that the credential points at a Kommo account's API address.",
		},
	);
}

/** The subscription Kommo holds for this destination, if any (204 = none). */
async function findHook(
	ctx: IHookFunctions,
	account: KommoAccount,
	destination: string,
): Promise<IDataObject | undefined> {
	const response = await kommoApiRequest(ctx, account, {
		method: 'GET',
		path: WEBHOOKS_PATH,
		query: { 'filter[destination]': destination },
	});
	return checkedList(ctx.getNode(), `GET ${WEBHOOKS_PATH}`, 'webhooks', response).find(
		(hook) => hook.destination === destination,
	);
}

/** The credential's account ID, checked against every delivery's `account[id]`. */
async function readAccountId(ctx: IHookFunctions, account: KommoAccount): Promise<number> {
	const response = await kommoApiRequest(ctx, account, { method: 'GET', path: '/api/v4/account' });
	const id = Number((response.body as IDataObject | undefined)?.id);
	if (!Number.isSafeInteger(id) || id <= 0) throw unexpected(ctx, 'GET /api/v4/account');
	return id;
}

/** Subscribing is where plan and rights show up: say so, and point at manual registration. */
function refused(ctx: IHookFunctions, error: unknown): Error {
	const httpCode = (error as NodeApiError).httpCode;
	if (!(error instanceof NodeApiError) || (httpCode !== '402' && httpCode !== '403'))
		return error as Error;
	return new NodeApiError(
		ctx.getNode(),
		{ status: Number(httpCode), detail: error.message } as JsonObject,
		{
			message: `Kommo refused to subscribe the web hook (${httpCode}): ${error.message}`,
			description:
				'Subscribing needs a token of a Kommo administrator and a plan with API web hooks (Advanced or Enterprise). Use an administrator\'s credential, or set "Register" to "Manually" and paste the URL into Kommo → Settings → Integrations → Web hooks.',
			httpCode,
		},
	);
}

export async function subscriptionExists(ctx: IHookFunctions): Promise<boolean> {
	if (ctx.getNodeParameter('register', 'automatically') === 'manually') return false;
	const state = readHookState(ctx.getWorkflowStaticData('node'));
	const mine = state.subscriptions[ctx.getNodeWebhookUrl('default') ?? ''];
	if (!mine || state.accountId === undefined) return false;
	const hook = await withKommoAccount(
		ctx,
		'subscription',
		async (account) => await findHook(ctx, account, mine.destination),
	);
	const settings = Array.isArray(hook?.settings) ? [...(hook.settings as string[])].sort() : [];
	// A disabled hook or changed events: create() posts the same destination again, which Kommo
	// treats as an update, so there is never a second subscription.
	return Boolean(hook) && hook?.disabled !== true && settings.join() === chosenCodes(ctx).join();
}

export async function subscribe(ctx: IHookFunctions): Promise<boolean> {
	return await withKommoAccount(
		ctx,
		'subscription',
		async (account) => await subscribeWith(ctx, account),
	);
}

async function subscribeWith(ctx: IHookFunctions, account: KommoAccount): Promise<boolean> {
	const data = ctx.getWorkflowStaticData('node');
	const state = readHookState(data);
	state.accountId = await readAccountId(ctx, account);
	if (ctx.getNodeParameter('register', 'automatically') === 'manually') {
		writeHookState(data, state);
		return true;
	}
	const webhookUrl = ctx.getNodeWebhookUrl('default') ?? '';
	const codes = chosenCodes(ctx);
	// Reusing the secret keeps the destination stable, so a retry replaces instead of adding a hook.
	const secret = state.subscriptions[webhookUrl]?.secret ?? createSecret();
	const destination = withSecret(webhookUrl, secret);
	let response: IN8nHttpFullResponse;
	try {
		response = await kommoApiRequest(ctx, account, {
			method: 'POST',
			path: WEBHOOKS_PATH,
			body: { destination, settings: codes },
		});
	} catch (error) {
		throw refused(ctx, error);
	}
	const id = Number((response.body as IDataObject | undefined)?.id);
	if (!Number.isSafeInteger(id)) throw unexpected(ctx, `POST ${WEBHOOKS_PATH}`);
	state.subscriptions[webhookUrl] = { secret, destination, id };
	writeHookState(data, state);
	return true;
}

export async function unsubscribe(ctx: IHookFunctions): Promise<boolean> {
	const data = ctx.getWorkflowStaticData('node');
	const state = readHookState(data);
	const webhookUrl = ctx.getNodeWebhookUrl('default') ?? '';
	const mine = state.subscriptions[webhookUrl];
	if (mine && ctx.getNodeParameter('register', 'automatically') !== 'manually') {
		await withKommoAccount(
			ctx,
			'subscription',
			async (account) =>
				await kommoApiRequest(ctx, account, {
					method: 'DELETE',
					path: WEBHOOKS_PATH,
					body: { destination: mine.destination },
				}),
		).catch((error: unknown) => {
			// Already gone in Kommo (removed by hand): nothing left to undo.
			if (!(error instanceof NodeApiError && error.httpCode === '404')) throw error;
		});
	}
	delete state.subscriptions[webhookUrl];
	writeHookState(data, state);
	return true;
}
