import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { checkedObject } from '../shared/answer-shape';
import { type KommoAccount, kommoAccount, kommoApiRequest } from '../shared/transport';
import { readTriggerFilters } from '../shared/trigger-filters';
import { checkAccount, checkSecret, SECRET_PARAMETER } from './delivery-guard';
import { keepFirstDeliveries } from './dedup';
import type { EventEntry, IncomingLeadEvent } from './events';
import { eventEntries } from './events';
import { eventItem, matchesFilters } from './entry-items';
import { nestFlatBody, parseFormBody } from './form-body';
import { readHookState, writeHookState } from './hook-state';

// Kommo uids are hex; anything else is not put into a request path.
const UID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Per-process memory of emitted events, in front of the static data: two copies of one delivery
 * arriving at the same moment both read the static data before either saves it.
 */
const recentlySeen = new Map<string, string[]>();
const MAX_REMEMBERED_NODES = 200;

function remember(key: string, seen: string[]): void {
	recentlySeen.delete(key);
	recentlySeen.set(key, seen);
	if (recentlySeen.size > MAX_REMEMBERED_NODES)
		recentlySeen.delete(recentlySeen.keys().next().value as string);
}

function answer(ctx: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ message });
	return { noWebhookResponse: true };
}

function registeredSecrets(
	ctx: IWebhookFunctions,
	subscriptions: Record<string, { secret: string }>,
): string[] {
	if (ctx.getNodeParameter('register', 'automatically') === 'manually') {
		return [String(ctx.getNodeParameter('manualSecret', ''))];
	}
	return Object.values(subscriptions).map((s) => s.secret);
}

type Verified = { lead?: IDataObject; error?: string };

/**
 * The incoming lead as Kommo has it now: `lead` undefined when it is not (or no longer) waiting.
 * Any other failure is returned, not thrown: Kommo already has its 2xx, so a throw would lose it.
 */
async function fetchLead(
	ctx: IWebhookFunctions,
	account: KommoAccount,
	uid: string,
): Promise<Verified> {
	const path = `/api/v4/leads/unsorted/${encodeURIComponent(uid)}`;
	try {
		const response = await kommoApiRequest(ctx, account, { method: 'GET', path });
		if (response.statusCode === 204) return {};
		const lead = checkedObject(ctx.getNode(), `GET ${path}`, 'incomingLead', response);
		if (lead.uid !== uid)
			return {
				error: `Kommo answered GET ${path} with another incoming lead (${String(lead.uid)})`,
			};
		return { lead };
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return {};
		return { error: (error as Error).message };
	}
}

/**
 * One Kommo call: refuse strangers before reading the body, answer Kommo right away, then build
 * one item per new, wanted event (verifying added leads with Kommo when asked to).
 */
export async function handleDelivery(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = ctx.getRequestObject();
	const data = ctx.getWorkflowStaticData('node');
	const state = readHookState(data);
	const secret = checkSecret(
		registeredSecrets(ctx, state.subscriptions),
		request.query[SECRET_PARAMETER],
	);
	if (!secret.ok) return answer(ctx, secret.status, 'Unknown caller');

	const rawBody = (request as { rawBody?: Buffer }).rawBody;
	const parsed = Buffer.isBuffer(rawBody)
		? parseFormBody(rawBody)
		: { body: nestFlatBody(ctx.getBodyData()) };
	if ('problem' in parsed) return answer(ctx, 400, parsed.problem);
	const account = checkAccount(state.accountId, parsed.body);
	if (!account.ok) return answer(ctx, account.status, 'Not this account');

	const events = ctx.getNodeParameter('events', []) as IncomingLeadEvent[];
	const filters = readTriggerFilters(ctx);
	const output = ctx.getNodeParameter('output', 'simplified') as 'simplified' | 'raw';
	const verify = ctx.getNodeParameter('options.verifyAddedLeads', true) as boolean;
	// Read before answering: if the credential cannot be read, n8n answers 500 and Kommo retries.
	// One deadline for every lead this delivery verifies.
	const kommo = await kommoAccount(ctx, 'delivery');
	const accountUrl = kommo.url;
	const wanted = eventEntries(parsed.body).filter(
		({ event, entry }) =>
			events.includes(event) &&
			typeof entry.uid === 'string' &&
			UID.test(entry.uid) &&
			matchesFilters(filters, entry, true),
	);
	// The editor's test URL gets its own copy of each event: it must not use up production's.
	const isTest = ctx.getMode() === 'manual';
	const memoryKey = `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}:${isTest ? 'test' : 'production'}`;
	const seenBefore = [
		...new Set([...(isTest ? [] : state.seen), ...(recentlySeen.get(memoryKey) ?? [])]),
	];
	const { fresh, seen } = keepFirstDeliveries(seenBefore, wanted);
	remember(memoryKey, seen);
	if (!isTest) {
		state.seen = seen;
		writeHookState(data, state);
	}
	// Kommo waits about 2 s for an answer and repeats the call after that: answer before any fetch.
	ctx.getResponseObject().status(200).json({ received: wanted.length });
	if (!fresh.length) return { noWebhookResponse: true };

	const items: IDataObject[] = [];
	for (const one of fresh as EventEntry[]) {
		let verified: Verified = {};
		if (verify && one.event === 'added') {
			verified = await fetchLead(ctx, kommo, one.entry.uid as string);
			// Not waiting in Kommo: forged, or already sorted (its own event follows).
			if (!verified.lead && !verified.error) continue;
		}
		if (!matchesFilters(filters, verified.lead ?? one.entry)) continue;
		const item = eventItem(one, output, accountUrl, verified.lead);
		// Kommo could not be asked: the event is real as far as the secret and account tell, so it
		// is emitted, marked, rather than lost.
		if (verified.error)
			Object.assign(item, { verified: false, verification_error: verified.error });
		items.push(item);
	}
	if (!items.length) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [ctx.helpers.returnJsonArray(items)] };
}
