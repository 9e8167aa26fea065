import { SupplyDataContext } from 'n8n-core';
// n8n-core's own conversion of a tool node into the LangChain tool an AI Agent hands its model.
import { createNodeAsTool } from 'n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool';
import type {
	INode,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { Kommo } from '../../nodes/Kommo/Kommo.node';
import { incomingLeadOperations } from '../../nodes/Kommo/incomingLead';
import { OPERATION_TOOL_DESCRIPTIONS } from '../../nodes/Kommo/tool/descriptions';
import { TOOL_DESCRIPTION_FALLBACK } from '../../nodes/Kommo/tool/properties';

/**
 * The description and argument schema the model of an AI Agent reads for the Kommo Tool, as
 * n8n-core builds them (createNodeAsTool → NodeHelpers.getToolDescriptionForNode, evaluating the
 * node's `toolDescription` expression in the node's own context). The tool type is made the way
 * n8n's server makes it for a node with `usableAsTool` (name + "Tool", ai_tool output); the e2e
 * browser suite checks that the real n8n lists it.
 */

const base = new Kommo();
const toolType: INodeType = {
	...base,
	description: {
		...base.description,
		name: 'kommoTool',
		displayName: 'Kommo Tool',
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
	},
};
delete toolType.description.usableAsTool;

const nodeTypes: INodeTypes = {
	getByName: () => toolType,
	getByNameAndVersion: () => toolType,
	getKnownTypes: () => ({}),
} as INodeTypes;

const additionalData = {
	executionId: 'tool-test',
	webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
	formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
	variables: {},
} as unknown as IWorkflowExecuteAdditionalData;

/** The tool an AI Agent would get from a Kommo Tool node with these parameters. */
function toolFor(parameters: INodeParameters) {
	const workflow = new Workflow({
		id: 'tool-wf',
		nodes: [
			{
				id: 'kommo-tool',
				name: 'Kommo',
				type: 'n8n-nodes-kommo-incoming-leads.kommoTool',
				typeVersion: 1,
				position: [0, 0],
				parameters: { authentication: 'longLivedToken', resource: 'incomingLead', ...parameters },
			},
		],
		connections: {},
		active: false,
		nodeTypes,
	});
	const node = workflow.getNode('Kommo') as INode;
	const items = [{ json: {} }];
	// The context n8n-core gives a tool node when an AI Agent asks for its tools.
	const context = new SupplyDataContext(
		workflow,
		node,
		additionalData,
		'manual',
		createRunExecutionData(),
		0,
		items,
		{ main: [items] },
		NodeConnectionTypes.AiTool,
		{ node, data: { main: [items] }, source: null },
		[],
	);
	return createNodeAsTool({
		node,
		nodeType: toolType,
		handleToolInvocation: async () => 'not invoked here',
		context,
		itemIndex: 0,
	}).response;
}

const operations = (incomingLeadOperations.options ?? []).map((option) =>
	String((option as { value: string }).value),
);

test('every operation has a tool description and no description lacks an operation', () => {
	expect(operations.length).toBe(8);
	expect(Object.keys(OPERATION_TOOL_DESCRIPTIONS).sort()).toEqual([...operations].sort());
	for (const text of Object.values(OPERATION_TOOL_DESCRIPTIONS)) {
		expect(text.length).toBeGreaterThan(120);
		// The texts live inside an n8n expression: a brace pair would end it early.
		expect(text).not.toMatch(/\{\{|\}\}/);
	}
});

/** The required fields an operation shows with its defaults (Input Mode "Fields" for creates). */
function requiredFields(operation: string): string[] {
	return base.description.properties
		.filter(
			(property: INodeProperties) =>
				property.required &&
				property.displayOptions?.show?.operation?.includes(operation) &&
				!property.displayOptions?.show?.inputMode?.includes('json'),
		)
		.map((property) => property.displayName);
}

test.each(operations)('the %s description names each field the operation requires', (operation) => {
	const text = OPERATION_TOOL_DESCRIPTIONS[operation];
	for (const field of requiredFields(operation)) expect(text).toContain(field);
	if (requiredFields(operation).length > 0) expect(text).toMatch(/Needs: /);
});

test.each(operations)(
	'the model reads the %s description when the tool description is set automatically',
	(operation) => {
		const tool = toolFor({ operation });
		expect(tool.description).toBe(OPERATION_TOOL_DESCRIPTIONS[operation]);
	},
);

test('a description set manually replaces it; an empty one falls back to the operation', () => {
	expect(
		toolFor({
			operation: 'accept',
			descriptionType: 'manual',
			customToolDescription: 'Accept the lead the customer confirmed',
		}).description,
	).toBe('Accept the lead the customer confirmed');
	expect(
		toolFor({ operation: 'accept', descriptionType: 'manual', customToolDescription: '  ' })
			.description,
	).toBe(OPERATION_TOOL_DESCRIPTIONS.accept);
	expect(toolFor({ operation: '__CUSTOM_API_CALL__' }).description).toBe(TOOL_DESCRIPTION_FALLBACK);
});

test('a $fromAI() parameter becomes an argument of the tool with its description', () => {
	const tool = toolFor({
		operation: 'get',
		uid: "={{ $fromAI('uid', 'the incoming lead UID', 'string') }}",
	});
	const shape = (tool.schema as { shape: Record<string, { description?: string }> }).shape;
	expect(Object.keys(shape)).toEqual(['uid']);
	expect(shape.uid.description).toBe('the incoming lead UID');
});

test('the description parameters exist only in the tool, not in the Kommo node', () => {
	const workflow = new Workflow({
		id: 'plain-wf',
		nodes: [
			{
				id: 'kommo',
				name: 'Kommo',
				type: 'n8n-nodes-kommo-incoming-leads.kommo',
				typeVersion: 1,
				position: [0, 0],
				parameters: { operation: 'get' },
			},
		],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => base,
			getByNameAndVersion: () => base,
			getKnownTypes: () => ({}),
		} as INodeTypes,
	});
	const parameters = workflow.getNode('Kommo')?.parameters ?? {};
	expect(parameters).not.toHaveProperty('toolDescription');
	expect(parameters).not.toHaveProperty('descriptionType');
	expect(toolFor({ operation: 'get' }).name).toBe('Kommo');
});
