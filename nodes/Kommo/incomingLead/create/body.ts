import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import { positiveInteger, unixSeconds } from '../../../shared/values';
import { batchSizeParameter } from '../../hooks/run-request';
import type { MetadataField } from './category-fields';
import { METADATA_BY_CATEGORY } from './category-fields';

type Category = keyof typeof METADATA_BY_CATEGORY;

const JSON_PARAMETER = 'Incoming Leads (JSON)';

// The API page: "All fields except created_at, pipeline_id are mandatory" (request_id is optional).
const MANDATORY_KEYS: Array<[key: string, kind: 'text' | 'object']> = [
	['source_uid', 'text'],
	['source_name', 'text'],
	['metadata', 'object'],
	['_embedded', 'object'],
];

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function requireText(node: INode, value: unknown, parameter: string, itemIndex: number): string {
	const text = String(value ?? '').trim();
	if (!text) throw new NodeOperationError(node, `"${parameter}" is required`, { itemIndex });
	return text;
}

function metadataValue(
	node: INode,
	field: MetadataField,
	raw: unknown,
	itemIndex: number,
): unknown {
	const parameter = field.property.displayName;
	if (field.date) {
		return raw === '' || raw === undefined
			? Math.floor(Date.now() / 1000)
			: unixSeconds(node, raw, parameter, itemIndex);
	}
	if (field.property.type === 'number') {
		const value = Number(raw);
		if (!Number.isFinite(value))
			throw new NodeOperationError(node, `"${parameter}" must be a number`, { itemIndex });
		return value;
	}
	if (field.property.type === 'boolean') return Boolean(raw);
	return field.property.required
		? requireText(node, raw, parameter, itemIndex)
		: String(raw ?? '').trim();
}

function contactFromFields(ctx: IExecuteSingleFunctions, itemIndex: number): IDataObject {
	const node = ctx.getNode();
	const details = ctx.getNodeParameter('contactFields', {}) as { phone?: string; email?: string };
	const customFields = (
		[
			['PHONE', details.phone],
			['EMAIL', details.email],
		] as const
	)
		.filter(([, value]) => value && String(value).trim())
		.map(([code, value]) => ({
			field_code: code,
			values: [{ value: String(value).trim(), enum_code: 'WORK' }],
		}));
	return {
		name: requireText(node, ctx.getNodeParameter('contactName', ''), 'Contact Name', itemIndex),
		...(customFields.length ? { custom_fields_values: customFields } : {}),
	};
}

function leadFromFields(ctx: IExecuteSingleFunctions): IDataObject | undefined {
	const lead = ctx.getNodeParameter('leadFields', {}) as {
		name?: string;
		price?: number;
		tags?: string;
		customFields?: { field?: Array<{ fieldId: number; value: string }> };
	};
	const tags = String(lead.tags ?? '')
		.split(',')
		.map((tag) => tag.trim())
		.filter(Boolean)
		.map((name) => ({ name }));
	const customFields = (lead.customFields?.field ?? [])
		.filter((field) => field.fieldId)
		.map((field) => ({ field_id: Number(field.fieldId), values: [{ value: field.value }] }));
	const result: IDataObject = {
		...(lead.name ? { name: lead.name } : {}),
		...(lead.price !== undefined ? { price: Number(lead.price) } : {}),
		...(customFields.length ? { custom_fields_values: customFields } : {}),
		...(tags.length ? { _embedded: { tags } } : {}),
	};
	return Object.keys(result).length ? result : undefined;
}

function incomingLeadFromFields(ctx: IExecuteSingleFunctions, category: Category): IDataObject {
	const node = ctx.getNode();
	const itemIndex = ctx.getItemIndex();
	const { required, optional } = METADATA_BY_CATEGORY[category];
	const optionalValues = ctx.getNodeParameter('metadataFields', {}) as IDataObject;
	const metadata: IDataObject = {};
	for (const field of required) {
		metadata[field.key] = metadataValue(
			node,
			field,
			ctx.getNodeParameter(field.property.name, ''),
			itemIndex,
		) as IDataObject[string];
	}
	for (const field of optional) {
		const raw = optionalValues[field.property.name];
		if (raw === undefined && !field.defaultsToNow) continue;
		metadata[field.key] = metadataValue(node, field, raw, itemIndex) as IDataObject[string];
	}
	const additional = ctx.getNodeParameter('additionalFields', {}) as {
		companyName?: string;
		createdAt?: string;
		pipelineId?: string | number;
		requestId?: string;
	};
	const lead = leadFromFields(ctx);
	return {
		request_id: additional.requestId || String(itemIndex),
		source_name: requireText(
			node,
			ctx.getNodeParameter('sourceName', ''),
			'Source Name',
			itemIndex,
		),
		source_uid: requireText(node, ctx.getNodeParameter('sourceUid', ''), 'Source UID', itemIndex),
		...(additional.pipelineId
			? { pipeline_id: positiveInteger(node, additional.pipelineId, 'Pipeline', itemIndex) }
			: {}),
		...(additional.createdAt
			? { created_at: unixSeconds(node, additional.createdAt, 'Created At', itemIndex) }
			: {}),
		metadata,
		_embedded: {
			contacts: [contactFromFields(ctx, itemIndex)],
			...(lead ? { leads: [lead] } : {}),
			...(additional.companyName ? { companies: [{ name: additional.companyName }] } : {}),
		},
	};
}

/** JSON mode: one object or an array, each checked for the page's mandatory fields. */
export function incomingLeadsFromJson(node: INode, raw: unknown, itemIndex: number): IDataObject[] {
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = jsonParse(raw);
		} catch (error) {
			throw new NodeOperationError(
				node,
				`"${JSON_PARAMETER}" is not valid JSON: ${(error as Error).message}`,
				{
					itemIndex,
				},
			);
		}
	}
	const list = Array.isArray(parsed) ? parsed : [parsed];
	if (!list.length)
		throw new NodeOperationError(node, `"${JSON_PARAMETER}" is an empty array`, { itemIndex });
	return list.map((entry, index) => {
		const where = list.length > 1 ? ` (entry ${index})` : '';
		if (!isObject(entry)) {
			throw new NodeOperationError(node, `"${JSON_PARAMETER}"${where} must be an object`, {
				itemIndex,
			});
		}
		for (const [key, kind] of MANDATORY_KEYS) {
			const value = entry[key];
			const ok =
				kind === 'text' ? typeof value === 'string' && value.trim() !== '' : isObject(value);
			if (!ok) {
				throw new NodeOperationError(
					node,
					`"${JSON_PARAMETER}"${where}: "${key}" is ${value === undefined ? 'missing' : 'invalid'}`,
					{
						description:
							'Every incoming lead needs source_uid, source_name, metadata and _embedded (e.g. a contact).',
						itemIndex,
					},
				);
			}
		}
		const requestId =
			entry.request_id ?? (list.length > 1 ? `${itemIndex}.${index}` : String(itemIndex));
		return { ...entry, request_id: String(requestId) };
	});
}

/** preSend of createSip/createForm: the top-level JSON array Kommo's add endpoints take. */
export const buildCreateBody = (category: Category) =>
	async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		batchSizeParameter(this);
		const mode = this.getNodeParameter('inputMode', 'fields') as string;
		requestOptions.body =
			mode === 'json'
				? incomingLeadsFromJson(
						this.getNode(),
						this.getNodeParameter('incomingLeadsJson', ''),
						this.getItemIndex(),
					)
				: [incomingLeadFromFields(this, category)];
		return requestOptions;
	};
