import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ACCOUNT_DOMAINS } from './constants';

// One DNS label: the only shape that keeps the token on the account's own host.
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * The account's API origin, from either credential type. Every request of the package is built on
 * it, so a subdomain such as "evil.com/x" or "a@b" can never redirect the token elsewhere.
 */
export function kommoBaseUrl(node: INode, credentials: ICredentialDataDecryptedObject): string {
	const domain = String(credentials.domain ?? 'kommo.com');
	if (domain === 'custom') {
		return customBaseUrl(node, String(credentials.baseUrl ?? ''));
	}
	if (!(ACCOUNT_DOMAINS as readonly string[]).includes(domain)) {
		throw new NodeOperationError(node, `Unknown Kommo domain "${domain}" in the credential`, {
			description: `Choose one of ${ACCOUNT_DOMAINS.join(', ')} or "Custom Base URL".`,
		});
	}
	const subdomain = String(credentials.subdomain ?? '').trim();
	if (!DNS_LABEL.test(subdomain)) {
		throw new NodeOperationError(
			node,
			`The credential's Subdomain "${subdomain}" is not a plain account name`,
			{
				description: `Enter only the first part of your account address: for https://mycompany.${domain} enter "mycompany" (letters, digits and hyphens; no dots, slashes, "@", ports or spaces).`,
			},
		);
	}
	return `https://${subdomain.toLowerCase()}.${domain}`;
}

function customBaseUrl(node: INode, raw: string): string {
	const invalid = (why: string) =>
		new NodeOperationError(node, `The credential's Base URL "${raw}" is not usable: ${why}`, {
			description: 'Use an address like https://mycompany.kommo.com or http://127.0.0.1:8765.',
		});
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		throw invalid('it is not a URL');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('use http or https');
	if (url.username || url.password) throw invalid('it must not contain a user name or password');
	if (url.search || url.hash) throw invalid('it must not contain "?" or "#"');
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
