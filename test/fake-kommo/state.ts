import { randomBytes } from 'node:crypto';
import {
	DEFAULT_ACCOUNT_ID,
	DEFAULT_SUBDOMAIN,
	defaultOAuthClients,
	defaultPipelines,
	defaultUsers,
	LOST_STATUS_ID,
	WON_STATUS_ID,
} from './defaults';
import { jsonClone, jsonEqual } from './json';
import { seedSandbox } from './seed';
import type {
	Category,
	EntityInput,
	EntityRef,
	IncomingLead,
	IncomingLeadRecord,
	JsonObject,
	LeadInput,
	OAuthClient,
	Pipeline,
	SeedIncomingLead,
	Status,
	StoredEntity,
	StoredLead,
	User,
} from './types';
import type { IncomingLeadChange } from './webhook-payload';
import { WebhookRegistry } from './webhook-registry';

export interface FakeKommoStateOptions {
	accountId?: number;
	subdomain?: string;
	accessTokens?: string[];
	seed?: boolean;
	/** Origin used in every href; the server passes its own url. */
	baseUrl?: string;
}

export interface AcceptOptions {
	user_id?: number;
	status_id?: number;
}

export interface DeclineOptions {
	user_id?: number;
}

export interface LinkOptions {
	user_id?: number;
	entity_id: number;
	entity_type: 'leads' | 'customers';
	contact_id?: number;
}

interface AuthCode {
	client_id: string;
	redirect_uri: string;
	expires_at: number;
}

/** Kommo codes live 20 minutes; access tokens 24 hours. */
const AUTH_CODE_TTL = 20 * 60;
export const ACCESS_TOKEN_TTL = 86400;

const LEAD_ID_START = 100000;
const CONTACT_ID_START = 500000;
const COMPANY_ID_START = 700000;

function randomHex(bytes: number): string {
	return randomBytes(bytes).toString('hex');
}

const clone = jsonClone;

/**
 * One Kommo account held in memory. Route handlers validate requests and then call the
 * mutators here; tests may call them directly to arrange data the API cannot create
 * (chats, mail) or to sort leads "from the Kommo UI".
 */
export class FakeKommoState {
	readonly accountId: number;
	readonly subdomain: string;
	/** Set by the server once it listens, so hrefs point back at the fake. */
	baseUrl = 'http://127.0.0.1';
	pipelines: Pipeline[] = [];
	users: User[] = [];
	accessTokens = new Set<string>();
	oauthClients: OAuthClient[] = [];
	/** Contacts/leads/companies created alongside incoming leads, keyed by id. */
	entities = {
		leads: new Map<number, StoredLead>(),
		contacts: new Map<number, StoredEntity>(),
		companies: new Map<number, StoredEntity>(),
	};
	/** OAuth bookkeeping; exposed so tests can forge or inspect grants. */
	authCodes = new Map<string, AuthCode>();
	refreshTokens = new Map<string, { client_id: string }>();
	/** Tokens issued via OAuth expire; tokens given in options never do. */
	tokenExpiry = new Map<string, number>();
	/** Web hook subscriptions (`/api/v4/webhooks`) and the plan/admin switches. */
	webhooks = new WebhookRegistry();

	private readonly initialTokens: string[];
	private readonly seeded: boolean;
	private records = new Map<string, IncomingLeadRecord>();
	private seq = 0;
	private nextLeadId = LEAD_ID_START;
	private nextContactId = CONTACT_ID_START;
	private nextCompanyId = COMPANY_ID_START;
	private clock: (() => number) | undefined;
	private changeListeners: Array<(change: IncomingLeadChange) => void> = [];

	constructor(options: FakeKommoStateOptions = {}) {
		this.accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
		this.subdomain = options.subdomain ?? DEFAULT_SUBDOMAIN;
		this.initialTokens = options.accessTokens ?? ['test-token'];
		this.seeded = options.seed ?? false;
		if (options.baseUrl !== undefined) this.baseUrl = options.baseUrl;
		this.reset();
	}

	/** Back to the state right after start (re-seeded if started with `seed`). The clock is left alone. */
	reset(): void {
		this.pipelines = defaultPipelines(this.accountId);
		this.users = defaultUsers();
		this.accessTokens = new Set(this.initialTokens);
		this.oauthClients = defaultOAuthClients();
		this.entities.leads.clear();
		this.entities.contacts.clear();
		this.entities.companies.clear();
		this.authCodes.clear();
		this.refreshTokens.clear();
		this.tokenExpiry.clear();
		this.records.clear();
		this.webhooks.clear();
		this.seq = 0;
		this.nextLeadId = LEAD_ID_START;
		this.nextContactId = CONTACT_ID_START;
		this.nextCompanyId = COMPANY_ID_START;
		if (this.seeded) seedSandbox(this);
	}

	/** Unix seconds. */
	now(): number {
		return this.clock ? this.clock() : Math.floor(Date.now() / 1000);
	}

	/** Pass undefined to go back to the real clock. */
	setClock(fn: (() => number) | undefined): void {
		this.clock = fn;
	}

	// ---- reference data -------------------------------------------------------------

	pipeline(id: number): Pipeline | undefined {
		return this.pipelines.find((p) => p.id === id);
	}

	mainPipeline(): Pipeline {
		const main = this.pipelines.find((p) => p.is_main) ?? this.pipelines[0];
		if (!main) throw new Error('fake-kommo: the account has no pipelines');
		return main;
	}

	incomingStatus(pipeline: Pipeline): Status | undefined {
		return pipeline.statuses.find((s) => s.type === 1);
	}

	/** Where Kommo puts an accepted lead when no status_id is given: the first ordinary stage. */
	firstWorkingStatus(pipeline: Pipeline): Status | undefined {
		return [...pipeline.statuses]
			.filter((s) => s.type === 0 && s.id !== WON_STATUS_ID && s.id !== LOST_STATUS_ID)
			.sort((a, b) => a.sort - b.sort)[0];
	}

	user(id: number): User | undefined {
		return this.users.find((u) => u.id === id);
	}

	href(path: string): string {
		return `${this.baseUrl}${path}`;
	}

	entityRef(kind: 'leads' | 'contacts' | 'companies' | 'customers', id: number): EntityRef {
		return { id, _links: { self: { href: this.href(`/api/v4/${kind}/${id}`) } } };
	}

	// ---- tokens ---------------------------------------------------------------------

	isTokenValid(token: string): boolean {
		if (!this.accessTokens.has(token)) return false;
		const expiresAt = this.tokenExpiry.get(token);
		return expiresAt === undefined || this.now() < expiresAt;
	}

	expireToken(token: string): void {
		this.accessTokens.delete(token);
		this.tokenExpiry.delete(token);
	}

	issueAuthCode(clientId: string, redirectUri: string): string {
		const code = `def${randomHex(32)}`;
		this.authCodes.set(code, {
			client_id: clientId,
			redirect_uri: redirectUri,
			expires_at: this.now() + AUTH_CODE_TTL,
		});
		return code;
	}

	/** Consumes a code; returns why it is unusable, or undefined when fine. */
	consumeAuthCode(code: string, clientId: string, redirectUri: string): string | undefined {
		const grant = this.authCodes.get(code);
		if (!grant) return 'Authorization code is unknown or has already been used';
		this.authCodes.delete(code);
		if (grant.expires_at <= this.now()) return 'Authorization code has expired';
		if (grant.client_id !== clientId) return 'Authorization code was not issued to this client';
		if (grant.redirect_uri !== redirectUri)
			return 'redirect_uri does not match the one used to obtain the code';
		return undefined;
	}

	issueTokens(clientId: string): {
		access_token: string;
		refresh_token: string;
		expires_in: number;
	} {
		const accessToken = `fk-at-${randomHex(24)}`;
		const refreshToken = `fk-rt-${randomHex(24)}`;
		this.accessTokens.add(accessToken);
		this.tokenExpiry.set(accessToken, this.now() + ACCESS_TOKEN_TTL);
		this.refreshTokens.set(refreshToken, { client_id: clientId });
		return { access_token: accessToken, refresh_token: refreshToken, expires_in: ACCESS_TOKEN_TTL };
	}

	/** Called after every add/accept/decline/link, e.g. to deliver web hooks. */
	onChange(listener: (change: IncomingLeadChange) => void): void {
		this.changeListeners.push(listener);
	}

	private changed(kind: IncomingLeadChange['kind'], record: IncomingLeadRecord): void {
		for (const listener of this.changeListeners) listener({ kind, record: clone(record) });
	}

	// ---- incoming leads -------------------------------------------------------------

	addIncomingLead(input: SeedIncomingLead): IncomingLead {
		const pipeline =
			input.pipeline_id === undefined ? this.mainPipeline() : this.pipeline(input.pipeline_id);
		if (!pipeline)
			throw new Error(`fake-kommo: pipeline ${String(input.pipeline_id)} does not exist`);
		const incomingStatus = this.incomingStatus(pipeline);
		if (!incomingStatus)
			throw new Error(`fake-kommo: pipeline ${pipeline.id} has no incoming-leads stage`);
		const uid = input.uid ?? randomHex(30);
		if (this.records.has(uid)) throw new Error(`fake-kommo: uid ${uid} already exists`);
		const createdAt = input.created_at ?? this.now();
		const metadata = clone(input.metadata ?? {});

		const embedded = input._embedded ?? {
			contacts: [{ name: defaultContactName(input.category, metadata) }],
			leads: [{}],
		};
		const contacts = (embedded.contacts ?? []).map((c) => this.storeEntity('contacts', c, uid));
		// Kommo always creates a lead for an incoming lead: it is the thing sitting in the stage.
		const leadInputs: LeadInput[] =
			embedded.leads && embedded.leads.length > 0 ? embedded.leads : [{}];
		const leads = leadInputs.map((l) =>
			this.storeLead(l, uid, pipeline.id, incomingStatus.id, createdAt),
		);
		const companies = (embedded.companies ?? []).map((c) => this.storeEntity('companies', c, uid));

		const model: IncomingLead = {
			uid,
			source_uid: input.source_uid ?? null,
			source_name: input.source_name ?? null,
			category: input.category,
			pipeline_id: pipeline.id,
			created_at: createdAt,
			metadata,
			account_id: this.accountId,
			_links: { self: { href: this.href(`/api/v4/leads/unsorted/${uid}`) } },
			_embedded: {
				contacts: contacts.map((id) => this.entityRef('contacts', id)),
				leads: leads.map((id) => this.entityRef('leads', id)),
				companies: companies.map((id) => this.entityRef('companies', id)),
			},
		};
		const record: IncomingLeadRecord = { model, seq: ++this.seq, status: 'waiting' };
		this.records.set(uid, record);
		this.changed('added', record);
		return clone(model);
	}

	private storeEntity(kind: 'contacts' | 'companies', input: EntityInput, uid: string): number {
		const id = kind === 'contacts' ? this.nextContactId++ : this.nextCompanyId++;
		const entity: StoredEntity = {
			id,
			name: typeof input.name === 'string' ? input.name : null,
			custom_fields_values: Array.isArray(input.custom_fields_values)
				? clone(input.custom_fields_values)
				: null,
			posted: clone(input),
			unsorted_uid: uid,
			is_deleted: false,
			is_unsorted: true,
		};
		this.entities[kind].set(id, entity);
		return id;
	}

	private storeLead(
		input: LeadInput,
		uid: string,
		pipelineId: number,
		statusId: number,
		createdAt: number,
	): number {
		const id = this.nextLeadId++;
		const tags = input._embedded?.tags;
		this.entities.leads.set(id, {
			id,
			name: typeof input.name === 'string' ? input.name : `Lead #${id}`,
			price: typeof input.price === 'number' ? input.price : 0,
			custom_fields_values: Array.isArray(input.custom_fields_values)
				? clone(input.custom_fields_values)
				: null,
			tags: Array.isArray(tags) ? clone(tags) : [],
			pipeline_id: pipelineId,
			status_id: statusId,
			posted: { ...clone(input), created_at: createdAt },
			unsorted_uid: uid,
			is_deleted: false,
			is_unsorted: true,
		});
		return id;
	}

	/** Waiting incoming leads in Kommo's default order: newest first, later insert first on ties. */
	waiting(): IncomingLead[] {
		return this.waitingRecords().map((r) => clone(r.model));
	}

	/** Same order as `waiting()`, with the sequence needed for stable re-sorting. */
	waitingRecords(): IncomingLeadRecord[] {
		return [...this.records.values()]
			.filter((r) => r.status === 'waiting')
			.sort((a, b) => b.model.created_at - a.model.created_at || b.seq - a.seq);
	}

	/** The incoming lead as the API shows it; undefined once it has been accepted, declined or linked. */
	get(uid: string): IncomingLead | undefined {
		const r = this.records.get(uid);
		return r && r.status === 'waiting' ? clone(r.model) : undefined;
	}

	/** Full history of an incoming lead, including ones that already left the list. */
	record(uid: string): IncomingLeadRecord | undefined {
		const r = this.records.get(uid);
		return r && clone(r);
	}

	/** Everything ever added, in insertion order (what the summary counts). */
	allRecords(): IncomingLeadRecord[] {
		return [...this.records.values()].map(clone);
	}

	/** Would this item be refused as "already exists"? Compares against waiting leads only. */
	isDuplicate(category: Category, sourceUid: unknown, metadata: JsonObject): boolean {
		for (const r of this.records.values()) {
			if (r.status !== 'waiting') continue;
			if (
				r.model.category === category &&
				r.model.source_uid === sourceUid &&
				jsonEqual(r.model.metadata, metadata)
			) {
				return true;
			}
		}
		return false;
	}

	private takeWaiting(uid: string): IncomingLeadRecord {
		const r = this.records.get(uid);
		if (!r || r.status !== 'waiting')
			throw new Error(`fake-kommo: incoming lead ${uid} is not waiting`);
		return r;
	}

	accept(uid: string, options: AcceptOptions = {}): IncomingLeadRecord {
		const r = this.takeWaiting(uid);
		const pipeline = this.pipeline(r.model.pipeline_id);
		const statusId = options.status_id ?? (pipeline && this.firstWorkingStatus(pipeline)?.id);
		r.status = 'accepted';
		r.sorted_at = this.now();
		r.sorted_by = options.user_id;
		r.accepted_status_id = statusId;
		this.forEntities(r, (e, kind) => {
			e.is_unsorted = false;
			if (options.user_id !== undefined) e.responsible_user_id = options.user_id;
			if (kind === 'leads' && statusId !== undefined) (e as StoredLead).status_id = statusId;
		});
		this.changed('accepted', r);
		return clone(r);
	}

	decline(uid: string, options: DeclineOptions = {}): IncomingLeadRecord {
		const r = this.takeWaiting(uid);
		r.status = 'declined';
		r.sorted_at = this.now();
		r.sorted_by = options.user_id;
		// Declined entities go to the trash in Kommo.
		this.forEntities(r, (e) => {
			e.is_unsorted = false;
			e.is_deleted = true;
		});
		this.changed('declined', r);
		return clone(r);
	}

	link(uid: string, options: LinkOptions): IncomingLeadRecord {
		const r = this.takeWaiting(uid);
		r.status = 'linked';
		r.sorted_at = this.now();
		r.sorted_by = options.user_id;
		r.link = { entity_id: options.entity_id, entity_type: options.entity_type };
		if (options.contact_id !== undefined) r.link.contact_id = options.contact_id;
		// The chat is merged into the existing entity, so the placeholder lead disappears.
		this.forEntities(r, (e, kind) => {
			e.is_unsorted = false;
			if (kind === 'leads') e.is_deleted = true;
		});
		this.changed('linked', r);
		return clone(r);
	}

	private forEntities(
		r: IncomingLeadRecord,
		fn: (e: StoredEntity, kind: 'leads' | 'contacts' | 'companies') => void,
	): void {
		for (const kind of ['leads', 'contacts', 'companies'] as const) {
			for (const ref of r.model._embedded[kind]) {
				const e = this.entities[kind].get(ref.id);
				if (e) fn(e, kind);
			}
		}
	}
}

function defaultContactName(category: Category, metadata: JsonObject): string {
	const client = metadata['client'];
	if (category === 'chats' && typeof client === 'object' && client !== null) {
		const name = (client as JsonObject)['name'];
		if (typeof name === 'string' && name !== '') return name;
	}
	const from = metadata['from'];
	if (category === 'mail' && typeof from === 'object' && from !== null) {
		const name = (from as JsonObject)['name'];
		if (typeof name === 'string' && name !== '') return name;
	}
	if (category === 'sip' && metadata['phone'] !== undefined)
		return `Caller ${String(metadata['phone'])}`;
	return 'Unknown contact';
}
