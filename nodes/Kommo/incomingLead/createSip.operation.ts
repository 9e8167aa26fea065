import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { createdIncomingLeadItems } from '../hooks/output';
import { sendInChunks } from '../hooks/run-request';
import { forOperation, INCOMING_LEADS_PATH } from './common';
import { buildCreateBody } from './create/body';
import { SIP_METADATA } from './create/category-fields';
import { createFields } from './create/fields';

export const createSipOperation: INodePropertyOptions = {
	name: 'Create From Call',
	value: 'createSip',
	action: 'Create an incoming lead from a call',
	description: 'Add incoming call (SIP) leads',
	routing: {
		request: { method: 'POST', url: `${INCOMING_LEADS_PATH}/sip` },
		send: { preSend: [buildCreateBody('sip')] },
		operations: { pagination: sendInChunks },
		output: { postReceive: [createdIncomingLeadItems(`POST ${INCOMING_LEADS_PATH}/sip`)] },
	},
};

export const createSipFields: INodeProperties[] = forOperation(
	'createSip',
	createFields('sip', SIP_METADATA),
);
