import type { TrafficStats } from '../fake-kommo/traffic';
import { ACCEPT_LOAD } from '../e2e/helpers/accept-load';

/** One row of `npm run bench:queue`: how n8n runs and what the credential says. */
export interface Row {
	mode: string;
	/** n8n processes that run the executions (the regular n8n, or the workers). */
	processes: number;
	/** The credential's "n8n Processes Sharing This Limit". */
	setting: number;
}

export interface RowResult {
	row: Row;
	traffic: TrafficStats;
	/** Leads of this row the fake accepted (answered 200) at least once. */
	accepted: number;
	/** Leads accepted more than once (must be 0). */
	acceptedTwice: number;
	runsSucceeded: number;
	/** From starting the 10 runs until every one of them was recorded as stopped. */
	wallS: number;
}

/** The figures as a markdown table, for the README. */
export function markdownTable(results: RowResult[], idealS: number): string {
	const total = ACCEPT_LOAD.executions * ACCEPT_LOAD.leadsPerExecution;
	return [
		`load: ${ACCEPT_LOAD.executions} executions × ${ACCEPT_LOAD.leadsPerExecution} accepts at ` +
			`${ACCEPT_LOAD.perSecond}/s (ideal ${idealS} s, target ≤ ${idealS * 1.3} s); fake: 429 from ` +
			'the 8th request per second, block after 10 × 429 per minute',
		'',
		'| mode | n8n processes | "n8n Processes Sharing This Limit" | requests/s (avg) | busiest second | 429 answers | blocked | leads accepted (twice) | runs succeeded | first to last request | start to all runs finished |',
		'|---|---|---|---|---|---|---|---|---|---|---|',
		...results.map(
			({ row, traffic, accepted, acceptedTwice, runsSucceeded, wallS }) =>
				`| ${row.mode} | ${row.processes} | ${row.setting} | ${traffic.averagePerSecond.toFixed(2)} | ` +
				`${traffic.peakPerSecond} | ${traffic.rateLimited} | ${traffic.blocked ? '**yes**' : 'no'} | ` +
				`${accepted} / ${total} (${acceptedTwice}) | ${runsSucceeded} / ${ACCEPT_LOAD.executions} | ` +
				`${(traffic.spanMs / 1000).toFixed(1)} s | ${wallS.toFixed(1)} s |`,
		),
	].join('\n');
}
