import { hal, isObject, type FakeResponse, type RequestContext } from '../http';
import {
	ProblemError,
	validationProblem,
	type ValidationError,
	type ValidationErrorGroup,
} from '../problem';
import { jsonEqual } from '../json';
import { MAX_LIMIT } from '../query';
import type { FakeKommoState } from '../state';
import type { EntityInput, JsonObject, LeadInput } from '../types';
import { err, isInt } from './validate';

type AddCategory = 'sip' | 'forms';

/** Metadata keys the spec marks mandatory per category ("all fields … are mandatory"). */
const REQUIRED_METADATA: Record<AddCategory, string[]> = {
	sip: ['phone', 'called_at', 'duration', 'service_code'],
	forms: ['form_id', 'form_name', 'form_page', 'form_sent_at'],
};

/** Metadata values that are timestamps/counters: an int, or digits as Kommo itself echoes them. */
const NUMERIC_METADATA: Record<AddCategory, string[]> = {
	sip: ['called_at', 'duration'],
	forms: ['form_sent_at'],
};

/** Write-only flags Kommo acts on but does not store, so they take no part in duplicate detection. */
const WRITE_ONLY_METADATA = ['is_call_event_needed'];

function isNumeric(v: unknown): boolean {
	return isInt(v) || (typeof v === 'string' && /^\d+$/.test(v));
}

function checkString(item: JsonObject, key: string, errors: ValidationError[]): void {
	const v = item[key];
	if (v === undefined || v === null) errors.push(err('FieldMissing', key, `${key} is required`));
	else if (typeof v !== 'string') errors.push(err('InvalidType', key, `${key} must be a string`));
	else if (v.trim() === '') errors.push(err('FieldIsEmpty', key, `${key} must not be empty`));
}

function checkMetadata(category: AddCategory, item: JsonObject, errors: ValidationError[]): void {
	const metadata = item['metadata'];
	if (metadata === undefined || metadata === null) {
		errors.push(
			err(
				'FieldMissing',
				'metadata',
				`metadata is required (${REQUIRED_METADATA[category].join(', ')})`,
			),
		);
		return;
	}
	if (!isObject(metadata)) {
		errors.push(err('InvalidType', 'metadata', 'metadata must be an object'));
		return;
	}
	for (const key of REQUIRED_METADATA[category]) {
		const v = metadata[key];
		if (v === undefined || v === null)
			errors.push(
				err('FieldMissing', `metadata.${key}`, `metadata.${key} is required for ${category}`),
			);
	}
	for (const key of NUMERIC_METADATA[category]) {
		const v = metadata[key];
		if (v !== undefined && v !== null && !isNumeric(v)) {
			errors.push(
				err(
					'InvalidType',
					`metadata.${key}`,
					`metadata.${key} must be an integer (Unix timestamp / seconds)`,
				),
			);
		}
	}
}

function checkEntity(
	kind: 'contacts' | 'leads' | 'companies',
	entity: unknown,
	path: string,
	errors: ValidationError[],
): void {
	if (!isObject(entity)) {
		errors.push(err('InvalidType', path, `${path} must be an object`));
		return;
	}
	if (entity['name'] !== undefined && typeof entity['name'] !== 'string') {
		errors.push(err('InvalidType', `${path}.name`, `${path}.name must be a string`));
	}
	const cfv = entity['custom_fields_values'];
	if (cfv !== undefined && cfv !== null && !Array.isArray(cfv)) {
		errors.push(
			err(
				'InvalidType',
				`${path}.custom_fields_values`,
				`${path}.custom_fields_values must be an array`,
			),
		);
	}
	if (kind !== 'leads') return;
	const price = entity['price'];
	if (price !== undefined && (!isInt(price) || price < 0)) {
		errors.push(
			err('InvalidType', `${path}.price`, `${path}.price must be a non-negative integer`),
		);
	}
	const embedded = entity['_embedded'];
	if (embedded !== undefined) {
		if (!isObject(embedded))
			errors.push(err('InvalidType', `${path}._embedded`, `${path}._embedded must be an object`));
		else if (embedded['tags'] !== undefined && !Array.isArray(embedded['tags'])) {
			errors.push(
				err('InvalidType', `${path}._embedded.tags`, `${path}._embedded.tags must be an array`),
			);
		}
	}
}

function checkEmbedded(item: JsonObject, errors: ValidationError[]): void {
	const embedded = item['_embedded'];
	if (embedded === undefined || embedded === null) {
		errors.push(
			err('FieldMissing', '_embedded', '_embedded is required and must hold a contact or a lead'),
		);
		return;
	}
	if (!isObject(embedded)) {
		errors.push(err('InvalidType', '_embedded', '_embedded must be an object'));
		return;
	}
	let hasContactOrLead = false;
	for (const kind of ['contacts', 'leads', 'companies'] as const) {
		const list = embedded[kind];
		if (list === undefined) continue;
		const path = `_embedded.${kind}`;
		if (!Array.isArray(list)) {
			errors.push(err('InvalidType', path, `${path} must be an array`));
			continue;
		}
		// The spec: "Always consists of one object".
		if (list.length > 1)
			errors.push(
				err('TooManyItems', path, `${path} takes exactly one object, got ${list.length}`),
			);
		list.forEach((entity, i) => checkEntity(kind, entity, `${path}.${i}`, errors));
		if (kind !== 'companies' && list.length > 0) hasContactOrLead = true;
	}
	if (!hasContactOrLead)
		errors.push(
			err('FieldMissing', '_embedded', '_embedded must contain at least one contact or lead'),
		);
}

function checkOptionalFields(
	state: FakeKommoState,
	item: JsonObject,
	errors: ValidationError[],
): void {
	const pipelineId = item['pipeline_id'];
	if (pipelineId !== undefined) {
		const pipeline = isInt(pipelineId) ? state.pipeline(pipelineId) : undefined;
		if (!isInt(pipelineId))
			errors.push(err('InvalidType', 'pipeline_id', 'pipeline_id must be an integer'));
		else if (!pipeline || !pipeline.is_unsorted_on) {
			errors.push(
				err(
					'NotSupportedChoice',
					'pipeline_id',
					`Pipeline ${pipelineId} does not exist or has no incoming leads stage`,
				),
			);
		}
	}
	const createdAt = item['created_at'];
	if (createdAt !== undefined && (!isInt(createdAt) || createdAt < 0)) {
		errors.push(err('InvalidType', 'created_at', 'created_at must be a Unix timestamp (integer)'));
	}
	const requestId = item['request_id'];
	if (requestId !== undefined && typeof requestId !== 'string') {
		errors.push(err('InvalidType', 'request_id', 'request_id must be a string'));
	}
}

function storedMetadata(metadata: JsonObject): JsonObject {
	const copy = { ...metadata };
	for (const key of WRITE_ONLY_METADATA) delete copy[key];
	return copy;
}

function requestIdOf(item: unknown, index: number): string {
	const id = isObject(item) ? item['request_id'] : undefined;
	return typeof id === 'string' ? id : String(index);
}

function bodyProblem(detail: string): ProblemError {
	return validationProblem([{ request_id: '0', errors: [err('InvalidType', '', detail)] }]);
}

/** `POST /api/v4/leads/unsorted/{sip|forms}`: all-or-nothing, like Kommo's batch adds. */
export function addUnsorted(category: AddCategory) {
	return (ctx: RequestContext): FakeResponse => {
		const items = ctx.body;
		if (!Array.isArray(items))
			throw bodyProblem('The request body must be a JSON array of incoming leads');
		if (items.length === 0)
			throw bodyProblem('The request body must contain at least one incoming lead');
		if (items.length > MAX_LIMIT) {
			throw validationProblem([
				{
					request_id: '0',
					errors: [
						err(
							'TooManyItems',
							'',
							`At most ${MAX_LIMIT} incoming leads per request, got ${items.length}`,
						),
					],
				},
			]);
		}

		const groups: ValidationErrorGroup[] = [];
		const accepted: Array<{ item: JsonObject; metadata: JsonObject }> = [];
		items.forEach((item: unknown, index) => {
			const errors: ValidationError[] = [];
			if (!isObject(item)) {
				errors.push(err('InvalidType', '', 'Each incoming lead must be an object'));
			} else {
				checkString(item, 'source_uid', errors);
				checkString(item, 'source_name', errors);
				checkMetadata(category, item, errors);
				checkEmbedded(item, errors);
				checkOptionalFields(ctx.state, item, errors);
				if (errors.length === 0) {
					const metadata = storedMetadata(item['metadata'] as JsonObject);
					const sameInRequest = accepted.some(
						(a) => a.item['source_uid'] === item['source_uid'] && jsonEqual(a.metadata, metadata),
					);
					if (sameInRequest || ctx.state.isDuplicate(category, item['source_uid'], metadata)) {
						errors.push(
							err(
								'Duplicate',
								'source_uid',
								`An incoming lead with this source_uid and metadata already exists (${String(item['source_uid'])})`,
							),
						);
					} else accepted.push({ item, metadata });
				}
			}
			if (errors.length > 0) groups.push({ request_id: requestIdOf(item, index), errors });
		});
		if (groups.length > 0) throw validationProblem(groups);

		const created = accepted.map(({ item, metadata }, index) => {
			const embedded = item['_embedded'] as JsonObject;
			const lead = ctx.state.addIncomingLead({
				category,
				source_uid: item['source_uid'] as string,
				source_name: item['source_name'] as string,
				...(item['pipeline_id'] !== undefined
					? { pipeline_id: item['pipeline_id'] as number }
					: {}),
				...(item['created_at'] !== undefined ? { created_at: item['created_at'] as number } : {}),
				metadata,
				_embedded: {
					contacts: (embedded['contacts'] as EntityInput[] | undefined) ?? [],
					leads: (embedded['leads'] as LeadInput[] | undefined) ?? [],
					companies: (embedded['companies'] as EntityInput[] | undefined) ?? [],
				},
			});
			return {
				uid: lead.uid,
				account_id: lead.account_id,
				request_id: requestIdOf(item, index),
				_links: lead._links,
				_embedded: lead._embedded,
			};
		});
		return hal({ _total_items: created.length, _embedded: { unsorted: created } });
	};
}
