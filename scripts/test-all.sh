#!/usr/bin/env bash
# `npm test`: build the package (the e2e suite loads dist into a real n8n), then every jest project.
# The fast projects run in parallel; the e2e project drives one n8n at a time.
set -uo pipefail
cd "$(dirname "$0")/.."
npm run build || exit 1
out=$(mktemp -d)
status=0
npx jest --selectProjects unit routing --json --outputFile="$out/fast.json" || status=1
npx jest --selectProjects e2e --runInBand --json --outputFile="$out/e2e.json" || status=1
node -e '
	let passed = 0, failed = 0;
	for (const f of process.argv.slice(1)) {
		try { const r = require(f); passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; }
		catch { failed += 1; }
	}
	console.log(`tests: ${passed} passed, ${failed} failed`);
' "$out/fast.json" "$out/e2e.json"
rm -rf "$out"
exit $status
