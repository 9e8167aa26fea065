import type { IDataObject } from 'n8n-workflow';

import { firstEmbeddedId } from './hal';

const CORE_KEYS = [
	'uid',
	'category',
	'source_name',
	'source_uid',
	'pipeline_id',
	'created_at',
	'created_at_unix',
];

/**
 * An incoming lead a no-code user can map straight into Slack or email: core fields, the
 * category's metadata at top level (nested objects one level down as `client_name`, `from_email`),
 * the first contact/lead/company IDs and a link to the lead card in Kommo.
 */
export function flattenIncomingLead(lead: IDataObject, accountUrl: string): IDataObject {
	const createdAt = Number(lead.created_at);
	const flat: IDataObject = {
		uid: lead.uid,
		category: lead.category,
		source_name: lead.source_name ?? null,
		source_uid: lead.source_uid ?? null,
		pipeline_id: lead.pipeline_id,
		created_at: Number.isFinite(createdAt) ? new Date(createdAt * 1000).toISOString() : null,
		created_at_unix: Number.isFinite(createdAt) ? createdAt : null,
	};
	const put = (key: string, value: unknown) => {
		flat[CORE_KEYS.includes(key) || key in flat ? `metadata_${key}` : key] =
			value as IDataObject[string];
	};
	for (const [key, value] of Object.entries((lead.metadata as IDataObject | undefined) ?? {})) {
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
			for (const [inner, innerValue] of Object.entries(value)) put(`${key}_${inner}`, innerValue);
		} else {
			put(key, value);
		}
	}
	const leadId = firstEmbeddedId(lead, 'leads');
	flat.contact_id = firstEmbeddedId(lead, 'contacts');
	flat.lead_id = leadId;
	flat.company_id = firstEmbeddedId(lead, 'companies');
	flat.kommo_url = leadId === null ? null : `${accountUrl}/leads/detail/${leadId}`;
	return flat;
}
