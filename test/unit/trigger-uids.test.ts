import { triggerUids } from '../e2e/queue/trigger-uids';

/**
 * The queue-mode e2e test counts each lead the polling trigger emitted from n8n's execution
 * records, including the one whose worker it kills. These are the three shapes such a record takes.
 */
const node = { name: 'Kommo Trigger' };

it('reads the trigger run data of an execution that ran', () => {
	const data = {
		resultData: {
			runData: {
				'Kommo Trigger': [{ data: { main: [[{ json: { uid: 'a' } }, { json: { uid: 'b' } }]] } }],
			},
		},
	};
	expect(triggerUids({ data })).toEqual(['a', 'b']);
});

it('reads the queued poll output of an execution that has no run data yet', () => {
	const data = {
		resultData: { runData: {} },
		executionData: {
			nodeExecutionStack: [
				{ node: { name: 'Other' }, data: { main: [[{ json: { uid: 'x' } }]] } },
				{ node, data: { main: [[{ json: { uid: 'c' } }]] } },
			],
		},
	};
	expect(triggerUids({ data })).toEqual(['c']);
});

it('counts no lead for run data n8n rebuilt after a worker crash (placeholder items)', () => {
	// The shape n8n 2.41's ExecutionRecoveryService writes (ARTIFICIAL_TASK_DATA); seen in CI as
	// a lead "undefined" before triggerUids skipped it.
	const data = {
		resultData: {
			runData: {
				'Kommo Trigger': [
					{
						executionStatus: 'success',
						data: { main: [[{ json: { isArtificialRecoveredEventItem: true } }]] },
					},
				],
				'Slow Step': [{ executionStatus: 'crashed', error: { message: 'Node crashed' } }],
			},
		},
	};
	expect(triggerUids({ data })).toEqual([]);
});
