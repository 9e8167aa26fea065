// `npm run check:workflows`: the GitHub workflows cannot run here, so this checks what can be
// checked without GitHub:
//  1. each file in .github/workflows/ is valid against the GitHub workflow schema (SchemaStore's,
//     compiled into @action-validator/core; no network);
//  2. every `run:` step is one command of the kinds .ci/run also runs: `npm ci`, `npm test`,
//     `npm run <script>` for a script that exists in package.json and that .ci/run runs, or
//     `npm publish --provenance …` in a job allowed to mint an OIDC token (id-token: write), whose
//     prepublishOnly only chains such scripts. So what GitHub runs is what CI here proves green;
//  3. .github/dependabot.yml has the shape Dependabot reads (version 2, ecosystem, directory,
//     schedule).
// `--root <dir>` checks another checkout (the unit test feeds it broken copies).
import { validateWorkflow } from '@action-validator/core';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const rootArg = process.argv.indexOf('--root');
const root =
	rootArg > 0 ? process.argv[rootArg + 1] : join(dirname(fileURLToPath(import.meta.url)), '..');
const problems = [];
const fail = (where, message) => problems.push(`${where}: ${message}`);

const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};

/**
 * The npm commands .ci/run runs: its own lines, and those of the package scripts they start, down
 * through `bash <file>` scripts (`npm test` runs scripts/test-all.sh, which runs test:unit).
 */
function ciRunCommands() {
	const commands = new Set();
	const readFiles = new Set();
	const visit = (text) => {
		for (const line of text.split('\n')) {
			const found = /\bnpm (ci|test|run [\w:.-]+)/.exec(line.replace(/#.*/, ''))?.[0];
			if (found === undefined || commands.has(found)) continue;
			commands.add(found);
			const script = scripts[found === 'npm test' ? 'test' : found.slice('npm run '.length)];
			if (script === undefined) continue;
			visit(script.split('&&').join('\n'));
			const file = /^(?:exec )?bash (\S+)$/.exec(script)?.[1];
			if (file && !readFiles.has(file) && existsSync(join(root, file))) {
				readFiles.add(file);
				visit(readFileSync(join(root, file), 'utf8'));
			}
		}
	};
	visit(readFileSync(join(root, '.ci', 'run'), 'utf8'));
	return commands;
}
const ciRun = ciRunCommands();

/** Why `command` may not be a step, or undefined when it may. */
function refuseNpmCommand(command) {
	if (command === 'npm ci' || command === 'npm test') {
		return ciRun.has(command) ? undefined : `.ci/run does not run \`${command}\``;
	}
	const script = /^npm run ([\w:.-]+)$/.exec(command)?.[1];
	if (script === undefined)
		return `\`${command}\` is not \`npm ci\`, \`npm test\` or \`npm run <script>\``;
	if (scripts[script] === undefined) return `package.json has no script "${script}"`;
	if (!ciRun.has(command)) return `.ci/run does not run \`${command}\``;
	return undefined;
}

function checkPublish(where, command, job) {
	if (!/^npm publish --provenance( --[\w-]+(=\S+)?)*$/.test(command)) {
		fail(where, `\`${command}\`: a publish step is \`npm publish --provenance [--flag…]\``);
	}
	if (job.permissions?.['id-token'] !== 'write') {
		fail(where, 'npm publish --provenance needs `permissions: id-token: write` on its job');
	}
	const guard = scripts.prepublishOnly;
	if (guard === undefined) {
		fail(where, 'package.json has no prepublishOnly to refuse a broken package');
		return;
	}
	for (const part of guard.split('&&').map((p) => p.trim())) {
		const why = refuseNpmCommand(part);
		if (why) fail(where, `prepublishOnly runs \`${part}\`: ${why}`);
	}
}

function checkWorkflow(file) {
	const where = `.github/workflows/${file}`;
	const source = readFileSync(join(root, '.github', 'workflows', file), 'utf8');
	for (const error of validateWorkflow(source).errors) {
		const at = 'path' in error && error.path ? ` at ${error.path}` : '';
		fail(where, `schema: ${error.title}${at}${error.detail ? ` (${error.detail})` : ''}`);
	}
	let workflow;
	try {
		workflow = parse(source);
	} catch (error) {
		fail(where, `YAML: ${error.message}`);
		return 0;
	}
	let runs = 0;
	for (const [jobId, job] of Object.entries(workflow?.jobs ?? {})) {
		(job?.steps ?? []).forEach((step, index) => {
			if (step?.run === undefined) return;
			runs += 1;
			const stepWhere = `${where}: job "${jobId}", step ${index + 1}${step.name ? ` "${step.name}"` : ''}`;
			const command = String(step.run).trim();
			if (command.includes('\n')) {
				fail(stepWhere, 'a run step is one command (no multi-line scripts)');
			} else if (command.startsWith('npm publish')) {
				checkPublish(stepWhere, command, job);
			} else {
				const why = refuseNpmCommand(command);
				if (why) fail(stepWhere, why);
			}
		});
	}
	return runs;
}

function checkDependabot() {
	const where = '.github/dependabot.yml';
	if (!existsSync(join(root, where))) return fail(where, 'missing');
	const config = parse(readFileSync(join(root, where), 'utf8'));
	if (config?.version !== 2) fail(where, 'version must be 2');
	const ecosystems = (config?.updates ?? []).map((u, i) => {
		if (!u?.directory || !u?.schedule?.interval) {
			fail(where, `updates[${i}] needs directory and schedule.interval`);
		}
		return u?.['package-ecosystem'];
	});
	for (const wanted of ['npm', 'github-actions']) {
		if (!ecosystems.includes(wanted)) fail(where, `no update entry for ${wanted}`);
	}
}

const dir = join(root, '.github', 'workflows');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
for (const wanted of ['ci.yml', 'publish.yml']) {
	if (!files.includes(wanted)) fail(`.github/workflows/${wanted}`, 'missing');
}
for (const file of files.sort()) {
	const runs = checkWorkflow(file);
	console.log(`check:workflows: .github/workflows/${file}: ${runs} run steps checked`);
}
checkDependabot();

if (problems.length > 0) {
	console.error(`check:workflows: FAILED\n${problems.map((p) => `  ${p}`).join('\n')}`);
	process.exit(1);
}
console.log('check:workflows: passed');
