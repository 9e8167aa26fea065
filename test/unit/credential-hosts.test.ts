import type { ICredentialDataDecryptedObject, INode, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { KommoIncomingLeadsLongLivedApi } from '../../credentials/KommoIncomingLeadsLongLivedApi.credentials';
import { KommoIncomingLeadsOAuth2Api } from '../../credentials/KommoIncomingLeadsOAuth2Api.credentials';

/**
 * Evaluates the credentials' own URL expressions with n8n-workflow's expression engine, as n8n
 * does: hidden OAuth2 fields with `$self` (CredentialsHelper.applyDefaultsAndOverwrites passes the
 * decrypted data as self data) and the credential test's baseURL with `$credentials`.
 */
const node: INode = {
	id: 'n',
	name: 'Credential',
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const noOp = { description: { properties: [] } };
const workflow = new Workflow({
	id: 'cred',
	nodes: [node],
	connections: {},
	active: false,
	nodeTypes: {
		getByName: () => noOp,
		getByNameAndVersion: () => noOp,
		getKnownTypes: () => ({}),
	} as never,
});

const oauth = new KommoIncomingLeadsOAuth2Api();
const hidden = (name: string) => String(oauth.properties.find((p) => p.name === name)?.default);

function evaluate(
	expression: string,
	data: ICredentialDataDecryptedObject,
	key: '$self' | '$credentials',
): string {
	const additionalKeys = key === '$credentials' ? ({ $credentials: data } as never) : {};
	const value = workflow.expression.getComplexParameterValue(
		node,
		{ value: expression } as INodeParameters,
		'internal',
		additionalKeys,
		undefined,
		undefined,
		key === '$self' ? data : undefined,
	) as { value: string };
	return value.value;
}

function urls(data: ICredentialDataDecryptedObject) {
	return {
		authorize: evaluate(hidden('authUrl'), data, '$self'),
		token: evaluate(hidden('accessTokenUrl'), data, '$self'),
		test: evaluate(
			String(new KommoIncomingLeadsLongLivedApi().test.request.baseURL),
			data,
			'$credentials',
		),
	};
}

const hostOf = (url: string) => new URL(url).host;

describe('credential URLs keep the token and the authorization code on the account host', () => {
	it('a listed domain gives the account and Kommo consent hosts', () => {
		expect(urls({ domain: 'kommo.com', subdomain: 'Acme' })).toEqual({
			authorize: 'https://www.kommo.com/oauth',
			token: 'https://acme.kommo.com/oauth2/access_token',
			test: 'https://acme.kommo.com',
		});
		expect(urls({ domain: 'custom', baseUrl: 'http://127.0.0.1:8765/' })).toEqual({
			authorize: 'http://127.0.0.1:8765/oauth',
			token: 'http://127.0.0.1:8765/oauth2/access_token',
			test: 'http://127.0.0.1:8765',
		});
	});

	it.each([
		['a domain outside the list', { domain: 'evil.com', subdomain: 'acme' }],
		['a domain with a path', { domain: 'kommo.com/x@evil.com', subdomain: 'acme' }],
		[
			'a custom base URL with user info',
			{ domain: 'custom', baseUrl: 'https://acme.kommo.com@evil.com' },
		],
		[
			'a custom base URL with user and password',
			{ domain: 'custom', baseUrl: 'https://u:p@evil.com/' },
		],
		[
			'a custom base URL that is not http(s)',
			{ domain: 'custom', baseUrl: 'javascript:alert(1)//evil.com' },
		],
		['a subdomain with a host in it', { domain: 'kommo.com', subdomain: 'evil.com/x' }],
	])(
		'%s yields a .invalid host in the authorize URL, token URL and credential test',
		(_case, data) => {
			const result = urls(data as ICredentialDataDecryptedObject);
			const subdomainOnly =
				'subdomain' in data && (data as { subdomain: string }).subdomain.includes('/');
			// The consent page does not depend on the subdomain: it stays on www.<listed domain>.
			if (!subdomainOnly) expect(hostOf(result.authorize)).toMatch(/\.invalid$/);
			else expect(hostOf(result.authorize)).toBe('www.kommo.com');
			expect(hostOf(result.token)).toMatch(/\.invalid$/);
			expect(hostOf(result.test)).toMatch(/\.invalid$/);
			expect(JSON.stringify(result)).not.toContain('evil.com');
		},
	);
});
