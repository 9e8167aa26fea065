/** Kommo's web hook subscriptions of one account, plus the switches that make subscribing fail. */

/** Codes the fake accepts in `settings`: the incoming-lead ones and a few common others. */
export const KNOWN_HOOK_CODES = [
	'add_unsorted',
	'update_unsorted',
	'delete_unsorted',
	'add_lead',
	'update_lead',
	'delete_lead',
	'add_contact',
	'update_contact',
] as const;

export interface WebhookSubscription {
	id: number;
	destination: string;
	settings: string[];
	disabled: boolean;
	created_at: number;
	updated_at: number;
	account_id: number;
	created_by: number;
	sort: number;
}

export class WebhookRegistry {
	/** The "plan without API web hooks" switch: false makes every /api/v4/webhooks call 402. */
	planAllowsWebhooks = true;
	/** Access tokens of users who are not administrators: their /api/v4/webhooks calls get 403. */
	nonAdminTokens = new Set<string>();
	private hooks = new Map<string, WebhookSubscription>();
	private nextId = 1;

	/** Like Kommo, one subscription per destination: posting it again replaces its settings. */
	subscribe(
		destination: string,
		settings: string[],
		now: number,
		accountId: number,
		userId: number,
	): WebhookSubscription {
		const existing = this.hooks.get(destination);
		if (existing) {
			existing.settings = [...settings];
			existing.updated_at = now;
			existing.disabled = false;
			return { ...existing, settings: [...existing.settings] };
		}
		const hook: WebhookSubscription = {
			id: this.nextId++,
			destination,
			settings: [...settings],
			disabled: false,
			created_at: now,
			updated_at: now,
			account_id: accountId,
			created_by: userId,
			sort: 10,
		};
		this.hooks.set(destination, hook);
		return { ...hook, settings: [...hook.settings] };
	}

	unsubscribe(destination: string): boolean {
		return this.hooks.delete(destination);
	}

	/** Snapshot copies, in subscription order. */
	list(destination?: string): WebhookSubscription[] {
		return [...this.hooks.values()]
			.filter((h) => destination === undefined || h.destination === destination)
			.map((h) => ({ ...h, settings: [...h.settings] }));
	}

	/** Live subscriptions that want this code. */
	subscribersOf(code: string): WebhookSubscription[] {
		return this.list().filter((h) => !h.disabled && h.settings.includes(code));
	}

	/** What Kommo does to a hook that keeps failing. */
	disable(destination: string): void {
		const hook = this.hooks.get(destination);
		if (hook) hook.disabled = true;
	}

	clear(): void {
		this.hooks.clear();
		this.nextId = 1;
		this.planAllowsWebhooks = true;
		this.nonAdminTokens.clear();
	}
}
