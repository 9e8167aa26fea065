/** Credential type names; "integration" is Kommo's word for an OAuth2 app. */
export const CREDENTIAL_TYPE = {
	integration: 'kommoIncomingLeadsOAuth2Api',
	longLivedToken: 'kommoIncomingLeadsLongLivedApi',
} as const;

/** Kommo refuses pages larger than this, and add requests with more items. */
export const MAX_PAGE_SIZE = 250;

export const INCOMING_LEAD_CATEGORIES = ['sip', 'forms', 'chats', 'mail'] as const;
export type IncomingLeadCategory = (typeof INCOMING_LEAD_CATEGORIES)[number];

export const ACCOUNT_DOMAINS = ['kommo.com', 'amocrm.com', 'amocrm.ru'] as const;
