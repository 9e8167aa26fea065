import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './constants';

/** The credential choice both nodes offer; the value picks the type in kommoCredentialType(). */
export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'Long-Lived Token', value: 'longLivedToken' },
		{ name: 'OAuth2', value: 'oAuth2' },
	],
	default: 'oAuth2',
};

export const kommoCredentials: INodeCredentialDescription[] = [
	{
		name: CREDENTIAL_TYPE.integration,
		required: true,
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
	{
		name: CREDENTIAL_TYPE.longLivedToken,
		required: true,
		displayOptions: { show: { authentication: ['longLivedToken'] } },
	},
];
