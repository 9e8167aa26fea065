/**
 * Calls `probe` every 250 ms until `done` accepts its value, which it returns. On timeout the
 * error names `what`, shows the last value (shortened) and `context()` (e.g. n8n's log tail).
 */
export async function waitFor<T>(
	probe: () => Promise<T> | T,
	done: (value: T) => boolean,
	timeoutMs: number,
	what: string,
	context: () => string = () => '',
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (done(value)) return value;
		if (Date.now() > deadline) {
			throw new Error(
				`timed out waiting for ${what}: ${JSON.stringify(value)?.slice(0, 2_000)}\n${context()}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** waitFor with its `context` bound, e.g. `const until = waiter(() => n8n.serverLogText())`. */
export function waiter(context: () => string) {
	return <T>(
		probe: () => Promise<T> | T,
		done: (value: T) => boolean,
		timeoutMs: number,
		what: string,
	): Promise<T> => waitFor(probe, done, timeoutMs, what, context);
}
