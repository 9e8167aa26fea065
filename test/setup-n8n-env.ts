/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

// n8n-core writes its instance config on first use; keep it inside the (git-ignored) repo folder.
const userFolder = join(__dirname, '..', '.n8n-test');
mkdirSync(userFolder, { recursive: true });
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_ENCRYPTION_KEY ??= 'kommo-incoming-leads-test-key';
