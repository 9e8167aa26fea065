import { hal, type FakeResponse, type RequestContext } from '../http';
import { notFound } from '../problem';

/**
 * `GET /api/v4/contacts/{id}`: the contact created with an incoming lead, so a sandbox workflow can
 * look up the name, phone and email that came with a form (as it would in a real account).
 */
export function getContact(ctx: RequestContext, [rawId = '']: string[]): FakeResponse {
	const contact = /^\d+$/.test(rawId) ? ctx.state.entities.contacts.get(Number(rawId)) : undefined;
	if (!contact || contact.is_deleted) throw notFound(`Contact ${rawId} not found`);
	return hal({
		id: contact.id,
		name: contact.name,
		custom_fields_values: contact.custom_fields_values,
		account_id: ctx.state.accountId,
		_links: { self: { href: ctx.state.href(`/api/v4/contacts/${contact.id}`) } },
	});
}
