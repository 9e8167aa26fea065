import type { IDataObject, IN8nHttpFullResponse, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeBody, headerValue, markKommoError } from './answer-text';

/**
 * What each endpoint answers when it works. Anything else (a proxy's HTML page, `{}`, a list of
 * nulls) is an error, never "nothing there": reading a wrong answer as an empty list is how a
 * trigger would forget what it has seen and replay the whole backlog later.
 */
export type AnswerShape =
	'incomingLeads' | 'incomingLead' | 'summary' | 'pipelines' | 'users' | 'webhooks';

const EXPECTED: Record<AnswerShape, string> = {
	incomingLeads: 'a list of incoming leads (_embedded.unsorted with a uid on each)',
	incomingLead: 'an incoming lead (an object with a uid)',
	summary: 'a summary (total, accepted, declined, average_sort_time)',
	pipelines: 'a list of pipelines (_embedded.pipelines with id and name)',
	users: 'a list of users (_embedded.users with id and name)',
	webhooks: 'a list of web hooks (_embedded.webhooks with a destination on each)',
};

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const hasUid = (entry: unknown) =>
	isObject(entry) && typeof entry.uid === 'string' && entry.uid !== '';
const hasIdAndName = (entry: unknown) =>
	isObject(entry) &&
	Number.isFinite(Number(entry.id)) &&
	entry.id !== null &&
	typeof entry.name === 'string';

const LIST: Partial<Record<AnswerShape, { key: string; entryOk: (entry: unknown) => boolean }>> = {
	incomingLeads: { key: 'unsorted', entryOk: hasUid },
	pipelines: { key: 'pipelines', entryOk: hasIdAndName },
	users: { key: 'users', entryOk: hasIdAndName },
	webhooks: {
		key: 'webhooks',
		entryOk: (entry) => isObject(entry) && typeof entry.destination === 'string',
	},
};

export function wrongAnswerError(
	node: INode,
	endpoint: string,
	shape: AnswerShape,
	response: IN8nHttpFullResponse,
): NodeApiError {
	const contentType = headerValue(response.headers, 'content-type') || 'no content type';
	const { summary } = describeBody(response.body);
	const error = new NodeApiError(node, { status: response.statusCode } as JsonObject, {
		message: `Kommo's answer to ${endpoint} is not ${EXPECTED[shape]}`,
		description: `Got status ${response.statusCode}, ${contentType}: ${summary}. A proxy, a maintenance page or a wrong Base URL answers like this; nothing was read as "empty". Try again later or check the credential's domain.`,
		httpCode: String(response.statusCode),
	});
	return markKommoError(error);
}

/** The entries of a list answer; 204 (Kommo's "nothing") and a present, empty list are []. */
export function checkedList(
	node: INode,
	endpoint: string,
	shape: AnswerShape,
	response: IN8nHttpFullResponse,
): IDataObject[] {
	if (response.statusCode === 204) return [];
	const list = LIST[shape];
	const body = response.body;
	const entries =
		isObject(body) && isObject(body._embedded) ? body._embedded[list?.key ?? ''] : undefined;
	if (!list || !Array.isArray(entries) || !entries.every(list.entryOk)) {
		throw wrongAnswerError(node, endpoint, shape, response);
	}
	return entries as IDataObject[];
}

/** A single-object answer (one incoming lead, the summary). */
export function checkedObject(
	node: INode,
	endpoint: string,
	shape: AnswerShape,
	response: IN8nHttpFullResponse,
): IDataObject {
	const body = response.body;
	const ok =
		shape === 'summary'
			? isObject(body) &&
				['total', 'accepted', 'declined'].every((key) => typeof body[key] === 'number')
			: hasUid(body);
	if (!ok) throw wrongAnswerError(node, endpoint, shape, response);
	return body as IDataObject;
}
