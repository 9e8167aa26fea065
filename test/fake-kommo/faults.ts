export interface FaultSpec {
	method?: string;
	/** Exact string or RegExp, matched against the path without query. */
	path?: string | RegExp;
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** How many matching requests get the fault; default 1. */
	times?: number;
	/** Let this many matching requests through first; default 0. */
	afterMatches?: number;
	/** Drop the connection without answering, as a network error would. */
	destroySocket?: boolean;
}

interface ActiveFault {
	spec: FaultSpec;
	remaining: number;
	toSkip: number;
}

/** Injected failures, consulted before routing so they can hit any endpoint (OAuth included). */
export class FaultList {
	private faults: ActiveFault[] = [];

	add(spec: FaultSpec): void {
		this.faults.push({ spec, remaining: spec.times ?? 1, toSkip: spec.afterMatches ?? 0 });
	}

	clear(): void {
		this.faults = [];
	}

	/** The fault this request triggers, if any; consumes one use of it. */
	take(method: string, path: string): FaultSpec | undefined {
		for (const fault of this.faults) {
			if (!matches(fault.spec, method, path)) continue;
			if (fault.toSkip > 0) {
				fault.toSkip--;
				continue;
			}
			fault.remaining--;
			if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
			return fault.spec;
		}
		return undefined;
	}
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
	if (spec.method !== undefined && spec.method.toUpperCase() !== method.toUpperCase()) return false;
	if (spec.path === undefined) return true;
	if (typeof spec.path === 'string') return spec.path === path;
	// A /g or /y regexp keeps lastIndex between calls; reset so every request is tested from the start.
	spec.path.lastIndex = 0;
	return spec.path.test(path);
}
