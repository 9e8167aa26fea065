import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import {
	accountFields,
	accountUrlExpression,
	authorizeUrlExpression,
} from './kommo-account-fields';

export class KommoIncomingLeadsOAuth2Api implements ICredentialType {
	name = 'kommoIncomingLeadsOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Kommo OAuth2 API';

	icon = {
		light: 'file:../nodes/Kommo/kommo.svg',
		dark: 'file:../nodes/Kommo/kommo.dark.svg',
	} as const;

	documentationUrl = 'https://developers.kommo.com/docs/oauth-20';

	properties: INodeProperties[] = [
		...accountFields,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			// Kommo's consent screen lives on www.<domain>, not on the account's subdomain.
			default: `={{${authorizeUrlExpression('$self')}}}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{${accountUrlExpression('$self')} + "/oauth2/access_token"}}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
