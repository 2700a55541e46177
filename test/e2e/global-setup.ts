/**
 * Before the browser tests: clears old screenshots, builds the web app once (so the tests
 * exercise the current source) and seeds the demo once into a data directory that each test's
 * server starts from a copy of — loading the demo (order history included) per file would cost
 * ~20 s each.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite data directory with the demo seed loaded, copied by each server the tests start. */
    e2eSeededDataDir: string;
  }
}

export default async function setup(project: TestProject): Promise<void | (() => Promise<void>)> {
  // Another entry script or an external server seeds for itself.
  const template = process.env.HAITANG_E2E_BASE_URL || process.env.HAITANG_E2E_ENTRY ? null : await mkdtemp(join(tmpdir(), 'haitang-e2e-seed-'));
  // Screenshots are rewritten on every run; drop the previous run's.
  await rm(fileURLToPath(new URL('./screenshots/', import.meta.url)), { recursive: true, force: true });
  // An external server (HAITANG_E2E_BASE_URL) serves the build it started with; rebuilding
  // under it would rename the hashed assets it knows about.
  if (process.env.HAITANG_E2E_SKIP_BUILD !== '1' && !process.env.HAITANG_E2E_BASE_URL) await buildWeb();
  if (!template) return;
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: template };
  delete env.NODE_ENV;
  const seeded = spawnSync(process.execPath, [fileURLToPath(new URL('../../bin/haitang.js', import.meta.url)), 'seed'], { env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seeding the e2e template failed:\n${seeded.stdout}\n${seeded.stderr}`);
  project.provide('e2eSeededDataDir', template);
  return () => rm(template, { recursive: true, force: true });
}

async function buildWeb(): Promise<void> {
  // Vitest runs with NODE_ENV=test, which would give a development build of React.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}
