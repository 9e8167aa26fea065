/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
/**
 * Standalone sandbox for clicking through the node in a real n8n:
 *   node .sandbox/test/fake-kommo/cli.js --port 8765 [--token T] [--seed] [--rate-limit N]
 *     [--block-after-429s N]
 * Prints one JSON line {"url","token"} once listening, so scripts can wait for it.
 */
import { startFakeKommo, type FakeKommoOptions } from './index';

function parseArgs(argv: string[]): FakeKommoOptions & { token: string } {
	const options: FakeKommoOptions & { token: string } = { port: 8765, token: 'test-token' };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = (): string => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${arg} needs a value`);
			return v;
		};
		switch (arg) {
			case '--port':
				options.port = Number(value());
				break;
			case '--token':
				options.token = value();
				break;
			case '--seed':
				options.seed = true;
				break;
			case '--rate-limit':
				options.rateLimitPerSecond = Number(value());
				break;
			case '--block-after-429s':
				options.blockAfter429s = { after429s: Number(value()) };
				break;
			case '--help':
				process.stdout.write(
					'usage: cli.js [--port N] [--token T] [--seed] [--rate-limit N] [--block-after-429s N]\n',
				);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown argument ${String(arg)}`);
		}
	}
	if (!Number.isInteger(options.port) || (options.port ?? 0) < 0)
		throw new Error('--port must be a non-negative integer');
	return options;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const fake = await startFakeKommo({ ...options, accessTokens: [options.token] });
	process.stdout.write(`${JSON.stringify({ url: fake.url, token: options.token })}\n`);

	let stopping = false;
	const stop = (): void => {
		if (stopping) return;
		stopping = true;
		fake.close().then(
			() => process.exit(0),
			(e: unknown) => {
				process.stderr.write(`fake-kommo: close failed: ${String(e)}\n`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
	process.stderr.write(`fake-kommo: ${e instanceof Error ? e.message : String(e)}\n`);
	process.exit(1);
});
