export { ensureN8nRuntime, type N8nRuntime } from './runtime';
export { N8N_LINES, type N8nLine } from './n8n-version';
export { installPackageInto, type InstalledPackage } from './package-install';
export {
	N8nInstance,
	type CredentialFile,
	type ExecuteResult,
	type ExecutionRecord,
	type N8nInstanceOptions,
	type N8nOwner,
	type RestResponse,
	type WorkflowFile,
} from './n8n-instance';
export { nodeItems, parseRawOutput, runError, runStatus } from './raw-output';
export { parseFlatted } from './flatted';
export { e2eRoot, probePackageRoot, repoRoot } from './paths';
export { describePortHolders, isPortFree, portHolders, type PortHolder } from './port-owner';
export { createE2eN8n, e2eMode, type E2eN8n } from './e2e-mode';
export {
	QueueCluster,
	createQueueCluster,
	startQueueCluster,
	type QueueClusterOptions,
	type QueueWorker,
} from './queue/queue-cluster';
export { runWorkflowViaRest, waitForExecution } from './queue/run-workflow';
export { waitFor, waiter } from './wait-for';
