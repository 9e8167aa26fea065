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
npm run test:unit -- --json --outputFile="$out/fast.json" || status=1
npx jest --selectProjects e2e --runInBand "${e2e_ignore[@]}" --json --outputFile="$out/e2e.json" || status=1
[ ${#e2e_ignore[@]} -gt 0 ] && echo "note: the browser suites were not run (KOMMO_SKIP_BROWSER=1)"
node -e '
	let passed = 0, failed = 0;
	for (const f of process.argv.slice(1)) {
		try { const r = require(f); passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; }
		catch { failed += 1; }
	}
	console.log(`tests: ${passed} passed, ${failed} failed`);
' "$out/fast.json" "$out/e2e.json"
exit $status
