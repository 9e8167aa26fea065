/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling run by npm scripts, never shipped; the n8n Cloud rules are for nodes/ and credentials/ */
/**
 * `npm run dev` (scripts/dev.sh builds the package and compiles this file into .sandbox/):
 * a real n8n with this package, a sandbox Kommo account, a ready credential and the example
 * workflows. Reuses the end-to-end harness (runtime cache, package install, n8n process control).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { type FakeKommo, startFakeKommo } from '../../test/fake-kommo';
import { type CredentialFile, N8nInstance, repoRoot } from '../../test/e2e/harness';
import { assertLoginWorks, assertPortsFree } from './checks';
import { DEV_CREDENTIAL_ID, DEV_CREDENTIAL_TYPE, DEV_LANDING_PATH, readDevConfig } from './config';
import { loadExamples } from './examples';

// scripts/dev.sh passes the moment `npm run dev` started, so the times include the build.
const started = Number(process.env.KOMMO_DEV_STARTED_MS) || Date.now();
const seconds = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (message: string): void => {
	process.stdout.write(`[dev ${seconds()}] ${message}\n`);
};

let fake: FakeKommo | undefined;
let n8n: N8nInstance | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
	if (!stopping) {
		stopping = true;
		if (fake || n8n) process.stdout.write('\nStopping n8n and the sandbox…\n');
		await Promise.allSettled([n8n?.dispose(), fake?.close()]);
	}
	process.exit(code);
}

async function main(): Promise<void> {
	// Ctrl-C, or a SIGTERM to `npm run dev`, at any moment stops what was started so far (n8n
	// also dies with us: group watchdog).
	process.on('SIGINT', () => void shutdown(130));
	process.on('SIGTERM', () => void shutdown(143));
	process.on('SIGHUP', () => void shutdown(129));
	// npm forwards signals to its child shell only; if something between npm and us dies without
	// passing the signal on, we are re-parented: stop then too instead of running on unseen.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) void shutdown(143);
	}, 500).unref();

	const config = readDevConfig(process.env, repoRoot);
	// Both ports are checked before anything starts: a readiness probe cannot tell our n8n from
	// another one already on the port, and the owner login would go to that one.
	await assertPortsFree([
		{ port: config.n8nPort, what: 'n8n', variable: 'KOMMO_DEV_PORT' },
		...(config.sandbox
			? [{ port: config.sandbox.port, what: 'the sandbox Kommo', variable: 'KOMMO_SANDBOX_PORT' }]
			: []),
	]);
	if (config.reset) {
		log(`KOMMO_DEV_RESET: wiping ${relative(repoRoot, config.userFolder)}`);
		rmSync(config.userFolder, { recursive: true, force: true });
	}

	if (config.sandbox) {
		fake = await startFakeKommo({
			port: config.sandbox.port,
			seed: true,
			accessTokens: [config.sandbox.token],
		}).catch((error: unknown) => {
			const inUse = error instanceof Error && /EADDRINUSE/.test(error.message);
			throw new Error(
				inUse
					? `port ${config.sandbox?.port} is in use: set KOMMO_SANDBOX_PORT to a free port`
					: `the sandbox Kommo did not start: ${String(error)}`,
			);
		});
		log(`sandbox Kommo on ${fake.url} (${describeSandbox(fake)})`);
	} else {
		log(`using the Kommo account ${config.accountLabel} (KOMMO_TOKEN is set; no sandbox)`);
	}

	n8n = await N8nInstance.create('dev', {
		userFolder: config.userFolder,
		keepUserFolder: true,
		installPackage: true,
		port: config.n8nPort,
		host: 'localhost',
		owner: config.owner,
	});
	log(
		`n8n ${n8n.runtime.dir.split('-').pop() ?? ''} ready to start; package installed into ${relative(repoRoot, config.userFolder)}`,
	);

	const credential: CredentialFile = {
		id: DEV_CREDENTIAL_ID,
		name: config.sandbox
			? 'Kommo Sandbox'
			: `Kommo (${config.accountLabel.replace(/^https?:\/\//, '')})`,
		type: DEV_CREDENTIAL_TYPE,
		data: config.credentialData,
	};
	const workflows = loadExamples(repoRoot);
	// Import only what changed since the last run: keeps a second start fast and keeps edits
	// made in the editor, until the examples or the account change.
	const fingerprint = createHash('sha256')
		.update(JSON.stringify({ credential, workflows }))
		.digest('hex');
	const importedMarker = join(config.userFolder, '.dev-imported');
	const hasDatabase = existsSync(join(config.userFolder, '.n8n', 'database.sqlite'));
	if (
		!hasDatabase ||
		!existsSync(importedMarker) ||
		readFileSync(importedMarker, 'utf8') !== fingerprint
	) {
		await n8n.importCredentials([credential]);
		await n8n.importWorkflows(workflows);
		writeFileSync(importedMarker, fingerprint);
		log(`imported the credential "${credential.name}" and ${workflows.length} example workflows`);
	} else {
		log('credential and example workflows unchanged since the last run: kept');
	}

	n8n.onStaleOwner = (reason) =>
		log(`${reason}: resetting the owner to ${config.owner.email} (workflows and credentials stay)`);
	await n8n.start();
	// n8n's import leaves every workflow inactive; the examples marked active (the instant one)
	// are published now, so their web hook is subscribed before "ready". The sandbox starts empty
	// on every run while n8n remembers the last run's subscription: re-publishing subscribes anew.
	for (const workflow of workflows.filter((candidate) => candidate.active === true)) {
		if (fake) await n8n.deactivate(workflow.id);
		await n8n.activate(workflow.id);
		log(`activated "${workflow.name}"`);
	}
	if (fake && workflows.some((workflow) => workflow.active === true))
		await waitForSandboxHook(fake);
	const editor = `http://localhost:${config.n8nPort}`;
	// "ready" is printed only when the printed URL answers and the printed login works there.
	await assertLoginWorks(editor, config.owner);
	process.stdout.write(
		[
			'',
			`n8n with n8n-nodes-kommo-incoming-leads is ready in ${seconds()}`,
			`  Editor:      ${editor}/signin?redirect=${encodeURIComponent(DEV_LANDING_PATH)}`,
			`  Login:       ${config.owner.email} / ${config.owner.password}`,
			`  Credential:  "${credential.name}" (Kommo Long-Lived Token API) → ${config.accountLabel}`,
			`  Workflows:   ${workflows.map((workflow) => `${editor}/workflow/${workflow.id}`).join('\n               ')}`,
			...(fake
				? [
						`  Sandbox:     ${fake.url}/sandbox/add-lead adds an incoming lead (the instant example runs at once)`,
					]
				: []),
			`  n8n log:     ${relative(repoRoot, join(config.userFolder, 'n8n-server.log'))}`,
			'Ctrl-C stops n8n and the sandbox.',
			'',
		].join('\n'),
	);

	// Stay up until Ctrl-C; if n8n dies on its own, say so and stop the sandbox too.
	const instance = n8n;
	setInterval(() => {
		if (stopping || instance.isRunning) return;
		process.stderr.write(`n8n stopped unexpectedly:\n${instance.serverLogText()}\n`);
		void shutdown(1);
	}, 1000);
}

/** Activation is asynchronous in n8n: the sandbox shows when the web hook is subscribed. */
async function waitForSandboxHook(sandbox: FakeKommo): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (sandbox.state.webhooks.list().length === 0) {
		if (Date.now() > deadline) {
			log(
				'warning: the instant example did not subscribe its web hook within 60 s (see the n8n log)',
			);
			return;
		}
		await new Promise((resolvePromise) => setTimeout(resolvePromise, 250));
	}
	log(
		`the sandbox delivers web hooks to ${sandbox.state.webhooks.list().length === 1 ? 'one subscription' : 'several subscriptions'}`,
	);
}

function describeSandbox(sandbox: FakeKommo): string {
	const counts = new Map<string, number>();
	for (const lead of sandbox.state.waiting())
		counts.set(lead.category, (counts.get(lead.category) ?? 0) + 1);
	const leads = [...counts].map(([category, count]) => `${count} ${category}`).join(', ');
	return `incoming leads: ${leads}; ${sandbox.state.pipelines.length} pipelines, ${sandbox.state.users.length} users`;
}

main().catch(async (error: unknown) => {
	process.stderr.write(
		`npm run dev failed: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	await shutdown(1);
});
