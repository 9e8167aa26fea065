/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { runGroup } from '../e2e/harness/child-processes';
import { crashedBySignal } from '../e2e/harness/exit-crash';

/**
 * How the e2e harness tells n8n's crash at exit (after a complete run was printed) from a real
 * failure: real processes, started the way the harness starts n8n (own process group, watchdog),
 * each printing a line and then ending in the way under test.
 */
const endingWith = (ending: string) =>
	runGroup(process.execPath, ['-e', `console.log('{"status":"success"}'); ${ending}`], {
		cwd: process.cwd(),
		env: process.env,
		timeoutMs: 20_000,
	});

test.each(['SIGSEGV', 'SIGILL', 'SIGABRT', 'SIGBUS', 'SIGTRAP'])(
	'a process that dies with %s after printing counts as a crash at exit',
	async (signal) => {
		const result = await endingWith(`process.kill(process.pid, '${signal}')`);
		expect(result.signal).toBe(signal);
		expect(result.stdout).toContain('"status":"success"');
		expect(crashedBySignal(result)).toBe(true);
	},
);

test.each([
	['exit code 1', 'process.exit(1)', null],
	['exit code 120', 'process.exit(120)', null],
	['SIGTERM (someone stopped it)', "process.kill(process.pid, 'SIGTERM')", 'SIGTERM'],
	['SIGKILL', "process.kill(process.pid, 'SIGKILL')", 'SIGKILL'],
])('%s is no crash at exit', async (_name, ending, signal) => {
	const result = await endingWith(ending);
	expect(result.signal).toBe(signal);
	expect(crashedBySignal(result)).toBe(false);
});

test('a command our own timeout ended is no crash at exit, whatever its signal', async () => {
	const result = await runGroup(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
		cwd: process.cwd(),
		env: process.env,
		timeoutMs: 300,
	});
	expect(result.timedOut).toBe(true);
	expect(crashedBySignal(result)).toBe(false);
	expect(crashedBySignal({ ...result, signal: 'SIGSEGV' })).toBe(false);
});
