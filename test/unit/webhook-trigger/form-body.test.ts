import { toKommoForm } from '../../fake-kommo/webhook-form';
import type { ParsedForm } from '../../../nodes/KommoWebhookTrigger/form-body';
import {
	nestFlatBody,
	parseFormBody as parseForm,
	splitKey,
} from '../../../nodes/KommoWebhookTrigger/form-body';

function parseFormBody(...args: Parameters<typeof parseForm>): unknown {
	const parsed: ParsedForm = parseForm(...args);
	if ('problem' in parsed) throw new Error(parsed.problem);
	return parsed.body;
}

describe('parseFormBody (Kommo bracket keys)', () => {
	it('nests bracket keys into objects and 0..n-1 keys into arrays', () => {
		const raw =
			'unsorted[add][0][uid]=abc&unsorted[add][0][source_data][service]=Site&unsorted[add][0][lead_id]=101' +
			'&unsorted[delete][0][action]=accept&unsorted[delete][0][accept_result][leads][0]=7&account[id]=29000001&account[subdomain]=acme';
		expect(parseFormBody(raw)).toEqual({
			unsorted: {
				add: [{ uid: 'abc', source_data: { service: 'Site' }, lead_id: '101' }],
				delete: [{ action: 'accept', accept_result: { leads: ['7'] } }],
			},
			account: { id: '29000001', subdomain: 'acme' },
		});
	});

	it('decodes percent-encoded brackets, plus signs and unicode the way PHP encodes them', () => {
		const body = {
			unsorted: {
				add: [{ uid: 'u-1', source_data: { name: 'José Müller — 北京 😀', note: 'a+b & c=d' } }],
			},
		};
		const raw = toKommoForm(body);
		expect(raw).toContain('%5B');
		expect(parseFormBody(Buffer.from(raw, 'utf8'))).toEqual(body);
	});

	it('keeps every entry of a call with several entries and far more than 1,000 keys', () => {
		const entries = Array.from({ length: 60 }, (_, i) => ({
			uid: `uid-${i}`,
			pipeline_id: '3',
			source_data: Object.fromEntries(
				Array.from({ length: 38 }, (_, k) => [`field_${k}`, `v${i}-${k}`]),
			),
		}));
		const raw = toKommoForm({ unsorted: { add: entries }, account: { id: 1 } });
		expect(raw.split('&').length).toBeGreaterThan(2400);
		const parsed = parseFormBody(raw) as {
			unsorted: { add: Array<{ uid: string; source_data: Record<string, string> }> };
		};
		expect(parsed.unsorted.add).toHaveLength(60);
		expect(parsed.unsorted.add[59]?.uid).toBe('uid-59');
		expect(parsed.unsorted.add[59]?.source_data.field_37).toBe('v59-37');
	});

	it('treats empty brackets as appends and lists with gaps as objects', () => {
		expect(parseFormBody('a[]=x&a[]=y&b[1]=z')).toEqual({ a: ['x', 'y'], b: { '1': 'z' } });
	});

	it('never writes to prototypes', () => {
		const parsed = parseFormBody('__proto__[polluted]=1&a[constructor][prototype][x]=1&ok=1');
		expect(parsed).toEqual({ ok: '1', a: {} });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('keeps malformed keys as flat keys instead of guessing', () => {
		expect(splitKey('a[b')).toEqual(['a[b']);
		expect(splitKey('a]b[')).toEqual(['a]b[']);
		expect(splitKey('[a]')).toEqual(['[a]']);
	});

	it('refuses bodies past its size, key or depth bounds and bad escapes', () => {
		const limits = { maxBytes: 100, maxKeys: 3, maxDepth: 3 };
		expect(() => parseFormBody('x='.padEnd(101, 'a'), limits)).toThrow(/at most 100 are accepted/);
		expect(() => parseFormBody('a=1&b=2&c=3&d=4', limits)).toThrow(/more than 3 keys/);
		expect(() => parseFormBody('a[b][c][d]=1', limits)).toThrow(/deeper than 3/);
		expect(() => parseFormBody('a=%E0%A4%A')).toThrow(/percent escape/);
	});

	it("nests n8n's flat body the same way when the raw bytes are missing", () => {
		expect(nestFlatBody({ 'unsorted[add][0][uid]': 'u', 'account[id]': '5' })).toEqual({
			unsorted: { add: [{ uid: 'u' }] },
			account: { id: '5' },
		});
	});
});
