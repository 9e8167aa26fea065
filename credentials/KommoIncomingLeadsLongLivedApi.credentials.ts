import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { accountFields, accountUrlExpression } from './kommo-account-fields';

export class KommoIncomingLeadsLongLivedApi implements ICredentialType {
	name = 'kommoIncomingLeadsLongLivedApi';

	displayName = 'Kommo Long-Lived Token API';

	icon = {
		light: 'file:../nodes/Kommo/kommo.svg',
		dark: 'file:../nodes/Kommo/kommo.dark.svg',
	} as const;

	documentationUrl = 'https://developers.kommo.com/docs/long-lived-token';

	properties: INodeProperties[] = [
		...accountFields,
		{
			displayName: 'Long-Lived Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Created in Kommo under Settings → Integrations → your private integration → Keys and scopes → Generate long-lived token',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{${accountUrlExpression('$credentials')}}}`,
			url: '/api/v4/account',
		},
	};
}
