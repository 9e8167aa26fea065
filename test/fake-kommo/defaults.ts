import type { OAuthClient, Pipeline, Status, User } from './types';

export const DEFAULT_ACCOUNT_ID = 31361463;
export const DEFAULT_SUBDOMAIN = 'fakekommo';
export const MAIN_PIPELINE_ID = 6950551;
export const PARTNERS_PIPELINE_ID = 7000001;
/** Kommo's system "Closed - won" / "Closed - lost" stages share these ids across all pipelines. */
export const WON_STATUS_ID = 142;
export const LOST_STATUS_ID = 143;

function status(
	accountId: number,
	pipelineId: number,
	id: number,
	name: string,
	sort: number,
	color: string,
	type: 0 | 1 = 0,
): Status {
	// Only ordinary stages are editable; the incoming stage and won/lost are system stages.
	const isEditable = type === 0 && id !== WON_STATUS_ID && id !== LOST_STATUS_ID;
	return {
		id,
		name,
		sort,
		is_editable: isEditable,
		pipeline_id: pipelineId,
		color,
		type,
		account_id: accountId,
	};
}

/** Fresh copies each call so a test mutating `state.pipelines` cannot leak into the next reset. */
export function defaultPipelines(accountId: number): Pipeline[] {
	const main = MAIN_PIPELINE_ID;
	const partners = PARTNERS_PIPELINE_ID;
	return [
		{
			id: main,
			name: 'Sales',
			sort: 1,
			is_main: true,
			is_unsorted_on: true,
			is_archive: false,
			account_id: accountId,
			statuses: [
				status(accountId, main, 58141803, 'Incoming leads', 10, '#c1c1c1', 1),
				status(accountId, main, 58141807, 'Contacted', 20, '#99ccff'),
				status(accountId, main, 58141811, 'Negotiation', 30, '#ffff99'),
				status(accountId, main, WON_STATUS_ID, 'Closed - won', 10000, '#CCFF66'),
				status(accountId, main, LOST_STATUS_ID, 'Closed - lost', 11000, '#D5D8DB'),
			],
		},
		{
			id: partners,
			name: 'Partners',
			sort: 2,
			is_main: false,
			is_unsorted_on: true,
			is_archive: false,
			account_id: accountId,
			statuses: [
				status(accountId, partners, 7000011, 'Incoming leads', 10, '#c1c1c1', 1),
				status(accountId, partners, 7000015, 'Onboarding', 20, '#ffcc66'),
				status(accountId, partners, WON_STATUS_ID, 'Closed - won', 10000, '#CCFF66'),
				status(accountId, partners, LOST_STATUS_ID, 'Closed - lost', 11000, '#D5D8DB'),
			],
		},
	];
}

function user(id: number, name: string, email: string, isAdmin: boolean): User {
	const all = { view: 'A', edit: 'A', add: 'A', delete: 'A', export: 'A' };
	const own = { view: 'A', edit: 'M', add: 'A', delete: 'M', export: 'M' };
	const entity = isAdmin ? all : own;
	return {
		id,
		name,
		email,
		lang: 'en',
		rights: {
			leads: entity,
			contacts: entity,
			companies: entity,
			tasks: { edit: isAdmin ? 'A' : 'M', delete: isAdmin ? 'A' : 'M' },
			mail_access: true,
			catalog_access: isAdmin,
			files_access: true,
			status_rights: null,
			catalog_rights: null,
			is_admin: isAdmin,
			is_free: false,
			is_active: true,
			group_id: null,
			role_id: null,
		},
	};
}

export function defaultUsers(): User[] {
	return [
		user(8375357, 'Anna Admin', 'anna.admin@example.com', true),
		user(8375360, 'Max Manager', 'max.manager@example.com', false),
		user(8375363, 'Sara Sales', 'sara.sales@example.com', false),
	];
}

export function defaultOAuthClients(): OAuthClient[] {
	return [
		{
			client_id: 'sandbox-client-id',
			client_secret: 'sandbox-client-secret',
			// n8n's OAuth2 callback on its default port; any redirect_uri passed explicitly is accepted too.
			redirect_uri: 'http://localhost:5678/rest/oauth2-credential/callback',
		},
	];
}
