import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Query parameter of the registered URL that carries the secret. */
export const SECRET_PARAMETER = 'kommo_secret';

/** 192 random bits, URL-safe: Kommo signs nothing, so knowing the URL is the only proof. */
export function createSecret(): string {
	return randomBytes(24).toString('base64url');
}

/** Manually registered secrets are typed by people: at least 128 bits' worth of characters. */
export const MIN_MANUAL_SECRET_LENGTH = 22;

/**
 * Constant-time comparison: both sides are hashed first, so neither the content nor the length of
 * the expected secret leaks through timing.
 */
export function secretMatches(expected: string, given: unknown): boolean {
	if (typeof given !== 'string' || expected === '') return false;
	const a = createHash('sha256').update(expected).digest();
	const b = createHash('sha256').update(given).digest();
	return timingSafeEqual(a, b);
}

export function withSecret(url: string, secret: string): string {
	return `${url}${url.includes('?') ? '&' : '?'}${SECRET_PARAMETER}=${encodeURIComponent(secret)}`;
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/** The caller must know one of the registered URLs' secrets (401 otherwise); checked before parsing. */
export function checkSecret(expectedSecrets: string[], given: unknown): Verdict {
	// Every secret is compared, so timing does not reveal which one (or whether any) matched.
	const matches = expectedSecrets.map((secret) => secretMatches(secret, given));
	return matches.includes(true)
		? { ok: true }
		: { ok: false, status: 401, reason: 'missing or wrong secret' };
}

/** The delivery must speak for the credential's own account (403 otherwise, e.g. another account's hook). */
export function checkAccount(
	expectedAccountId: number | undefined,
	body: { account?: unknown },
): Verdict {
	const account = body.account as { id?: unknown } | undefined;
	const given = Number(account?.id);
	if (
		expectedAccountId === undefined ||
		!Number.isSafeInteger(given) ||
		given !== expectedAccountId
	) {
		return { ok: false, status: 403, reason: "account[id] is not the credential's account" };
	}
	return { ok: true };
}
