#!/usr/bin/env bash
# `npm test`: build the package (the e2e suite loads dist into a real n8n), then every jest project.
# The fast projects run first; the e2e project drives one n8n at a time.
# KOMMO_SKIP_BROWSER=1 leaves out the browser suite (for machines without Debian's chromium); the
# summary line then says so, and nothing is counted for it.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/tsc ] || [ ! -x node_modules/.bin/jest ]; then
	echo "npm test: the project's dev dependencies are not installed: run \`npm install\` first" >&2
	exit 1
fi
npm run build || exit 1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
e2e_ignore=()
if [ "${KOMMO_SKIP_BROWSER:-}" = "1" ]; then
	e2e_ignore=(--testPathIgnorePatterns 'test/e2e/browser')
	echo "npm test: the browser suites are not run (KOMMO_SKIP_BROWSER=1)"
fi
npx jest --selectProjects unit routing --json --outputFile="$out/fast.json" || status=1
# test/e2e/queue holds queue-mode-only suites: they run in the queue pass below.
npx jest --selectProjects e2e --runInBand --testPathIgnorePatterns 'test/e2e/queue/' "${e2e_ignore[@]}" --json --outputFile="$out/e2e.json" || status=1
# The workflow suites again against n8n in queue mode (Redis, PostgreSQL, main + 2 workers; see
# test/e2e/harness/e2e-mode.ts), plus the queue-only suites (test/e2e/queue). The browser suites
# and harness.test.ts (N8nInstance's own checks) stay regular-only. To keep CI time in bounds,
# trigger.test.ts (minute-long polls) is left out of this pass: test/e2e/queue/queue-mode.test.ts
# covers the polling trigger in queue mode across a main restart and a worker crash;
# KOMMO_QUEUE_FULL=1 runs it too. KOMMO_SKIP_QUEUE=1 leaves the whole pass out.
queue_suites='test/e2e/(operations|webhook-trigger|examples|instant-example)\.test\.ts|test/e2e/queue/'
[ "${KOMMO_QUEUE_FULL:-}" = "1" ] &&
	queue_suites='test/e2e/(operations|trigger|webhook-trigger|examples|instant-example)\.test\.ts|test/e2e/queue/'
if [ "${KOMMO_SKIP_QUEUE:-}" = "1" ]; then
	echo "npm test: the queue-mode pass is not run (KOMMO_SKIP_QUEUE=1)"
else
	KOMMO_E2E_MODE=queue npx jest "$queue_suites" --selectProjects e2e --runInBand --json --outputFile="$out/e2e-queue.json" || status=1
fi
[ ${#e2e_ignore[@]} -gt 0 ] && echo "note: the browser suites were not run (KOMMO_SKIP_BROWSER=1)"
[ "${KOMMO_SKIP_QUEUE:-}" = "1" ] && echo "note: the queue-mode pass was not run (KOMMO_SKIP_QUEUE=1)"
node -e '
	let passed = 0, failed = 0;
	for (const f of process.argv.slice(1)) {
		try { const r = require(f); passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; }
		catch { failed += 1; }
	}
	console.log(`tests: ${passed} passed, ${failed} failed`);
' "$out/fast.json" "$out/e2e.json" $([ "${KOMMO_SKIP_QUEUE:-}" = "1" ] || echo "$out/e2e-queue.json")
exit $status
