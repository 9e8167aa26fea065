/**
 * What differs between the n8n lines the harness drives: n8n 2.41 (the default, on Node 24) and
 * n8n 1.123 (the compatibility smoke, on Node 22). The REST API the harness uses (owner setup,
 * login, POST /rest/workflows/:id/activate with a versionId, executions, credential test) is the
 * same in both; the CLI's activation commands differ (1.x has no publish/unpublish), and so
 * does the environment n8n accepts.
 */
export type N8nLine = '2.x' | '1.x';

export interface N8nLineInfo {
	/** The script under scripts/ that installs and verifies this line's cached runtime. */
	installScript: string;
	/** `n8n <args>` that marks a workflow active (or not) while the server is stopped. */
	setActiveCommand(workflowId: string, active: boolean): string[];
	/** What that command prints when it worked (some failures still exit 0). */
	setActiveSuccess(active: boolean): RegExp;
	/** Paths that must all answer 200 before the server counts as started. */
	readyPaths: string[];
	/** Overrides of the harness's environment (n8n-env.ts) this line needs. */
	env: Record<string, string>;
}

export const N8N_LINES: Record<N8nLine, N8nLineInfo> = {
	'2.x': {
		installScript: 'install-n8n.sh',
		setActiveCommand: (id, active) => [
			active ? 'publish:workflow' : 'unpublish:workflow',
			`--id=${id}`,
		],
		setActiveSuccess: (active) =>
			active ? /Note: Changes will not take effect/ : /unpublished successfully/,
		readyPaths: ['/healthz/readiness'],
		env: {},
	},
	'1.x': {
		installScript: 'install-n8n-1x.sh',
		setActiveCommand: (id, active) => ['update:workflow', `--id=${id}`, `--active=${active}`],
		setActiveSuccess: () => /Activation or deactivation will not take effect/,
		// 1.123 answers /healthz/readiness once migrations ran, before its REST controllers are
		// mounted (POST /rest/owner/setup then gets 404); /rest/settings is mounted right after them.
		readyPaths: ['/healthz/readiness', '/rest/settings'],
		// 1.123 knows no module "mcp-registry" and refuses to start on an unknown module name
		// (UnknownModuleError); it has no registry module that calls out either.
		env: { N8N_DISABLED_MODULES: '' },
	},
};
