import type { INodeProperties } from 'n8n-workflow';

import { ACCOUNT_DOMAINS } from '../nodes/shared/constants';

/**
 * Fields shared by both credential types. The account URL is derived, never typed as a whole,
 * unless the user explicitly picks "Custom Base URL" (a proxy, the sandbox, tests).
 */
export const accountFields: INodeProperties[] = [
	{
		displayName: 'Account Domain',
		name: 'domain',
		type: 'options',
		options: [
			{ name: 'kommo.com', value: 'kommo.com' },
			{ name: 'amocrm.com', value: 'amocrm.com' },
			{ name: 'amocrm.ru', value: 'amocrm.ru' },
			{
				name: 'Custom Base URL',
				value: 'custom',
				description: 'A proxy or the local sandbox',
			},
		],
		default: 'kommo.com',
		description:
			'The domain in your account address, e.g. kommo.com for https://mycompany.kommo.com',
	},
	{
		displayName: 'Subdomain',
		name: 'subdomain',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'mycompany',
		hint: 'Only the account name: for https://mycompany.kommo.com enter "mycompany"',
		displayOptions: { hide: { domain: ['custom'] } },
	},
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'http://127.0.0.1:8765',
		description: 'Full address of the Kommo API, without a path such as /api/v4',
		displayOptions: { show: { domain: ['custom'] } },
	},
	{
		displayName: 'Max Requests per Second',
		name: 'maxRequestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 6,
		description:
			'Kommo answers 429 from 7 requests per second and blocks accounts that keep exceeding it. At most this many requests to the account start in any second, from all n8n processes together (each counted until a second after its answer). 0 = no pacing (e.g. for the local sandbox).',
	},
	{
		displayName: 'n8n Processes Sharing This Limit',
		name: 'processesSharingLimit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
		default: 1,
		hint: 'Keep 1 for a single n8n. In queue mode: the number of n8n workers, plus the main and webhook processes if they run Kommo triggers with this credential',
		description:
			'Each of these processes sends at most Max Requests per Second divided by this number (fractions work: 6 over 4 processes = 1.5 each), so together they stay under the account limit. After a 429 a process also pauses and slows down by itself.',
		displayOptions: { hide: { maxRequestsPerSecond: [0] } },
	},
];

// Hosts that cannot resolve (RFC 2606 ".invalid"): whatever a credential holds (typed, imported or
// set through n8n's API), n8n can then only send a token or authorization code to the account's host.
const INVALID = {
	subdomain: 'subdomain-must-be-a-plain-account-name.invalid',
	domain: 'https://account-domain-must-be-one-of-the-list.invalid',
	baseUrl: 'https://base-url-must-be-http-or-https-without-user-info.invalid',
};

const knownDomain = (self: string) =>
	`${JSON.stringify(ACCOUNT_DOMAINS)}.includes(String(${self}.domain || "kommo.com"))`;

// A subdomain that is not one DNS label yields a ".invalid" host.
const subdomainHost = (self: string) =>
	`(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(String(${self}.subdomain || "").trim()) ? String(${self}.subdomain).trim().toLowerCase() + "." + String(${self}.domain || "kommo.com") : "${INVALID.subdomain}")`;

// A custom base URL must be http(s) and carry no user info ("https://acme.kommo.com@evil.com" is a
// request to evil.com); the node refuses the same values (nodes/shared/account-url.ts).
const customBase = (self: string) =>
	`(/^https?:\\/\\/[^\\/?#@\\\\]+(\\/[^?#@]*)?$/i.test(String(${self}.baseUrl || "").trim()) ? String(${self}.baseUrl).trim().replace(/\\/+$/, "") : "${INVALID.baseUrl}")`;

/** JavaScript (inside `{{ }}`) for the account origin, over `$self` or `$credentials`. */
export const accountUrlExpression = (self: '$self' | '$credentials') =>
	`(${self}.domain === "custom" ? ${customBase(self)} : ${knownDomain(self)} ? "https://" + ${subdomainHost(self)} : "${INVALID.domain}")`;

/** JavaScript for Kommo's OAuth2 consent page, which lives on www.<domain>, not on the account. */
export const authorizeUrlExpression = (self: '$self') =>
	`(${self}.domain === "custom" ? ${customBase(self)} + "/oauth" : ${knownDomain(self)} ? "https://www." + ${self}.domain + "/oauth" : "${INVALID.domain}/oauth")`;
