import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

function embedded(response: IN8nHttpFullResponse, key: string): IDataObject[] {
	if (response.statusCode === 204) return [];
	const body = response.body as { _embedded?: Record<string, unknown> } | undefined;
	const list = body?._embedded?.[key];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

function firstId(entity: IDataObject, key: string): number | null {
	const list = (entity._embedded as Record<string, unknown> | undefined)?.[key];
	const first = Array.isArray(list) ? (list[0] as IDataObject | undefined) : undefined;
	return first?.id === undefined ? null : Number(first.id);
}

/** One item per incoming lead instead of the HAL envelope; 204 (empty list) is no items. */
export async function incomingLeadItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	return embedded(response, 'unsorted').map((json) => ({ json }));
}

/** What a workflow maps next: the new UID and the IDs of the lead, contact and company created. */
export async function createdIncomingLeadItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	return embedded(response, 'unsorted').map((created) => ({
		json: {
			uid: created.uid ?? null,
			request_id: created.request_id ?? null,
			account_id: created.account_id ?? null,
			lead_id: firstId(created, 'leads'),
			contact_id: firstId(created, 'contacts'),
			company_id: firstId(created, 'companies'),
		},
	}));
}
