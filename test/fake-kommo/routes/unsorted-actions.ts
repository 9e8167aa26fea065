import { hal, isObject, type FakeResponse, type RequestContext } from '../http';
import { ProblemError, validationProblem, type ValidationError } from '../problem';
import type { FakeKommoState } from '../state';
import type { EntityRef, IncomingLeadRecord } from '../types';
import { decodeUid, waitingOr404 } from './unsorted';
import { checkUserId, err, isInt, optionalObjectBody } from './validate';

type SortedRef = EntityRef & { is_deleted: boolean; is_unsorted: boolean };

/** Kommo's accept/decline answers flag the entities; the spec shows false for both even on decline. */
function flagged(refs: EntityRef[]): SortedRef[] {
	return refs.map((r) => ({ id: r.id, is_deleted: false, is_unsorted: false, _links: r._links }));
}

function failIfAny(errors: ValidationError[]): void {
	if (errors.length > 0) throw validationProblem([{ request_id: '0', errors }]);
}

function checkStatusId(
	state: FakeKommoState,
	record: IncomingLeadRecord,
	body: Record<string, unknown>,
	errors: ValidationError[],
): void {
	const v = body['status_id'];
	if (v === undefined) return;
	if (!isInt(v)) {
		errors.push(err('InvalidType', 'status_id', 'status_id must be an integer'));
		return;
	}
	const pipeline = state.pipeline(record.model.pipeline_id);
	const status = pipeline?.statuses.find((s) => s.id === v);
	if (!status || status.type === 1) {
		errors.push(
			err(
				'NotSupportedChoice',
				'status_id',
				`Status ${v} is not a stage an incoming lead of pipeline ${record.model.pipeline_id} can be accepted into`,
			),
		);
	}
}

export function acceptUnsorted(ctx: RequestContext, [rawUid = '']: string[]): FakeResponse {
	const record = waitingOr404(ctx, decodeUid(rawUid));
	const body = optionalObjectBody(ctx);
	const errors: ValidationError[] = [];
	checkUserId(ctx.state, body, errors);
	checkStatusId(ctx.state, record, body, errors);
	failIfAny(errors);

	const done = ctx.state.accept(record.model.uid, {
		user_id: body['user_id'] as number | undefined,
		status_id: body['status_id'] as number | undefined,
	});
	const m = done.model;
	return hal({
		uid: m.uid,
		pipeline_id: m.pipeline_id,
		category: m.category,
		created_at: m.created_at,
		_embedded: {
			leads: m._embedded.leads,
			contacts: flagged(m._embedded.contacts),
			companies: flagged(m._embedded.companies),
		},
	});
}

export function declineUnsorted(ctx: RequestContext, [rawUid = '']: string[]): FakeResponse {
	const record = waitingOr404(ctx, decodeUid(rawUid));
	const body = optionalObjectBody(ctx);
	const errors: ValidationError[] = [];
	checkUserId(ctx.state, body, errors);
	failIfAny(errors);

	const done = ctx.state.decline(record.model.uid, {
		user_id: body['user_id'] as number | undefined,
	});
	const m = done.model;
	const embedded: Record<string, unknown> = {
		leads: m._embedded.leads,
		contacts: flagged(m._embedded.contacts),
	};
	// The spec's decline example has no companies key; only add it when there is something to show.
	if (m._embedded.companies.length > 0) embedded['companies'] = flagged(m._embedded.companies);
	return hal({
		uid: m.uid,
		pipeline_id: m.pipeline_id,
		category: m.category,
		created_at: m.created_at,
		_embedded: embedded,
	});
}

interface LinkRequest {
	user_id?: number;
	entity_id: number;
	entity_type: 'leads' | 'customers';
	contact_id?: number;
}

function parseLink(ctx: RequestContext, body: Record<string, unknown>): LinkRequest {
	const errors: ValidationError[] = [];
	checkUserId(ctx.state, body, errors);
	const link = body['link'];
	if (!isObject(link)) {
		errors.push(
			link === undefined
				? err('FieldMissing', 'link', 'link is required: {entity_id, entity_type}')
				: err('InvalidType', 'link', 'link must be an object'),
		);
		throw validationProblem([{ request_id: '0', errors }]);
	}
	const entityId = link['entity_id'];
	const entityType = link['entity_type'];
	if (entityId === undefined)
		errors.push(err('FieldMissing', 'link.entity_id', 'link.entity_id is required'));
	else if (!isInt(entityId) || entityId <= 0)
		errors.push(err('InvalidType', 'link.entity_id', 'link.entity_id must be a positive integer'));
	if (entityType === undefined)
		errors.push(err('FieldMissing', 'link.entity_type', 'link.entity_type is required'));
	else if (entityType !== 'leads' && entityType !== 'customers') {
		errors.push(
			err(
				'NotSupportedChoice',
				'link.entity_type',
				'link.entity_type must be "leads" or "customers"',
			),
		);
	}
	const metadata = link['metadata'];
	let contactId: number | undefined;
	if (metadata !== undefined) {
		if (!isObject(metadata))
			errors.push(err('InvalidType', 'link.metadata', 'link.metadata must be an object'));
		else if (metadata['contact_id'] !== undefined) {
			if (!isInt(metadata['contact_id'])) {
				errors.push(
					err(
						'InvalidType',
						'link.metadata.contact_id',
						'link.metadata.contact_id must be an integer',
					),
				);
			} else contactId = metadata['contact_id'];
		}
	}
	failIfAny(errors);
	const result: LinkRequest = {
		entity_id: entityId as number,
		entity_type: entityType as 'leads' | 'customers',
	};
	if (body['user_id'] !== undefined) result.user_id = body['user_id'] as number;
	if (contactId !== undefined) result.contact_id = contactId;
	return result;
}

export function linkUnsorted(ctx: RequestContext, [rawUid = '']: string[]): FakeResponse {
	const record = waitingOr404(ctx, decodeUid(rawUid));
	const request = parseLink(ctx, optionalObjectBody(ctx));
	if (record.model.category !== 'chats') {
		throw new ProblemError(
			400,
			`Linking is only available for incoming leads of the chats category; ${record.model.uid} is "${record.model.category}"`,
		);
	}
	ctx.state.link(record.model.uid, request);
	const target = ctx.state.entityRef(request.entity_type, request.entity_id);
	return hal({
		uid: record.model.uid,
		_embedded: {
			leads: request.entity_type === 'leads' ? [target] : [],
			contacts:
				request.contact_id !== undefined
					? [ctx.state.entityRef('contacts', request.contact_id)]
					: [],
			customers: request.entity_type === 'customers' ? [target] : [],
		},
	});
}
