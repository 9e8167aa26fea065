#!/usr/bin/env bash
# The n8n 1.x runtime of the compatibility smoke (test/e2e/compat-smoke.test.ts): the newest n8n
# 1.123.x on Node 22, cached beside the 2.x one as n8n-<version>. Prints the folder on stdout.
# n8n 1.123 declares engines node ">=20.19 <= 24.x"; Node 22 (an LTS line, and not the system
# Node 20 that runs jest) keeps the runtime independent of the machine's Node.
set -euo pipefail
export N8N_VERSION="${N8N_1X_VERSION:-1.123.81}"
export N8N_NODE_MAJOR=22
# n8n-nodes-base 1.x depends on SheetJS by URL (https://cdn.sheetjs.com/xlsx-0.20.2/...), which a
# machine limited to the npm registry cannot fetch. @e965/xlsx is the same release published on
# the registry (n8n 2.x itself depends on @e965/xlsx 0.20.3); only the spreadsheet nodes use it.
export N8N_NPM_OVERRIDES='{"xlsx":"npm:@e965/xlsx@0.20.2"}'
exec bash "$(dirname "$0")/install-n8n.sh"
