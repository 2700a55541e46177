/**
 * A screenshot tour of every page in English on a phone and in Chinese on a desktop
 * (1280×800), for visual review. Saved as test/e2e/screenshots/en-NN-*.png and desktop-NN-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO,
  DEMO_PASSWORD,
  launchBrowser,
  logIn,
  logOut,
  newDesktopContext,
  newPhoneContext,
  screenshotter,
  startServer,
  watchPageErrors,
  type RunningServer,
} from './harness.ts';

async function tour(page: Page, shot: (page: Page, name: string) => Promise<string>) {
  await page.goto('/');
  await expect.poll(() => page.locator('.town-chip:not(.town-chip-skeleton)').count()).toBe(21);
  await shot(page, 'home');
  await page.goto('/register');
  await shot(page, 'register');
  await page.goto('/login');
  await shot(page, 'login');

  await logIn(page, DEMO.merchant, DEMO_PASSWORD);
  await page.goto('/me');
  await expect.poll(() => page.getByTestId('me-name').isVisible()).toBe(true);
  await shot(page, 'me');
  await page.goto('/me/enterprise');
  await expect.poll(() => page.getByTestId('enterprise-list').isVisible()).toBe(true);
  await page.getByTestId('ent-kind-sole_trader').check();
  await page.getByTestId('ent-in-park').check();
  await page.getByTestId('ent-submit').click();
  await shot(page, 'my-enterprise');
  const first = page.getByTestId('enterprise-card').first();
  if ((await first.count()) > 0) {
    await first.click();
    await page.waitForURL('**/enterprises/**');
    await expect.poll(() => page.getByTestId('enterprise-name').isVisible()).toBe(true);
    await shot(page, 'enterprise-detail');
  }

  await logOut(page);
  await logIn(page, DEMO.bureauOfficer, DEMO_PASSWORD);
  await page.goto('/bureau/verifications');
  await expect.poll(() => page.getByTestId('verification-list').isVisible()).toBe(true);
  await page.waitForLoadState('networkidle');
  await shot(page, 'bureau-queue');
  const card = page.getByTestId('verification-card').first();
  if ((await card.count()) > 0) {
    await card.getByTestId('reject-button').click();
    await card.getByTestId('confirm-reject-button').click();
    await shot(page, 'bureau-reject-reason');
  }
  await page.goto('/no/such/page');
  await shot(page, 'not-found');
}

describe.skipIf(!process.env.HAITANG_E2E)('screenshot tour', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('every page in English on a phone', async () => {
    const context: BrowserContext = await newPhoneContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto('/');
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('tab-home').innerText()).toBe('Home');
    await tour(page, screenshotter('en-'));
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('every page in Chinese on a desktop', async () => {
    const context: BrowserContext = await newDesktopContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await tour(page, screenshotter('desktop-'));
    expect(errors).toEqual([]);
    await context.close();
  });
});
