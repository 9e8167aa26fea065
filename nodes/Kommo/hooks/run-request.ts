import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { MAX_PAGE_SIZE } from '../../shared/constants';
import { kommoApiError } from '../../shared/kommo-error';
import { kommoLimits } from '../../shared/limits';
import { PageGuard } from '../../shared/paging';
import type { QueryValue } from '../../shared/query';
import { withQuery } from '../../shared/query';
import type { KommoAccount } from '../../shared/transport';
import { guardRequest, sendPaced, withKommoAccount } from '../../shared/transport';
import { integerInRange } from '../../shared/values';

type RequestData = DeclarativeRestApiSettings.ResultOptions;

/**
 * Every operation's request passes here (as the routing "pagination" function), so the account URL
 * is validated, requests are paced under Kommo's rate limit and bounded in time (no redirects), the
 * query is written in Kommo's bracket form, retries happen where safe and any HTTP failure becomes
 * the same NodeApiError the trigger raises. Answers are checked by each operation's postReceive.
 */
async function send(
	ctx: IExecutePaginationFunctions,
	account: KommoAccount,
	requestData: RequestData,
	overrides: { query?: Record<string, QueryValue>; body?: IDataObject | IDataObject[] } = {},
): Promise<INodeExecutionData[]> {
	const { options } = requestData;
	const query = { ...(options.qs as Record<string, QueryValue> | undefined), ...overrides.query };
	// Fresh options per attempt: n8n writes into them (signal, signed headers).
	const request = (): RequestData => ({
		...requestData,
		options: guardRequest(
			{
				...options,
				baseURL: account.url,
				url: withQuery(options.url ?? '', query),
				qs: {},
				body: overrides.body ?? options.body,
			},
			account,
		),
	});
	const itemIndex = ctx.getItemIndex();
	const uid = String(ctx.getNodeParameter('uid', '')).trim();
	const items = await sendPaced(
		ctx,
		account,
		options.method ?? 'GET',
		async () => await ctx.makeRoutingRequest(request()),
		(error) => kommoApiError(ctx.getNode(), error, { itemIndex, uid: uid || undefined }),
		itemIndex,
	);
	return items.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
}

export async function sendOnce(
	this: IExecutePaginationFunctions,
	requestData: RequestData,
): Promise<INodeExecutionData[]> {
	return await withKommoAccount(
		this,
		'operation',
		async (account) => await send(this, account, requestData),
	);
}

/** Get Many's Limit: checked by the operation's preSend (before any request) and used here. */
export function limitParameter(ctx: IExecuteSingleFunctions): number {
	const max = kommoLimits().maxPages * MAX_PAGE_SIZE;
	return integerInRange(
		ctx.getNode(),
		ctx.getNodeParameter('limit', 50),
		'Limit',
		1,
		max,
		ctx.getItemIndex(),
	);
}

/** Create's Batch Size: Kommo takes 1 to 250 incoming leads per add request. */
export function batchSizeParameter(ctx: IExecuteSingleFunctions): number {
	return integerInRange(
		ctx.getNode(),
		ctx.getNodeParameter('options.batchSize', 50),
		'Batch Size',
		1,
		MAX_PAGE_SIZE,
		ctx.getItemIndex(),
	);
}

/**
 * Follows pages of 250 (or the limit) until a short page, or until the limit is reached; a page
 * with nothing new, or more pages than the cap, is an error (PageGuard).
 */
export async function fetchPages(
	this: IExecutePaginationFunctions,
	requestData: RequestData,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const returnAll = this.getNodeParameter('returnAll', false) as boolean;
	const limit = returnAll ? Infinity : limitParameter(this);
	const pageSize = Math.min(MAX_PAGE_SIZE, limit);
	return await withKommoAccount(this, 'operation', async (account) => {
		const guard = new PageGuard(
			this.getNode(),
			`GET ${String(requestData.options.url)}`,
			itemIndex,
		);
		const results: INodeExecutionData[] = [];
		for (let page = 1; results.length < limit; page++) {
			const items = await send(this, account, requestData, { query: { page, limit: pageSize } });
			results.push(...items);
			const full = items.length >= pageSize;
			guard.check(
				items.map((item) => String(item.json.uid)),
				full && results.length < limit,
			);
			if (!full) break;
		}
		return results.slice(0, limit);
	});
}

/** Add requests take at most 250 incoming leads: one n8n item may need several requests. */
export async function sendInChunks(
	this: IExecutePaginationFunctions,
	requestData: RequestData,
): Promise<INodeExecutionData[]> {
	const all = requestData.options.body as IDataObject[];
	const size = batchSizeParameter(this);
	return await withKommoAccount(
		this,
		'operation',
		async (account) => await sendBatches(this, account, requestData, all, size),
	);
}

async function sendBatches(
	ctx: IExecutePaginationFunctions,
	account: KommoAccount,
	requestData: RequestData,
	all: IDataObject[],
	size: number,
): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[] = [];
	for (let start = 0; start < all.length; start += size) {
		const outcome = await send(ctx, account, requestData, {
			body: all.slice(start, start + size),
		}).then(
			(items) => ({ items }),
			(error: NodeApiError | NodeOperationError) => ({ error }),
		);
		if ('error' in outcome) {
			// Earlier batches are already in Kommo: say so, or a retry of the item would duplicate them.
			const { error } = outcome;
			if (results.length) {
				const created = results.map((item) => String(item.json.uid)).join(', ');
				const note = `${results.length} incoming lead(s) of earlier requests were created before this failure: ${created}.`;
				error.description = [note, error.description].filter(Boolean).join(' ');
			}
			throw error;
		}
		results.push(...outcome.items);
	}
	return results;
}
