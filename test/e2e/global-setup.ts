/**
 * Before the browser tests: clears old screenshots and builds the web app once, so the tests
 * exercise the current source.
 */
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  // Screenshots are rewritten on every run; drop the previous run's.
  await rm(fileURLToPath(new URL('./screenshots/', import.meta.url)), { recursive: true, force: true });
  // An external server (HAITANG_E2E_BASE_URL) serves the build it started with; rebuilding
  // under it would rename the hashed assets it knows about.
  if (process.env.HAITANG_E2E_SKIP_BUILD === '1' || process.env.HAITANG_E2E_BASE_URL) return;
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
