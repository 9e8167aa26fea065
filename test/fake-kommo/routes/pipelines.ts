import { hal, type FakeResponse, type RequestContext } from '../http';
import { notFound } from '../problem';
import type { FakeKommoState } from '../state';
import type { Pipeline, Status } from '../types';

function renderStatus(state: FakeKommoState, s: Status): Record<string, unknown> {
	return {
		...s,
		_links: {
			self: { href: state.href(`/api/v4/leads/pipelines/${s.pipeline_id}/statuses/${s.id}`) },
		},
	};
}

function renderPipeline(state: FakeKommoState, p: Pipeline): Record<string, unknown> {
	const { statuses, ...rest } = p;
	return {
		...rest,
		_links: { self: { href: state.href(`/api/v4/leads/pipelines/${p.id}`) } },
		_embedded: {
			statuses: [...statuses].sort((a, b) => a.sort - b.sort).map((s) => renderStatus(state, s)),
		},
	};
}

function pipelineOr404(state: FakeKommoState, rawId: string): Pipeline {
	const pipeline = /^\d+$/.test(rawId) ? state.pipeline(Number(rawId)) : undefined;
	if (!pipeline) throw notFound(`Pipeline ${rawId} not found`);
	return pipeline;
}

export function listPipelines(ctx: RequestContext): FakeResponse {
	const { state } = ctx;
	return hal({
		_total_items: state.pipelines.length,
		_links: { self: { href: state.href('/api/v4/leads/pipelines') } },
		_embedded: {
			pipelines: [...state.pipelines]
				.sort((a, b) => a.sort - b.sort)
				.map((p) => renderPipeline(state, p)),
		},
	});
}

export function getPipeline(ctx: RequestContext, [rawId = '']: string[]): FakeResponse {
	return hal(renderPipeline(ctx.state, pipelineOr404(ctx.state, rawId)));
}

export function listStatuses(ctx: RequestContext, [rawId = '']: string[]): FakeResponse {
	const { state } = ctx;
	const pipeline = pipelineOr404(state, rawId);
	return hal({
		_total_items: pipeline.statuses.length,
		_links: { self: { href: state.href(`/api/v4/leads/pipelines/${pipeline.id}/statuses`) } },
		_embedded: {
			statuses: [...pipeline.statuses]
				.sort((a, b) => a.sort - b.sort)
				.map((s) => renderStatus(state, s)),
		},
	});
}

export function getStatus(
	ctx: RequestContext,
	[rawId = '', rawStatusId = '']: string[],
): FakeResponse {
	const pipeline = pipelineOr404(ctx.state, rawId);
	const status = pipeline.statuses.find((s) => String(s.id) === rawStatusId);
	if (!status) throw notFound(`Status ${rawStatusId} not found in pipeline ${pipeline.id}`);
	return hal(renderStatus(ctx.state, status));
}
