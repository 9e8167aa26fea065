import type { INodeProperties } from 'n8n-workflow';

import { acceptFields, acceptOperation } from './accept.operation';
import { createFormFields, createFormOperation } from './createForm.operation';
import { createSipFields, createSipOperation } from './createSip.operation';
import { declineFields, declineOperation } from './decline.operation';
import { getFields, getOperation } from './get.operation';
import { getAllFields, getAllOperation } from './getAll.operation';
import { getSummaryFields, getSummaryOperation } from './getSummary.operation';
import { linkFields, linkOperation } from './link.operation';

export const incomingLeadOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['incomingLead'] } },
	options: [
		acceptOperation,
		createSipOperation,
		createFormOperation,
		declineOperation,
		getOperation,
		getAllOperation,
		getSummaryOperation,
		linkOperation,
	],
	default: 'getAll',
};

export const incomingLeadFields: INodeProperties[] = [
	...getAllFields,
	...getFields,
	...createSipFields,
	...createFormFields,
	...acceptFields,
	...declineFields,
	...linkFields,
	...getSummaryFields,
];
