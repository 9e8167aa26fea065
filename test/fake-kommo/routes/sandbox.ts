import type { FakeResponse, RequestContext } from '../http';
import type { Category } from '../types';
import { CATEGORIES } from '../types';

const NAMES = [
	'Ada Lovelace',
	'Grace Hopper',
	'Alan Turing',
	'Katherine Johnson',
	'Linus Torvalds',
	'Margaret Hamilton',
];

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Sandbox Kommo: add an incoming lead</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto}button{font-size:1rem;padding:.5rem 1rem;margin:.25rem}</style></head>
<body><h1>Sandbox Kommo</h1>
<p>Add an incoming lead: Kommo's web hooks notify every subscribed n8n workflow (e.g. "instant: new incoming lead → message").</p>
<form method="post" action="/sandbox/add-lead?category=forms"><button>Add a form lead</button></form>
<form method="post" action="/sandbox/add-lead?category=sip"><button>Add a call</button></form>
<form method="post" action="/sandbox/add-lead?category=chats"><button>Add a chat</button></form>
</body></html>`;

/**
 * `GET /sandbox/add-lead`: a page with buttons; `POST /sandbox/add-lead?category=forms|sip|chats|mail`
 * adds one incoming lead (as a website form, a call or a chat would) and answers it as JSON, or
 * sends a browser back to the page. Sandbox only: no token, because a person clicks it.
 */
export function addLeadPage(): FakeResponse {
	return { status: 200, body: PAGE, headers: { 'Content-Type': 'text/html; charset=utf-8' } };
}

export function addSandboxLead(ctx: RequestContext): FakeResponse {
	const raw = ctx.query['category'];
	const category = ((Array.isArray(raw) ? raw[0] : raw) ?? 'forms') as Category;
	if (!CATEGORIES.includes(category)) {
		return { status: 400, body: { detail: `category must be one of ${CATEGORIES.join(', ')}` } };
	}
	const name = NAMES[Math.floor(Math.random() * NAMES.length)] as string;
	const now = ctx.state.now();
	const metadata: Record<string, Record<string, unknown>> = {
		forms: {
			form_id: 'sandbox-form',
			form_name: 'Contact us',
			form_page: 'https://shop.example.com/contact',
			form_sent_at: now,
			ip: '203.0.113.7',
		},
		sip: {
			phone: 14155550100,
			duration: 42,
			called_at: now,
			service_code: 'sandbox',
			link: 'https://example.com/rec.mp3',
			from: 'Sandbox PBX',
			uniq: `call-${now}`,
		},
		chats: {
			client: { name, id: `client-${now}` },
			from: 'Sandbox chat',
			origin: 'website',
			last_message_at: now,
			source_name: 'Website chat',
		},
		mail: {
			from: { email: 'ada@example.com', name },
			subject: 'Question about pricing',
			received_at: now,
		},
	};
	const lead = ctx.state.addIncomingLead({
		category,
		source_name: 'Sandbox page',
		source_uid: 'sandbox-page',
		metadata: metadata[category],
		_embedded: { contacts: [{ name }], leads: [{ name: `${name}: sandbox ${category}` }] },
	});
	if (String(ctx.headers.accept ?? '').includes('text/html')) {
		return { status: 303, headers: { Location: '/sandbox/add-lead' } };
	}
	return { status: 201, body: lead };
}
