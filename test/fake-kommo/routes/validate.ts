import { isObject, type RequestContext } from '../http';
import { invalidParam, type ValidationError } from '../problem';
import type { FakeKommoState } from '../state';

/** The codes the fake uses in `validation-errors`; Kommo's own set is larger but these are the ones clients meet. */
export type ErrorCode =
	| 'FieldMissing'
	| 'InvalidType'
	| 'FieldIsEmpty'
	| 'NotSupportedChoice'
	| 'Duplicate'
	| 'TooManyItems';

export function err(code: ErrorCode, path: string, detail: string): ValidationError {
	return { code, path, detail };
}

export function isInt(v: unknown): v is number {
	return typeof v === 'number' && Number.isInteger(v);
}

/** Action bodies (accept/decline/link) are optional JSON objects. */
export function optionalObjectBody(ctx: RequestContext): Record<string, unknown> {
	if (ctx.body === undefined) return {};
	if (!isObject(ctx.body))
		throw invalidParam('InvalidType', '', 'The request body must be a JSON object');
	return ctx.body;
}

export function checkUserId(
	state: FakeKommoState,
	body: Record<string, unknown>,
	errors: ValidationError[],
): void {
	const v = body['user_id'];
	if (v === undefined) return;
	if (!isInt(v)) errors.push(err('InvalidType', 'user_id', 'user_id must be an integer'));
	else if (!state.user(v))
		errors.push(err('NotSupportedChoice', 'user_id', `User ${v} does not exist in this account`));
}
