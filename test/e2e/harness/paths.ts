/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and sandbox code runs in plain Node, never inside n8n; the n8n Cloud rules are for nodes/ and credentials/ */
import { basename, dirname, join, resolve } from 'node:path';

const threeUp = resolve(__dirname, '..', '..', '..');
/**
 * The repository root (this file lives in test/e2e/harness). `npm run dev` runs the harness
 * compiled by tsconfig.sandbox.json into `<repo>/.sandbox/test/e2e/harness`: one more level up.
 */
export const repoRoot = basename(threeUp) === '.sandbox' ? dirname(threeUp) : threeUp;

/** Scratch space for n8n user folders; git-ignored, safe to wipe. */
export const e2eRoot = join(repoRoot, '.e2e');

/** Small hand-written package used to prove how community packages load (see its node file). */
export const probePackageRoot = join(repoRoot, 'test', 'e2e', 'fixtures', 'probe-package');
