import { hal, type FakeResponse, type RequestContext } from '../http';

/** Enough of `GET /api/v4/account` for a credential test and for showing the account in n8n. */
export function getAccount(ctx: RequestContext): FakeResponse {
	const { state } = ctx;
	const admin = state.users.find((u) => u.rights.is_admin) ?? state.users[0];
	return hal({
		id: state.accountId,
		name: 'Fake Kommo Sandbox',
		subdomain: state.subdomain,
		created_at: 1686000000,
		created_by: admin?.id ?? 0,
		updated_at: 1686000000,
		updated_by: admin?.id ?? 0,
		current_user_id: admin?.id ?? 0,
		country: 'US',
		currency: 'USD',
		currency_symbol: '$',
		customers_mode: 'disabled',
		is_unsorted_on: true,
		is_loss_reason_enabled: false,
		is_helpbot_enabled: false,
		is_technical_account: false,
		contact_name_display_order: 1,
		_links: { self: { href: state.href('/api/v4/account') } },
	});
}
