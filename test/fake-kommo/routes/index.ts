import type { Route } from '../http';
import { getAccount } from './account';
import { getContact } from './contacts';
import { accessToken, authorize } from './oauth';
import { getPipeline, getStatus, listPipelines, listStatuses } from './pipelines';
import { getUnsorted, listUnsorted, unsortedSummary } from './unsorted';
import { acceptUnsorted, declineUnsorted, linkUnsorted } from './unsorted-actions';
import { addUnsorted } from './unsorted-add';
import { getUser, listUsers } from './users';
import { addLeadPage, addSandboxLead } from './sandbox';
import { listWebhooks, subscribeWebhook, unsubscribeWebhook } from './webhooks';

const SEGMENT = '([^/]+)';

function path(pattern: string): RegExp {
	return new RegExp(`^${pattern}$`);
}

/**
 * First match wins, so fixed segments (`summary`, `sip`, `forms`) come before the
 * `{uid}` catch-all — otherwise `GET /unsorted/summary` would be a lookup of uid "summary".
 */
export const ROUTES: Route[] = [
	{ pattern: path('/api/v4/leads/unsorted'), auth: true, methods: { GET: listUnsorted } },
	{
		pattern: path('/api/v4/leads/unsorted/summary'),
		auth: true,
		methods: { GET: unsortedSummary },
	},
	{
		pattern: path('/api/v4/leads/unsorted/sip'),
		auth: true,
		methods: { POST: addUnsorted('sip') },
	},
	{
		pattern: path('/api/v4/leads/unsorted/forms'),
		auth: true,
		methods: { POST: addUnsorted('forms') },
	},
	{ pattern: path(`/api/v4/leads/unsorted/${SEGMENT}`), auth: true, methods: { GET: getUnsorted } },
	{
		pattern: path(`/api/v4/leads/unsorted/${SEGMENT}/accept`),
		auth: true,
		methods: { POST: acceptUnsorted },
	},
	{
		pattern: path(`/api/v4/leads/unsorted/${SEGMENT}/decline`),
		auth: true,
		methods: { DELETE: declineUnsorted },
	},
	{
		pattern: path(`/api/v4/leads/unsorted/${SEGMENT}/link`),
		auth: true,
		methods: { POST: linkUnsorted },
	},
	{ pattern: path('/api/v4/leads/pipelines'), auth: true, methods: { GET: listPipelines } },
	{
		pattern: path(`/api/v4/leads/pipelines/${SEGMENT}`),
		auth: true,
		methods: { GET: getPipeline },
	},
	{
		pattern: path(`/api/v4/leads/pipelines/${SEGMENT}/statuses`),
		auth: true,
		methods: { GET: listStatuses },
	},
	{
		pattern: path(`/api/v4/leads/pipelines/${SEGMENT}/statuses/${SEGMENT}`),
		auth: true,
		methods: { GET: getStatus },
	},
	{ pattern: path('/api/v4/users'), auth: true, methods: { GET: listUsers } },
	{ pattern: path(`/api/v4/users/${SEGMENT}`), auth: true, methods: { GET: getUser } },
	{ pattern: path('/api/v4/account'), auth: true, methods: { GET: getAccount } },
	{ pattern: path(`/api/v4/contacts/${SEGMENT}`), auth: true, methods: { GET: getContact } },
	{
		pattern: path('/api/v4/webhooks'),
		auth: true,
		methods: { GET: listWebhooks, POST: subscribeWebhook, DELETE: unsubscribeWebhook },
	},
	{
		pattern: path('/sandbox/add-lead'),
		auth: false,
		methods: { GET: addLeadPage, POST: addSandboxLead },
	},
	{ pattern: path('/oauth'), auth: false, methods: { GET: authorize } },
	{ pattern: path('/oauth2/access_token'), auth: false, methods: { POST: accessToken } },
];
