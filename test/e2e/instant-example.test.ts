import axios from 'axios';

import { DEV_CREDENTIAL_ID, DEV_CREDENTIAL_TYPE } from '../../scripts/dev/config';
import { loadExamples } from '../../scripts/dev/examples';
import { type FakeKommo, startFakeKommo } from '../fake-kommo';
import { createE2eN8n, type E2eN8n, type N8nInstance, nodeItems, repoRoot } from './harness';

/**
 * examples/instant-new-lead-message.json, as `npm run dev` runs it: active on start, a lead added
 * through the sandbox's "add lead" page reaches the Message node through Kommo's web hook.
 */
const SETUP_TIMEOUT_MS = 25 * 60 * 1000;
const WORKFLOW_ID = 'kommoExampleInstant';
const token = 'instant-example-token';

let fake: FakeKommo;
let e2e: E2eN8n;
let n8n: N8nInstance;

beforeAll(async () => {
	fake = await startFakeKommo({ port: 0, seed: true, accessTokens: [token] });
	e2e = await createE2eN8n('instant-example', { installPackage: true });
	n8n = e2e.n8n;
	await n8n.importCredentials([
		{
			id: DEV_CREDENTIAL_ID,
			name: 'Kommo Sandbox',
			type: DEV_CREDENTIAL_TYPE,
			data: { domain: 'custom', baseUrl: fake.url, accessToken: token },
		},
	]);
	const instant = loadExamples(repoRoot).find((workflow) => workflow.id === WORKFLOW_ID);
	if (!instant) throw new Error(`examples/ has no ${WORKFLOW_ID}`);
	expect(instant.active).toBe(true);
	await n8n.importWorkflows([instant]);
	await e2e.start();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await e2e?.dispose();
	await fake?.close();
});

it('a lead added on the sandbox page becomes a message within seconds', async () => {
	await n8n.activate(WORKFLOW_ID);
	const deadline = Date.now() + 60_000;
	while (!fake.state.webhooks.list().length && Date.now() < deadline)
		await new Promise((r) => setTimeout(r, 250));
	expect(fake.state.webhooks.list().map((hook) => hook.settings)).toEqual([['add_unsorted']]);

	const added = await axios.post(`${fake.url}/sandbox/add-lead?category=forms`);
	expect(added.status).toBe(201);
	const uid = (added.data as { uid: string }).uid;
	const [run] = await n8n.waitForExecutions(WORKFLOW_ID, 1, 30_000);
	expect(run?.status).toBe('success');
	const [message] = nodeItems({ data: run?.data }, 'Message');
	expect(message).toMatchObject({ uid });
	expect(String(message?.text)).toMatch(
		/^New incoming lead \(forms\) from Sandbox page: form "Contact us"\nArrived: .+\nOpen in Kommo: http:\/\/127\.0\.0\.1:\d+\/leads\/detail\/\d+$/,
	);
}, 180_000);
