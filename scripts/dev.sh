#!/usr/bin/env bash
# `npm run dev`: builds the package, compiles the dev runner (and the e2e harness and fake Kommo
# it reuses) into .sandbox/, then runs it with this machine's Node (20+). The runner brings a real
# n8n 2.x (Node 24 and n8n from the npm registry, cached outside the clone), a sandbox Kommo,
# a ready credential and the example workflows. Ctrl-C stops everything. See README "Sandbox".
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then
	echo "node_modules is missing: run \`npm install\` first" >&2
	exit 1
fi
# The runner reports its times from here, so "ready in" includes the build.
export KOMMO_DEV_STARTED_MS="$(date +%s%3N)"
mkdir -p .dev

# True when the stamp exists, the output exists, and no input is newer than the stamp.
up_to_date() {
	local stamp=$1 output=$2
	shift 2
	[ -f "$stamp" ] && [ -e "$output" ] && [ -z "$(find "$@" -newer "$stamp" -print -quit 2>/dev/null)" ]
}

# A rebuild costs ~8-15 s; skip it when nothing the build reads changed since the last one.
if up_to_date .dev/package-build.stamp dist/nodes/Kommo/Kommo.node.js \
	nodes credentials index.js package.json tsconfig.json tsconfig.build.json gulpfile.js; then
	echo "[dev] package build is up to date (dist/)"
else
	echo "[dev] building the package (npm run build)…"
	# Stamped with the time the build started: an edit made during the build triggers the next one.
	touch .dev/package-build.stamp.new
	if ! out=$(npm run --silent build 2>&1); then
		echo "$out" >&2
		echo "npm run dev: the build failed" >&2
		exit 1
	fi
	mv .dev/package-build.stamp.new .dev/package-build.stamp
fi
if ! up_to_date .dev/runner-build.stamp .sandbox/scripts/dev/main.js \
	scripts/dev test/e2e/harness test/fake-kommo tsconfig.json tsconfig.sandbox.json; then
	echo "[dev] compiling the dev runner (tsconfig.sandbox.json)…"
	touch .dev/runner-build.stamp.new
	npx tsc -p tsconfig.sandbox.json
	mv .dev/runner-build.stamp.new .dev/runner-build.stamp
fi
exec node .sandbox/scripts/dev/main.js
