/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { startFakeKommo } from '../fake-kommo';
import { acceptFromProcesses } from '../processes/accept-processes';

/**
 * One Kommo rate limit across n8n processes. The load of issue 10: 10 executions started at once,
 * each accepting 30 incoming leads (300 requests), at the credential's default 6 requests per
 * second, against a fake account that answers 429 from the 8th request in a sliding second and
 * blocks the account (403 on every request) after 10 answers of 429 within a minute. Each n8n
 * process is an OS process running the node's real code through n8n-core's RoutingNode with its own
 * pacing state, as a regular n8n (1 process) or queue-mode workers (1, 2, 4) do.
 */
interface Row {
	mode: string;
	processes: number;
	setting: number;
}

const ROWS: Row[] = [
	{ mode: 'regular', processes: 1, setting: 1 },
	{ mode: 'queue, setting left at 1', processes: 2, setting: 1 },
	{ mode: 'queue', processes: 1, setting: 1 },
	{ mode: 'queue', processes: 2, setting: 2 },
	{ mode: 'queue', processes: 4, setting: 4 },
];
const LOAD = { executions: 10, leadsPerExecution: 30, perSecond: 6 };
const IDEAL_S = (LOAD.executions * LOAD.leadsPerExecution) / LOAD.perSecond;

it('prints requests/s, 429s, block and total time per mode and number of processes', async () => {
	const lines = [
		`load: ${LOAD.executions} executions × ${LOAD.leadsPerExecution} accepts at ${LOAD.perSecond}/s ` +
			`(ideal ${IDEAL_S} s, target ≤ ${IDEAL_S * 1.3} s); fake: 429 from the 8th request per second, block after 10 × 429 per minute`,
		'| mode | n8n processes | "n8n Processes Sharing This Limit" | requests/s (avg) | busiest second | 429 answers | blocked | leads accepted | total time |',
		'|---|---|---|---|---|---|---|---|---|',
	];
	const results = [];
	for (const row of ROWS) {
		const fake = await startFakeKommo({
			port: 0,
			rateLimitPerSecond: 7,
			blockAfter429s: { after429s: 10, withinMs: 60_000 },
		});
		try {
			const run = await acceptFromProcesses(fake, {
				...LOAD,
				processes: row.processes,
				sharingSetting: row.setting,
			});
			const traffic = fake.traffic();
			const accepted = new Set(
				fake.requests
					.filter((r) => r.method === 'POST' && r.status === 200)
					.map((r) => r.path.split('/')[5]),
			).size;
			results.push({ row, traffic, accepted, seconds: run.seconds });
			lines.push(
				`| ${row.mode} | ${row.processes} | ${row.setting} | ${traffic.averagePerSecond.toFixed(2)} | ` +
					`${traffic.peakPerSecond} | ${traffic.rateLimited} | ${traffic.blocked ? 'yes' : 'no'} | ` +
					`${accepted} / 300 | ${run.seconds.toFixed(1)} s |`,
			);
			process.stdout.write(`${lines[lines.length - 1]}\n`);
		} finally {
			await fake.close();
		}
	}
	// eslint-disable-next-line no-console -- prints measured figures, not a check
	console.log(lines.join('\n'));
	// The configured rows (setting = processes) must hold the limit; the row left at 1 shows why.
	for (const { row, traffic, accepted } of results.filter(
		(r) => r.row.setting === r.row.processes,
	)) {
		expect({ row, blocked: traffic.blocked }).toEqual({ row, blocked: false });
		expect(accepted).toBe(300);
		expect(traffic.rateLimited).toBeLessThanOrEqual(3);
	}
	const two = results.find((r) => r.row.processes === 2 && r.row.setting === 2);
	expect(two?.seconds).toBeLessThanOrEqual(IDEAL_S * 1.3);
});
