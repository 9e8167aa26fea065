import { join, resolve } from 'node:path';

/** The repository root (this file lives in test/e2e/harness). */
export const repoRoot = resolve(__dirname, '..', '..', '..');

/** Scratch space for n8n user folders; git-ignored, safe to wipe. */
export const e2eRoot = join(repoRoot, '.e2e');

/** Small hand-written package used to prove how community packages load (see its node file). */
export const probePackageRoot = join(repoRoot, 'test', 'e2e', 'fixtures', 'probe-package');
