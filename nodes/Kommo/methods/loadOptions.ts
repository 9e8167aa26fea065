import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { checkedList } from '../../shared/answer-shape';
import { MAX_PAGE_SIZE } from '../../shared/constants';
import { hasNextPage } from '../../shared/hal';
import { PageGuard } from '../../shared/paging';
import { kommoApiRequest, withKommoAccount } from '../../shared/transport';

interface Pipeline extends IDataObject {
	id: number;
	name: string;
	_embedded?: { statuses?: Array<{ id: number; name: string; type?: number }> };
}

const PIPELINES_PATH = '/api/v4/leads/pipelines';
const USERS_PATH = '/api/v4/users';

async function pipelines(ctx: ILoadOptionsFunctions): Promise<Pipeline[]> {
	return await withKommoAccount(ctx, 'dropdown', async (account) => {
		const response = await kommoApiRequest(ctx, account, { method: 'GET', path: PIPELINES_PATH });
		return checkedList(ctx.getNode(), `GET ${PIPELINES_PATH}`, 'pipelines', response) as Pipeline[];
	});
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
export async function getPipelinesForNewLead(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
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
	await withKommoAccount(this, 'dropdown', async (account) => {
		const guard = new PageGuard(this.getNode(), `GET ${USERS_PATH}`);
		for (let page = 1; ; page++) {
			const response = await kommoApiRequest(this, account, {
				method: 'GET',
				path: USERS_PATH,
				query: { page, limit: MAX_PAGE_SIZE },
			});
			const users = checkedList(this.getNode(), `GET ${USERS_PATH}`, 'users', response);
			guard.check(
				users.map((user) => String(user.id)),
				hasNextPage(response),
			);
			for (const user of users) {
				const name = String(user.name);
				options.push({
					name: user.email ? `${name} (${String(user.email)})` : name,
					value: Number(user.id),
				});
			}
			if (!hasNextPage(response)) break;
		}
	});
	return options.sort((a, b) => a.name.localeCompare(b.name));
}
