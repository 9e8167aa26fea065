/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling run by npm scripts, never shipped; the n8n Cloud rules are for nodes/ and credentials/ */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WorkflowFile } from '../../test/e2e/harness';

/**
 * The example workflows in `<repo>/examples`, as `n8n import:workflow` reads them. `npm run dev`
 * imports them and the end-to-end suite (test/e2e/examples.test.ts) runs them against the sandbox.
 */
export function loadExamples(repoRoot: string): WorkflowFile[] {
	const folder = join(repoRoot, 'examples');
	return readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			// Files of this repo, checked below for what the import needs.
			const workflow = JSON.parse(readFileSync(join(folder, file), 'utf8')) as WorkflowFile;
			if (typeof workflow.id !== 'string' || !Array.isArray(workflow.nodes)) {
				throw new Error(`examples/${file} is not an n8n workflow with an id`);
			}
			return workflow;
		});
}
