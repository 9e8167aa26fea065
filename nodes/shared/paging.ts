import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { markKommoError } from './answer-text';
import { kommoLimits } from './limits';

/**
 * Bounds a paged read: every page must bring at least one entry not seen on an earlier page (a
 * server that repeats a page forever is stopped on the second), and no more than the page cap is
 * read (a server that invents new entries forever is stopped there).
 */
export class PageGuard {
	private readonly seen = new Set<string>();

	private pages = 0;

	constructor(
		private readonly node: INode,
		private readonly endpoint: string,
		private readonly itemIndex?: number,
	) {}

	/** Records one page's keys; throws when the page brought nothing new or more would pass the cap. */
	check(keys: string[], morePages: boolean): void {
		this.pages++;
		const fresh = keys.filter((key) => !this.seen.has(key));
		if (!fresh.length && (keys.length > 0 || morePages)) {
			throw this.error(
				`Kommo sent page ${this.pages} of ${this.endpoint} with nothing new on it`,
				'Every entry on it was already on an earlier page, so paging stopped instead of looping. Kommo or a proxy in between is repeating answers; try again later.',
			);
		}
		for (const key of fresh) this.seen.add(key);
		const { maxPages } = kommoLimits();
		if (morePages && this.pages >= maxPages) {
			throw this.error(
				`Kommo kept linking further pages of ${this.endpoint}: stopped after ${maxPages} pages`,
				`That is ${maxPages * 250} entries, far more than an account holds waiting. Kommo or a proxy in between is misbehaving; nothing was returned.`,
			);
		}
	}

	private error(message: string, description: string): NodeApiError {
		return markKommoError(
			new NodeApiError(this.node, { reason: 'paging' } as JsonObject, {
				message,
				description,
				itemIndex: this.itemIndex,
			}),
		);
	}
}
