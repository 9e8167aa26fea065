#!/usr/bin/env bash
# The runtime cache's self-check, end to end: with sqlite3's native build removed (what a skipped
# `npm rebuild` leaves), scripts/verify-n8n-runtime.sh must fail, and the next
# scripts/install-n8n.sh must notice, say so, repair the cache and leave it verified.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(bash scripts/install-n8n.sh 2>/dev/null)
bash scripts/verify-n8n-runtime.sh "$dir"

rm -rf "$dir/node_modules/sqlite3/build"
if bash scripts/verify-n8n-runtime.sh "$dir" --quick 2>/dev/null; then
	echo "check-runtime-repair: the check passed without sqlite3's native build" >&2
	exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! bash scripts/install-n8n.sh 2>"$log" >/dev/null; then
	cat "$log" >&2
	echo "check-runtime-repair: install-n8n.sh did not repair the broken runtime" >&2
	exit 1
fi
if ! grep -q "failed its check" "$log" || ! grep -q "repaired" "$log"; then
	cat "$log" >&2
	echo "check-runtime-repair: install-n8n.sh did not say that it repaired the runtime" >&2
	exit 1
fi
bash scripts/verify-n8n-runtime.sh "$dir"
echo "check-runtime-repair: a runtime without sqlite3's build is detected and repaired"
