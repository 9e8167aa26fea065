import type { FakeKommo, RecordedRequest } from '../fake-kommo';
import { startFakeKommo } from '../fake-kommo';

/** One fake account per test file, emptied before each test. */
export function useFakeKommo(): { fake: () => FakeKommo; apiRequests: () => RecordedRequest[] } {
	let fake: FakeKommo | undefined;
	beforeAll(async () => {
		fake = await startFakeKommo({ port: 0, accessTokens: ['test-token'] });
	});
	beforeEach(() => {
		fake?.state.reset();
		fake?.state.accessTokens.add('test-token');
		fake?.clearFaults();
		fake?.setRequestHook(undefined);
		fake?.clearRequests();
	});
	afterAll(async () => {
		await fake?.close();
	});
	const get = () => {
		if (!fake) throw new Error('fake Kommo not started');
		return fake;
	};
	return { fake: get, apiRequests: () => get().requests.filter((r) => r.path.startsWith('/api/')) };
}

export const KINDS = ['longLivedToken', 'oAuth2'] as const;
