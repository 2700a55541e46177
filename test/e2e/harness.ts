/**
 * Browser-test harness: starts the real server (`node bin/haitang.js serve`) on a free port
 * with a fresh data directory and the demo seed, drives Chromium through playwright-core,
 * and saves numbered screenshots to test/e2e/screenshots/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotDir = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** The demo seed's shared password. */
export const DEMO_PASSWORD = 'Haitang2026';
export const DEMO = {
  admin: '13800000001',
  bureauOfficer: '13800000002',
  bureauOfficer2: '13800000003',
  regulator: '13800000004',
  merchant: '13900000001',
  stationOperator: '13700000001',
  consumer: '13600000001',
} as const;

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Everything the server printed so far, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return true;
  return Promise.race([
    new Promise<boolean>((resolve) => child.once('exit', () => resolve(true))),
    sleep(ms).then(() => false),
  ]);
}

/**
 * Starts the server and resolves once `GET /healthz` answers 200.
 * `HAITANG_E2E_ENTRY` may name another entry script (relative to the repo root);
 * `HAITANG_E2E_BASE_URL` uses a server that is already running instead.
 */
export async function startServer(options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunningServer> {
  const external = process.env.HAITANG_E2E_BASE_URL;
  if (external) {
    // An already running server (e.g. `npm start`); the tests use fresh random phones and codes.
    const res = await fetch(`${external}/healthz`);
    if (res.status !== 200) throw new Error(`${external}/healthz answered ${res.status}`);
    return { baseUrl: external.replace(/\/$/, ''), dataDir: '', output: () => '', stop: async () => {} };
  }
  const entry = process.env.HAITANG_E2E_ENTRY ?? 'bin/haitang.js';
  if (!existsSync(resolve(repoRoot, entry))) {
    throw new Error(`server entry ${entry} does not exist yet`);
  }
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'haitang-e2e-'));
  // Start from the demo seeded once for the run (global-setup); the server's own seeding then
  // finds everything present and adds nothing.
  const seeded = inject('e2eSeededDataDir');
  if (seeded && !options.env?.DATA_DIR) await cp(seeded, dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, HAITANG_SEED: 'demo' };
  // Vitest sets NODE_ENV=test for itself; let the server pick its own default.
  delete env.NODE_ENV;
  delete env.HAITANG_E2E;
  Object.assign(env, options.env);

  const child = spawn(process.execPath, [resolve(repoRoot, entry), 'serve'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const baseUrl = `http://localhost:${port}`;
  const stop = async () => {
    if (!exited(child)) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 8_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 3_000);
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (exited(child)) {
      await stop();
      throw new Error(`server exited early (code ${child.exitCode}, signal ${child.signalCode}):\n${output.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return { baseUrl, dataDir, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`server did not answer /healthz within the timeout:\n${output.slice(-4000)}`);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export const PHONE_VIEWPORT = { width: 390, height: 844 };
export const DESKTOP_VIEWPORT = { width: 1280, height: 800 };

export async function newPhoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: PHONE_VIEWPORT,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

export async function newDesktopContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: DESKTOP_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

/** Saves numbered full-page screenshots: `NN-name.png`, NN counting from `start`. */
export function screenshotter(prefix = '', start = 1) {
  let n = start;
  return async (page: Page, name: string): Promise<string> => {
    await mkdir(screenshotDir, { recursive: true });
    const file = join(screenshotDir, `${prefix}${String(n++).padStart(2, '0')}-${name}.png`);
    // Let fonts and transitions settle so the picture shows the finished page.
    await page.evaluate('document.fonts.ready.then(() => true)');
    await sleep(250);
    // Grow the viewport to the whole page so fixed bars sit at its ends, as a user
    // scrolling through would see them, instead of floating over the middle.
    const viewport = page.viewportSize();
    const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
    if (viewport && height > viewport.height) {
      await page.setViewportSize({ width: viewport.width, height });
      await sleep(150);
    }
    try {
      await page.screenshot({ path: file });
    } finally {
      if (viewport) await page.setViewportSize(viewport);
    }
    return file;
  };
}

/** Collects uncaught page errors; tests assert the list stays empty. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Reads the newest SMS code sent to `phone` from the development outbox. */
export async function devSmsCode(baseUrl: string, phone: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/dev/sms-outbox?phone=${encodeURIComponent(phone)}`);
  if (res.status !== 200) throw new Error(`dev SMS outbox answered ${res.status}`);
  const body = (await res.json()) as { messages: { code: string }[] };
  const code = body.messages[0]?.code;
  if (!code) throw new Error(`no SMS for ${phone} in the dev outbox`);
  return code;
}

/** Logs in through the login page and waits until the app has navigated away from it. */
export async function logIn(page: Page, phone: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-phone').fill(phone);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** Logs out through the 我的 tab (phone) or the account menu (desktop). */
export async function logOut(page: Page): Promise<void> {
  await page.goto('/me');
  await page.getByTestId('logout-button').click();
  await page.waitForURL((url) => url.pathname === '/login');
}
