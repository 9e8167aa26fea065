import type { CommandResult } from './child-processes';

/**
 * The signals with which n8n 2.41's CLI has been seen dying while it exits, after it printed
 * its complete output: SIGSEGV (~1 run in 10 here) and, once in a cold CI run, SIGILL (132).
 * Both come from V8 tearing down a worker thread; SIGABRT, SIGBUS and SIGTRAP are the other ways
 * a V8 fatal error ends a process. SIGTERM and SIGKILL are not here: those come from someone
 * (our own timeout included) stopping n8n, which is no crash at exit.
 */
export const CRASH_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set<NodeJS.Signals>([
	'SIGSEGV',
	'SIGILL',
	'SIGBUS',
	'SIGABRT',
	'SIGTRAP',
]);

/**
 * Whether the command was ended by a crash signal. Callers accept that as "done" only together
 * with proof that the work finished (the printed run, or the command's success line).
 */
export function crashedBySignal(result: Pick<CommandResult, 'signal' | 'timedOut'>): boolean {
	return !result.timedOut && result.signal !== null && CRASH_SIGNALS.has(result.signal);
}
