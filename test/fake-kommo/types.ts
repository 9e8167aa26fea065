/**
 * Shapes shared by the fake's state and routes. Field names follow Kommo's wire format
 * (snake_case) so a model can be serialised as-is.
 */

export type Category = 'sip' | 'forms' | 'chats' | 'mail';
export const CATEGORIES: readonly Category[] = ['sip', 'forms', 'chats', 'mail'];

export type JsonObject = Record<string, unknown>;

export interface Link {
	href: string;
}

export interface EntityRef {
	id: number;
	_links: { self: Link };
}

/** An incoming lead exactly as `GET /api/v4/leads/unsorted` renders it. */
export interface IncomingLead {
	uid: string;
	source_uid: string | null;
	source_name: string | null;
	category: Category;
	pipeline_id: number;
	created_at: number;
	metadata: JsonObject;
	account_id: number;
	_links: { self: Link };
	_embedded: {
		contacts: EntityRef[];
		leads: EntityRef[];
		companies: EntityRef[];
	};
}

/** What a posted (or seeded) contact/lead/company looks like before it gets an id. */
export interface EntityInput extends JsonObject {
	name?: string;
	custom_fields_values?: unknown[] | null;
}

export interface LeadInput extends EntityInput {
	price?: number;
	_embedded?: { tags?: unknown[] } & JsonObject;
}

/**
 * Input for `state.addIncomingLead`. Unlike the HTTP API it accepts every category,
 * because chats and mail only arrive through Kommo's own integrations.
 */
export interface SeedIncomingLead {
	category: Category;
	/** Fixed uid, mostly useful for deterministic tests; random 60-hex otherwise. */
	uid?: string;
	source_uid?: string | null;
	source_name?: string | null;
	pipeline_id?: number;
	created_at?: number;
	metadata?: JsonObject;
	/** Omitted → one generated contact and one lead, like Kommo does for chats and mail. */
	_embedded?: {
		contacts?: EntityInput[];
		leads?: LeadInput[];
		companies?: EntityInput[];
	};
}

export type IncomingLeadStatus = 'waiting' | 'accepted' | 'declined' | 'linked';

/** Full history of one incoming lead; the API only ever shows `model` while it is waiting. */
export interface IncomingLeadRecord {
	model: IncomingLead;
	/** Tie-breaker for equal created_at, because Kommo's order is stable. */
	seq: number;
	status: IncomingLeadStatus;
	/** Unix seconds of accept/decline/link. */
	sorted_at?: number;
	sorted_by?: number;
	accepted_status_id?: number;
	link?: { entity_id: number; entity_type: 'leads' | 'customers'; contact_id?: number };
}

export interface StoredEntity {
	id: number;
	name: string | null;
	custom_fields_values: unknown[] | null;
	/** The object as it was posted, for assertions on fields the fake does not model. */
	posted: JsonObject;
	unsorted_uid: string;
	is_deleted: boolean;
	is_unsorted: boolean;
	responsible_user_id?: number;
}

export interface StoredLead extends StoredEntity {
	price: number;
	tags: unknown[];
	pipeline_id: number;
	status_id: number;
}

export interface Status {
	id: number;
	name: string;
	sort: number;
	is_editable: boolean;
	pipeline_id: number;
	color: string;
	/** 1 = the "Incoming leads" system stage, 0 = ordinary stage. */
	type: 0 | 1;
	account_id: number;
}

export interface Pipeline {
	id: number;
	name: string;
	sort: number;
	is_main: boolean;
	is_unsorted_on: boolean;
	is_archive: boolean;
	account_id: number;
	statuses: Status[];
}

export interface User {
	id: number;
	name: string;
	email: string;
	lang: string;
	rights: {
		is_admin: boolean;
		is_free: boolean;
		is_active: boolean;
		group_id: number | null;
		role_id: number | null;
	} & JsonObject;
}

export interface OAuthClient {
	client_id: string;
	client_secret: string;
	/** Used when `/oauth` is called without `redirect_uri`. */
	redirect_uri?: string;
}
