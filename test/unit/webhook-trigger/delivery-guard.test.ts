import {
	checkAccount,
	checkSecret,
	createSecret,
	secretMatches,
	withSecret,
} from '../../../nodes/KommoWebhookTrigger/delivery-guard';

describe('secret and account checks', () => {
	it('makes URL-safe secrets of at least 128 random bits, different each time', () => {
		const secrets = new Set(Array.from({ length: 50 }, createSecret));
		expect(secrets.size).toBe(50);
		for (const secret of secrets) {
			expect(secret).toMatch(/^[A-Za-z0-9_-]+$/);
			expect(Buffer.from(secret, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
		}
	});

	it('compares secrets exactly', () => {
		const secret = createSecret();
		expect(secretMatches(secret, secret)).toBe(true);
		expect(secretMatches(secret, `${secret}x`)).toBe(false);
		expect(secretMatches(secret, secret.slice(1))).toBe(false);
		expect(secretMatches(secret, undefined)).toBe(false);
		expect(secretMatches(secret, [secret])).toBe(false);
		expect(secretMatches('', '')).toBe(false);
	});

	it('answers 401 without a registered secret and 403 for another account', () => {
		const [production, test] = [createSecret(), createSecret()];
		expect(checkSecret([production, test], production)).toEqual({ ok: true });
		expect(checkSecret([production, test], test)).toEqual({ ok: true });
		expect(checkSecret([production], 'nope')).toMatchObject({ ok: false, status: 401 });
		expect(checkSecret([production], undefined)).toMatchObject({ ok: false, status: 401 });
		expect(checkSecret([], '')).toMatchObject({ ok: false, status: 401 });
		expect(checkAccount(42, { account: { id: '42' } })).toEqual({ ok: true });
		expect(checkAccount(42, { account: { id: '43' } })).toMatchObject({ ok: false, status: 403 });
		expect(checkAccount(42, { account: { id: '42abc' } })).toMatchObject({
			ok: false,
			status: 403,
		});
		expect(checkAccount(42, {})).toMatchObject({ ok: false, status: 403 });
		expect(checkAccount(undefined, { account: { id: '42' } })).toMatchObject({
			ok: false,
			status: 403,
		});
	});

	it('appends the secret to the registered URL', () => {
		expect(withSecret('http://h/webhook/x/kommo', 'abc')).toBe(
			'http://h/webhook/x/kommo?kommo_secret=abc',
		);
		expect(withSecret('http://h/w?a=1', 'a b')).toBe('http://h/w?a=1&kommo_secret=a%20b');
	});
});
