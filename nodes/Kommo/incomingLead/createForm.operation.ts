import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { createdIncomingLeadItems } from '../hooks/output';
import { sendInChunks } from '../hooks/run-request';
import { forOperation, INCOMING_LEADS_PATH } from './common';
import { buildCreateBody } from './create/body';
import { FORM_METADATA } from './create/category-fields';
import { createFields } from './create/fields';

export const createFormOperation: INodePropertyOptions = {
	name: 'Create From Form',
	value: 'createForm',
	action: 'Create an incoming lead from a form',
	description: 'Add web form submissions as incoming leads',
	routing: {
		request: { method: 'POST', url: `${INCOMING_LEADS_PATH}/forms` },
		send: { preSend: [buildCreateBody('forms')] },
		operations: { pagination: sendInChunks },
		output: { postReceive: [createdIncomingLeadItems(`POST ${INCOMING_LEADS_PATH}/forms`)] },
	},
};

export const createFormFields: INodeProperties[] = forOperation(
	'createForm',
	createFields('forms', FORM_METADATA),
);
