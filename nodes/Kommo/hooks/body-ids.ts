import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { positiveInteger } from '../../shared/values';

function parentOf(body: IDataObject, keys: string[], create: boolean): IDataObject | undefined {
	let object: IDataObject | undefined = body;
	for (const key of keys) {
		if (object === undefined) return undefined;
		if (create && typeof object[key] !== 'object') object[key] = {};
		object = object[key] as IDataObject | undefined;
	}
	return object;
}

/**
 * Dropdown values and expressions arrive as strings; Kommo wants integers. Each body path is
 * checked (an empty optional value dropped) so a typo is named before the request, not by Kommo.
 */
export const coerceBodyIds = (
	parameterByPath: Record<string, string>,
	requiredPaths: string[] = [],
) =>
	async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const body = (requestOptions.body ?? {}) as IDataObject;
		for (const [path, parameter] of Object.entries(parameterByPath)) {
			const keys = path.split('.');
			const last = keys.pop() as string;
			const required = requiredPaths.includes(path);
			const parent = parentOf(body, keys, required);
			const value = parent?.[last];
			if (!required && (value === undefined || value === null || value === '')) {
				if (parent) delete parent[last];
				continue;
			}
			(parent as IDataObject)[last] = positiveInteger(
				this.getNode(),
				value,
				parameter,
				this.getItemIndex(),
			);
		}
		requestOptions.body = body;
		return requestOptions;
	};
