export const OAUTH2_CREDENTIAL = 'kommoIncomingLeadsOAuth2Api';
export const LONG_LIVED_CREDENTIAL = 'kommoIncomingLeadsLongLivedApi';

/** Kommo refuses pages larger than this, and add requests with more items. */
export const MAX_PAGE_SIZE = 250;

export const INCOMING_LEAD_CATEGORIES = ['sip', 'forms', 'chats', 'mail'] as const;
export type IncomingLeadCategory = (typeof INCOMING_LEAD_CATEGORIES)[number];

export const ACCOUNT_DOMAINS = ['kommo.com', 'amocrm.com', 'amocrm.ru'] as const;
