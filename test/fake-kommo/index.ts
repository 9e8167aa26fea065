/**
 * A Kommo-faithful fake account over HTTP on 127.0.0.1, for the node's routing and e2e
 * tests and for manual sandbox runs (see cli.ts).
 */
export { startFakeKommo } from './server';
export type { FakeKommo, FakeKommoOptions, RecordedRequest } from './server';
export type { FaultSpec } from './faults';
export type { AccountBlockOptions } from './rate-limit';
export type { TrafficStats } from './traffic';
export { busiestWindow } from './traffic';
export { FakeKommoState } from './state';
export type { AcceptOptions, DeclineOptions, FakeKommoStateOptions, LinkOptions } from './state';
export { seedSandbox } from './seed';
export { toKommoForm } from './webhook-form';
export type { DeliveryRecord, WebhookDeliveryOptions } from './webhook-delivery';
export type { WebhookSubscription } from './webhook-registry';
export {
	DEFAULT_ACCOUNT_ID,
	LOST_STATUS_ID,
	MAIN_PIPELINE_ID,
	PARTNERS_PIPELINE_ID,
	WON_STATUS_ID,
} from './defaults';
export type {
	Category,
	EntityInput,
	EntityRef,
	IncomingLead,
	IncomingLeadRecord,
	IncomingLeadStatus,
	LeadInput,
	OAuthClient,
	Pipeline,
	SeedIncomingLead,
	Status,
	StoredEntity,
	StoredLead,
	User,
} from './types';
