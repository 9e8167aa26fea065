/** Credential fields whose values are secret (tokens, client secrets, passwords, keys)... */
// `value` is the header value of n8n's Header Auth credential.
const SECRET_KEY = /token|secret|password|apikey|api_key|privatekey|signature|^value$/i;
/** ...but not `accessTokenUrl` or `token_type: "Bearer"`, which would mask harmless text. */
const NOT_SECRET_KEY = /(url|type)$/i;
// Shorter values would also match harmless text (ids, numbers) and make the logs unreadable.
const MIN_SECRET_LENGTH = 8;
const MASK = '«redacted»';

/**
 * Collects secret strings (from imported credentials, the session cookie...) and masks them in
 * every text the harness returns, prints or puts into an error message: test output and CI logs
 * never show a token, even when n8n echoes a request with its Authorization header.
 */
export class SecretRedactor {
	private readonly secrets = new Set<string>();

	add(value: string): void {
		if (value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
	}

	/** Adds the values of secret-looking keys anywhere inside a credential's data. */
	addFromCredentialData(data: unknown, keyIsSecret = false): void {
		if (typeof data === 'string') {
			if (keyIsSecret && !/^https?:\/\//.test(data)) this.add(data);
			return;
		}
		if (typeof data !== 'object' || data === null) return;
		for (const [key, value] of Object.entries(data)) {
			const secret = SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key);
			this.addFromCredentialData(value, keyIsSecret || secret);
		}
	}

	/** Masks every known secret; `count` tells a test whether anything would have leaked. */
	redact(text: string): { text: string; count: number } {
		let count = 0;
		let result = text;
		// Longest first, so a secret that contains another one is masked whole.
		const ordered = [...this.secrets].sort((a, b) => b.length - a.length);
		for (const secret of ordered) {
			const parts = result.split(secret);
			count += parts.length - 1;
			result = parts.join(MASK);
		}
		return { text: result, count };
	}

	mask(text: string): string {
		return this.redact(text).text;
	}
}
