import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { MAX_PAGE_SIZE } from '../../shared/constants';
import { kommoApiError } from '../../shared/kommo-error';
import type { QueryValue } from '../../shared/query';
import { withQuery } from '../../shared/query';
import type { KommoAccount } from '../../shared/transport';
import { kommoAccount, sendPaced } from '../../shared/transport';

type RequestData = DeclarativeRestApiSettings.ResultOptions;

/**
 * Every operation's request passes here (as the routing "pagination" function), so the account URL
 * is validated, requests are paced under Kommo's rate limit, the query is written in Kommo's bracket
 * form, 429 is retried and any HTTP failure becomes the same NodeApiError the trigger raises.
 */
async function send(
	ctx: IExecutePaginationFunctions,
	account: KommoAccount,
	requestData: RequestData,
	overrides: { query?: Record<string, QueryValue>; body?: IDataObject | IDataObject[] } = {},
): Promise<INodeExecutionData[]> {
	const { options } = requestData;
	const query = { ...(options.qs as Record<string, QueryValue> | undefined), ...overrides.query };
	const request: RequestData = {
		...requestData,
		options: {
			...options,
			baseURL: account.url,
			url: withQuery(options.url ?? '', query),
			qs: {},
			body: overrides.body ?? options.body,
		},
	};
	const itemIndex = ctx.getItemIndex();
	const uid = String(ctx.getNodeParameter('uid', '')).trim();
	const items = await sendPaced(
		account,
		async () => await ctx.makeRoutingRequest(request),
		(error) => kommoApiError(ctx.getNode(), error, { itemIndex, uid: uid || undefined }),
	);
	return items.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
}

export async function sendOnce(
	this: IExecutePaginationFunctions,
	requestData: RequestData,
): Promise<INodeExecutionData[]> {
	return await send(this, await kommoAccount(this), requestData);
}

/** Follows pages of 250 (or the limit) until a short page, or until the limit is reached. */
export async function fetchPages(
	this: IExecutePaginationFunctions,
	requestData: RequestData,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', 50) as number);
	const pageSize = Math.min(MAX_PAGE_SIZE, limit);
	const account = await kommoAccount(this);
	const results: INodeExecutionData[] = [];
	for (let page = 1; results.length < limit; page++) {
		const items = await send(this, account, requestData, { query: { page, limit: pageSize } });
		results.push(...items);
		if (items.length < pageSize) break;
	}
	return results.slice(0, limit);
}

/** Add requests take at most 250 incoming leads: one n8n item may need several requests. */
export async function sendInChunks(
	this: IExecutePaginationFunctions,
	requestData: RequestData,
): Promise<INodeExecutionData[]> {
	const all = requestData.options.body as IDataObject[];
	const size = Math.min(MAX_PAGE_SIZE, (this.getNodeParameter('options.batchSize', 50) as number) || 50);
	const account = await kommoAccount(this);
	const results: INodeExecutionData[] = [];
	for (let start = 0; start < all.length; start += size) {
		const outcome = await send(this, account, requestData, { body: all.slice(start, start + size) }).then(
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
