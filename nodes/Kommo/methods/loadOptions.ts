import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { MAX_PAGE_SIZE } from '../../shared/constants';
import { embeddedList, hasNextPage } from '../../shared/hal';
import { kommoApiRequest } from '../../shared/transport';

interface Pipeline extends IDataObject {
	id: number;
	name: string;
	_embedded?: { statuses?: Array<{ id: number; name: string; type?: number }> };
}

async function pipelines(ctx: ILoadOptionsFunctions): Promise<Pipeline[]> {
	const response = await kommoApiRequest(ctx, { method: 'GET', path: '/api/v4/leads/pipelines' });
	return embeddedList<Pipeline>(response, 'pipelines');
}

// Stage type 1 is the "Incoming leads" stage itself: accepting into it would be a no-op.
const UNSORTED_STAGE_TYPE = 1;

/**
 * Pipeline filters (Get Many, Get Summary, the triggers): an empty value means "all pipelines".
 * It is listed as a choice so that the field's default is a valid value, not a red "not supported".
 */
export async function getPipelines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: 'All Pipelines', value: '' }, ...(await pipelineOptions(this))];
}

/** The pipeline of a new incoming lead: left empty, Kommo adds it to the account's main pipeline. */
export async function getPipelinesForNewLead(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: 'Main Pipeline (Account Default)', value: '' }, ...(await pipelineOptions(this))];
}

async function pipelineOptions(ctx: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await pipelines(ctx)).map((pipeline) => ({ name: pipeline.name, value: pipeline.id }));
}

/** Stages of every pipeline, named "Pipeline → Stage" since accept takes any of them. */
export async function getStages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await pipelines(this)).flatMap((pipeline) =>
		(pipeline._embedded?.statuses ?? [])
			.filter((status) => status.type !== UNSORTED_STAGE_TYPE)
			.map((status) => ({ name: `${pipeline.name} → ${status.name}`, value: status.id })),
	);
}

export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const options: INodePropertyOptions[] = [];
	for (let page = 1; ; page++) {
		const response = await kommoApiRequest(this, {
			method: 'GET',
			path: '/api/v4/users',
			query: { page, limit: MAX_PAGE_SIZE },
		});
		for (const user of embeddedList<{ id: number; name: string; email?: string }>(response, 'users')) {
			options.push({ name: user.email ? `${user.name} (${user.email})` : user.name, value: user.id });
		}
		if (!hasNextPage(response)) break;
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}
