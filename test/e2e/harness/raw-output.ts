import type { IDataObject } from 'n8n-workflow';

/**
 * `n8n execute --rawOutput` prints log lines first (task broker, license SDK, on failure also
 * "Execution was NOT successful" and the error message), then the run as pretty-printed JSON,
 * and on failure the stack trace after it. The JSON therefore starts at a line beginning with
 * "{" and is the largest such block that parses; a string-aware brace scan finds its end.
 */
export function parseRawOutput(stdout: string): unknown {
	let best: { length: number; value: unknown } | undefined;
	for (let start = stdout.indexOf('{'); start !== -1; start = stdout.indexOf('{', start + 1)) {
		if (start > 0 && stdout[start - 1] !== '\n') continue;
		const end = matchingBrace(stdout, start);
		if (end === -1) continue;
		const length = end + 1 - start;
		if (best && best.length >= length) continue;
		try {
			best = { length, value: JSON.parse(stdout.slice(start, end + 1)) };
		} catch {
			// Not JSON after all (e.g. a logged object literal); keep looking.
		}
	}
	return best?.value;
}

function matchingBrace(text: string, start: number): number {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const char = text[i];
		if (inString) {
			if (char === '\\') i++;
			else if (char === '"') inString = false;
		} else if (char === '"') inString = true;
		else if (char === '{' || char === '[') depth++;
		else if (char === '}' || char === ']') {
			depth--;
			if (depth === 0) return i;
		}
	}
	return -1;
}

/** The parts of n8n's IRun that tests read; everything else stays `unknown`. */
interface RunShape {
	status?: string;
	data?: {
		resultData?: {
			error?: { message?: string; description?: string; name?: string };
			runData?: Record<
				string,
				Array<{ data?: { main?: Array<Array<{ json: IDataObject }> | null> } }>
			>;
		};
	};
}

function asRun(output: unknown): RunShape {
	if (typeof output !== 'object' || output === null) {
		throw new Error(`not an n8n run: ${JSON.stringify(output)?.slice(0, 200)}`);
	}
	// Narrowed by the checks above; the fields read below are all optional.
	return output as RunShape;
}

/** The run's status as n8n reports it: "success", "error", ... */
export function runStatus(output: unknown): string | undefined {
	return asRun(output).status;
}

/** The `json` of every item a node emitted (first run, first output unless given). */
export function nodeItems(
	output: unknown,
	nodeName: string,
	outputIndex = 0,
	runIndex = 0,
): IDataObject[] {
	const runData = asRun(output).data?.resultData?.runData ?? {};
	const runs = runData[nodeName];
	if (!runs) {
		throw new Error(
			`node "${nodeName}" did not run; nodes that ran: ${Object.keys(runData).join(', ') || 'none'}`,
		);
	}
	const items = runs[runIndex]?.data?.main?.[outputIndex] ?? [];
	return items.map((item) => item.json);
}

/** The error that stopped the run, if any (message, description and error class name). */
export function runError(
	output: unknown,
): { message?: string; description?: string; name?: string } | undefined {
	return asRun(output).data?.resultData?.error;
}
