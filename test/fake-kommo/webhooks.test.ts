/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios, { type AxiosInstance } from 'axios';
import { parseFormBody } from '../../nodes/KommoWebhookTrigger/form-body';
import { MAIN_PIPELINE_ID, startFakeKommo, type FakeKommo } from './index';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- bodies are asserted field by field

const HOOKS = '/api/v4/webhooks';

/** A destination on 127.0.0.1 that records each call and answers with the next queued status. */
interface Receiver {
	url: string;
	calls: Array<{ url: string; contentType: string; body: string }>;
	statuses: number[];
	/** Most calls open at the same moment; answers wait `delayMs` so that overlaps are real. */
	maxOpen: number;
	delayMs: number;
	close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
	const calls: Receiver['calls'] = [];
	const statuses: number[] = [];
	let open = 0;
	const server: Server = createServer((req, res) => {
		open++;
		receiver.maxOpen = Math.max(receiver.maxOpen, open);
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			calls.push({
				url: req.url ?? '',
				contentType: String(req.headers['content-type']),
				body: Buffer.concat(chunks).toString('utf8'),
			});
			setTimeout(() => {
				open--;
				res.writeHead(statuses.shift() ?? 200).end('ok');
			}, receiver.delayMs);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const receiver: Receiver = {
		url: `http://127.0.0.1:${port}/hook?kommo_secret=s3cret`,
		calls,
		statuses,
		maxOpen: 0,
		delayMs: 0,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
	return receiver;
}

function parsed(body: string): Json {
	const result = parseFormBody(body);
	if ('problem' in result) throw new Error(result.problem);
	return result.body as Json;
}

let fake: FakeKommo;
let api: AxiosInstance;
let receiver: Receiver;

beforeEach(async () => {
	fake = await startFakeKommo({
		accessTokens: ['test-token', 'user-token'],
		webhooks: { retryDelaysMs: [50, 50], timeoutMs: 500 },
	});
	api = axios.create({
		baseURL: fake.url,
		validateStatus: () => true,
		headers: { Authorization: 'Bearer test-token' },
	});
	receiver = await startReceiver();
});

afterEach(async () => {
	await fake.close();
	await receiver.close();
});

async function subscribe(settings: string[], destination = receiver.url): Promise<Json> {
	const res = await api.post(HOOKS, { destination, settings });
	expect(res.status).toBe(201);
	return res.data as Json;
}

describe('/api/v4/webhooks', () => {
	it('subscribes, lists by destination and unsubscribes; one subscription per destination', async () => {
		const hook = await subscribe(['add_unsorted']);
		expect(hook).toMatchObject({
			destination: receiver.url,
			settings: ['add_unsorted'],
			disabled: false,
			account_id: fake.state.accountId,
		});
		const again = await subscribe(['add_unsorted', 'delete_unsorted']);
		expect(again.id).toBe(hook.id);

		const list = await api.get(HOOKS, { params: { 'filter[destination]': receiver.url } });
		expect(list.status).toBe(200);
		expect((list.data as Json)._embedded.webhooks).toEqual([
			expect.objectContaining({
				id: hook.id,
				destination: receiver.url,
				settings: ['add_unsorted', 'delete_unsorted'],
			}),
		]);
		expect(
			(await api.get(HOOKS, { params: { 'filter[destination]': 'http://127.0.0.1:1/other' } }))
				.status,
		).toBe(204);

		expect((await api.delete(HOOKS, { data: { destination: receiver.url } })).status).toBe(204);
		expect(fake.state.webhooks.list()).toEqual([]);
		expect((await api.delete(HOOKS, { data: { destination: receiver.url } })).status).toBe(404);
	});

	it('validates destination and settings', async () => {
		const res = await api.post(HOOKS, { destination: 'ftp://x', settings: ['nope'] });
		expect(res.status).toBe(400);
		const paths = ((res.data as Json)['validation-errors'][0].errors as Json[]).map((e) => e.path);
		expect(paths).toEqual(['destination', 'settings.0']);
		expect((await api.post(HOOKS, { destination: receiver.url, settings: [] })).status).toBe(400);
	});

	it('refuses non-administrators (403) and plans without API web hooks (402)', async () => {
		fake.state.webhooks.nonAdminTokens.add('user-token');
		const user = await api.post(
			HOOKS,
			{ destination: receiver.url, settings: ['add_unsorted'] },
			{ headers: { Authorization: 'Bearer user-token' } },
		);
		expect(user.status).toBe(403);
		expect((user.data as Json).detail).toMatch(/administrators/);
		fake.state.webhooks.planAllowsWebhooks = false;
		const plan = await api.get(HOOKS);
		expect(plan.status).toBe(402);
		expect((plan.data as Json).detail).toMatch(/plan/);
		expect((await api.get(HOOKS, { headers: { Authorization: '' } })).status).toBe(401);
	});
});

describe('deliveries', () => {
	it("posts added, accepted, declined and linked leads in Kommo's form format to subscribers of the code", async () => {
		await subscribe(['add_unsorted', 'delete_unsorted']);
		const other = await startReceiver();
		try {
			await subscribe(['update_unsorted'], other.url);
			const a = fake.state.addIncomingLead({
				category: 'forms',
				metadata: { form_name: 'Café form' },
			});
			const b = fake.state.addIncomingLead({ category: 'sip', metadata: { phone: 1 } });
			const c = fake.state.addIncomingLead({ category: 'chats', metadata: {} });
			fake.state.accept(a.uid, { user_id: fake.state.users[0]?.id });
			fake.state.decline(b.uid);
			fake.state.link(c.uid, { entity_id: 4242, entity_type: 'leads', contact_id: 99 });
			await fake.webhooks.idle();
			expect(other.calls).toEqual([]);
		} finally {
			await other.close();
		}

		expect(receiver.calls).toHaveLength(6);
		for (const call of receiver.calls) {
			expect(call.url).toBe('/hook?kommo_secret=s3cret');
			expect(call.contentType).toBe('application/x-www-form-urlencoded');
			expect(call.body).toContain('unsorted%5B');
		}
		const bodies = receiver.calls.map((call) => parsed(call.body));
		expect(bodies.map((b) => b.account)).toEqual(
			Array(6).fill({ id: String(fake.state.accountId), subdomain: fake.state.subdomain }),
		);
		const added = bodies
			.map((b) => b.unsorted.add?.[0])
			.find((entry) => entry?.category === 'forms');
		expect(added).toMatchObject({
			category: 'forms',
			pipeline_id: String(MAIN_PIPELINE_ID),
			source_data: { form_name: 'Café form' },
		});
		const deleted = (action: string) =>
			bodies.map((b) => b.unsorted.delete?.[0]).find((entry) => entry?.action === action);
		const [accepted, declined, linked] = ['accept', 'decline', 'link'].map(deleted);
		expect(accepted).toMatchObject({ action: 'accept', accept_result: { leads: [added.lead_id] } });
		expect(declined).toMatchObject({ action: 'decline', category: 'sip' });
		expect(linked).toMatchObject({
			action: 'link',
			link_result: { leads: ['4242'], contacts: ['99'] },
		});
	});

	it('retries a non-2xx answer a bounded number of times, then stops', async () => {
		await subscribe(['add_unsorted']);
		receiver.statuses.push(500, 503);
		fake.state.addIncomingLead({ category: 'forms', metadata: {} });
		await fake.webhooks.idle();
		expect(fake.webhooks.to(receiver.url).map((d) => [d.attempt, d.status])).toEqual([
			[1, 500],
			[2, 503],
			[3, 200],
		]);
		expect(new Set(receiver.calls.map((c) => c.body)).size).toBe(1);

		receiver.statuses.push(500, 500, 500, 500);
		fake.state.addIncomingLead({ category: 'forms', metadata: {} });
		await fake.webhooks.idle();
		expect(receiver.calls).toHaveLength(6);
	});

	it('disables a hook that keeps failing, like Kommo', async () => {
		await fake.close();
		fake = await startFakeKommo({ webhooks: { retryDelaysMs: [], disableAfterFailures: 2 } });
		fake.state.webhooks.subscribe(receiver.url, ['add_unsorted'], 0, 1, 1);
		receiver.statuses.push(500, 500);
		fake.state.addIncomingLead({ category: 'forms', metadata: {} });
		await fake.webhooks.idle();
		fake.state.addIncomingLead({ category: 'forms', metadata: {} });
		await fake.webhooks.idle();
		expect(fake.state.webhooks.list()[0]?.disabled).toBe(true);
		fake.state.addIncomingLead({ category: 'forms', metadata: {} });
		await fake.webhooks.idle();
		expect(receiver.calls).toHaveLength(2);
	});

	it('posts forged and repeated calls on request, and never leaves loopback', async () => {
		const forged = await fake.webhooks.post(receiver.url.replace(/\?.*/, ''), {
			unsorted: { add: [{ uid: 'x' }] },
			account: { id: 1 },
		});
		expect(forged.status).toBe(200);
		expect(receiver.calls[0]).toMatchObject({
			url: '/hook',
			body: 'unsorted%5Badd%5D%5B0%5D%5Buid%5D=x&account%5Bid%5D=1',
		});
		const again = await fake.webhooks.replay(forged);
		expect(again.body).toBe(forged.body);
		expect(receiver.calls).toHaveLength(2);
		expect((await fake.webhooks.post('http://example.com/hook', 'a=1')).status).toBe(-1);
	});

	it('reset() forgets subscriptions and switches', async () => {
		await subscribe(['add_unsorted']);
		fake.state.webhooks.planAllowsWebhooks = false;
		fake.state.reset();
		expect(fake.state.webhooks.list()).toEqual([]);
		expect(fake.state.webhooks.planAllowsWebhooks).toBe(true);
	});
});

describe('sandbox "add lead" page', () => {
	it('shows buttons, adds an incoming lead per POST without a token, and that lead is delivered to hooks', async () => {
		await subscribe(['add_unsorted']);
		const anon = axios.create({ baseURL: fake.url, validateStatus: () => true, maxRedirects: 0 });
		const page = await anon.get('/sandbox/add-lead');
		expect(page.status).toBe(200);
		expect(String(page.headers['content-type'])).toMatch(/text\/html/);
		expect(page.data).toContain('action="/sandbox/add-lead?category=forms"');

		const added = await anon.post('/sandbox/add-lead?category=sip');
		expect(added.status).toBe(201);
		expect(fake.state.get((added.data as Json).uid)).toMatchObject({
			category: 'sip',
			source_name: 'Sandbox page',
		});
		const browser = await anon.post('/sandbox/add-lead', undefined, {
			headers: { Accept: 'text/html' },
		});
		expect(browser.status).toBe(303);
		expect(browser.headers.location).toBe('/sandbox/add-lead');
		expect((await anon.post('/sandbox/add-lead?category=fax')).status).toBe(400);

		await fake.webhooks.idle();
		expect(receiver.calls.map((c) => parsed(c.body).unsorted.add[0].category)).toEqual([
			'sip',
			'forms',
		]);
	});
});

describe('delivery pacing', () => {
	it('keeps at most maxInFlightPerDestination calls open to one destination; the rest queue', async () => {
		await fake.close();
		fake = await startFakeKommo({ webhooks: { maxInFlightPerDestination: 2 } });
		fake.state.webhooks.subscribe(receiver.url, ['add_unsorted'], 0, 1, 1);
		receiver.delayMs = 30;
		for (let i = 0; i < 7; i++) fake.state.addIncomingLead({ category: 'forms', metadata: {} });
		await fake.webhooks.idle();
		expect(receiver.calls).toHaveLength(7);
		expect(receiver.maxOpen).toBe(2);
	});
});
