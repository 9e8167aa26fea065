import type { IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * The overall time one operation, poll or dropdown may take. Its signal aborts the request in
 * flight, so a body that trickles in byte by byte is cut off too (a socket timeout never fires
 * while bytes keep coming).
 */
export class Deadline {
	// AbortSignal.timeout's timer does not keep n8n's process (or a test run) alive once work is done.
	readonly signal: AbortSignal;

	readonly endsAt: number;

	constructor(readonly ms: number) {
		this.endsAt = Date.now() + ms;
		this.signal = AbortSignal.timeout(ms);
	}

	get expired(): boolean {
		return this.signal.aborted || Date.now() >= this.endsAt;
	}

	/** Waits, unless the wait would outlast the deadline: then returns false at once. */
	async wait(ms: number): Promise<boolean> {
		if (Date.now() + ms >= this.endsAt) return false;
		if (ms > 0) await sleep(ms);
		return true;
	}
}

/**
 * Puts the deadline's signal on request options. n8n's httpRequestWithAuthentication overwrites
 * `abortSignal` with the execution's cancel signal in node executions, so the property keeps
 * whichever signal n8n assigns and hands out one that fires on either.
 */
export function bindDeadline<O extends Pick<IHttpRequestOptions, 'abortSignal'>>(
	options: O,
	deadline: Deadline,
): O {
	let assigned = options.abortSignal as AbortSignal | undefined;
	Object.defineProperty(options, 'abortSignal', {
		configurable: true,
		enumerable: true,
		get: () => (assigned ? AbortSignal.any([deadline.signal, assigned]) : deadline.signal),
		set: (signal: AbortSignal | undefined) => {
			assigned = signal;
		},
	});
	return options;
}
