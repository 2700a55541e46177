/**
 * The foundation journey on a phone (390×844, zh-CN): register with an SMS code, log out and
 * back in, register an enterprise with a live-checked USCC, have a bureau officer approve it,
 * and see it verified. Screenshots of each page go to test/e2e/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakUsccCheck, makePhone, makeUscc } from './codes.ts';
import {
  DEMO,
  DEMO_PASSWORD,
  devSmsCode,
  launchBrowser,
  logIn,
  logOut,
  newPhoneContext,
  screenshotter,
  startServer,
  watchPageErrors,
  type RunningServer,
} from './harness.ts';
import { openFromMe } from './shop-helpers.ts';

describe.skipIf(!process.env.HAITANG_E2E)('foundation journey (phone, 中文)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  const shot = screenshotter();

  const phone = makePhone();
  const password = 'Rongchang2026';
  const displayName = '海棠测试用户';
  const uscc = makeUscc();
  const enterpriseName = `荣昌安富陶艺有限公司${uscc.slice(10, 14)}`;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newPhoneContext(browser, server.baseUrl);
    page = await context.newPage();
    pageErrors = watchPageErrors(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows the home page with the platform areas and the 21 towns', async () => {
    await page.goto('/');
    await expect.poll(() => page.locator('.town-chip:not(.town-chip-skeleton)').count()).toBe(21);
    await expect.poll(() => page.getByText('海棠香国 · 荣昌电商').isVisible()).toBe(true);
    // Areas that exist link to them; the rest say they are coming.
    expect(await page.getByTestId('area-livestock').getAttribute('href')).toBe('/exchange');
    expect(await page.getByTestId('area-subsidy').getAttribute('href')).toBe('/policy/programmes');
    expect(await page.getByTestId('area-trace').innerText()).toContain('即将上线');
    expect(await page.getByTestId('docs-link').getAttribute('href')).toBe('/docs');
    await shot(page, 'home');
  });

  it('registers a new user with the SMS code from the development outbox', async () => {
    await page.getByTestId('tab-me').click();
    await page.getByTestId('me-register').click();
    await page.waitForURL('**/register');

    // The phone number is validated as it is typed.
    await page.getByTestId('reg-phone').pressSequentially('1234');
    await expect.poll(() => page.getByTestId('reg-phone-message').innerText()).toContain('手机号');
    expect(await page.getByTestId('reg-get-code').isDisabled()).toBe(true);
    await page.getByTestId('reg-phone').fill(phone);
    await expect.poll(() => page.getByTestId('reg-phone-message').count()).toBe(0);

    await page.getByTestId('reg-get-code').click();
    await expect.poll(() => page.getByTestId('reg-get-code').innerText()).toMatch(/\d+ 秒后重发/);
    const code = await devSmsCode(server.baseUrl, phone);
    await expect.poll(() => page.getByTestId('dev-sms-notice').innerText()).toBe(`开发模式：短信验证码为 ${code}`);

    await page.getByTestId('reg-code').fill(code);
    await page.getByTestId('reg-display-name').fill(displayName);
    await page.getByTestId('reg-password').fill(password);
    await page.getByTestId('reg-confirm').fill(password);
    await shot(page, 'register');
    await page.getByTestId('reg-submit').click();
    await page.waitForURL('**/me/enterprise');
    await expect.poll(() => page.getByTestId('enterprise-empty').isVisible()).toBe(true);
  });

  it('logs out and back in', async () => {
    await logOut(page);
    await page.getByTestId('login-phone').fill(phone);
    await page.getByTestId('login-password').fill('wrong-password-1');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').isVisible()).toBe(true);
    expect(await page.getByTestId('login-error').innerText()).toMatch(/[\u4e00-\u9fff]/);
    await shot(page, 'login-error');

    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/me/enterprise');
    await page.getByTestId('tab-me').click();
    await expect.poll(() => page.getByTestId('me-name').innerText()).toBe(displayName);
    await shot(page, 'me');
  });

  it('checks the USCC live and registers an enterprise, pending review', async () => {
    await openFromMe(page, 'enterprise');
    await page.waitForURL('**/me/enterprise');

    const usccInput = page.getByTestId('ent-uscc');
    const usccCheck = page.getByTestId('uscc-check');
    await usccInput.pressSequentially(breakUsccCheck(uscc), { delay: 15 });
    await expect.poll(() => usccCheck.getAttribute('data-state')).toBe('invalid');
    const message = await usccCheck.innerText();
    expect(message).toMatch(/校验/);
    await usccInput.scrollIntoViewIfNeeded();
    await shot(page, 'enterprise-invalid-uscc');

    await usccInput.fill(uscc);
    await expect.poll(() => usccCheck.getAttribute('data-state')).toBe('valid');
    expect(await usccCheck.innerText()).toContain('校验通过');

    await page.getByTestId('ent-name').fill(enterpriseName);
    await page.getByTestId('ent-kind-company').check();
    await page.getByTestId('ent-legal-rep').fill('张海棠');
    const towns = await page.getByTestId('ent-town').locator('option').allInnerTexts();
    await page.getByTestId('ent-town').selectOption({ label: towns.includes('安富街道') ? '安富街道' : (towns[1] ?? '') });
    await page.getByTestId('ent-registered-yes').check();
    await page.getByTestId('ent-size-sme').check();
    await page.getByTestId('ent-industry').selectOption('pottery');
    await page.getByTestId('ent-in-park').check();
    await page.getByTestId('ent-park-name').fill('荣昌区电子商务产业园');
    await page.getByTestId('ent-park-since').fill('2025-03-18');
    await page.getByTestId('ent-contact-phone').fill(phone);
    await page.getByTestId('ent-address').fill('重庆市荣昌区安富街道陶宝古街 18 号');
    await shot(page, 'enterprise-form');

    await page.getByTestId('ent-submit').click();
    await expect.poll(() => page.getByTestId('enterprise-created').isVisible()).toBe(true);
    const card = page.locator(`[data-testid="enterprise-card"][data-uscc="${uscc}"]`);
    await expect.poll(() => card.getByTestId('status-badge').innerText()).toBe('待审核');
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, 'enterprise-pending');

    await card.click();
    await page.waitForURL('**/enterprises/**');
    await expect.poll(() => page.getByTestId('enterprise-name').innerText()).toBe(enterpriseName);
    await expect.poll(() => page.getByTestId('audit-entry').count()).toBeGreaterThan(0);
    await shot(page, 'enterprise-detail-pending');
  });

  it('lets a bureau officer approve it from the verification queue', async () => {
    await logOut(page);
    await logIn(page, DEMO.bureauOfficer, DEMO_PASSWORD);
    await openFromMe(page, 'bureau');
    await page.waitForURL('**/bureau/verifications');
    const card = page.locator(`[data-testid="verification-card"][data-uscc="${uscc}"]`);
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getByTestId('status-badge').innerText()).toBe('待审核');
    await shot(page, 'bureau-queue');

    await card.getByTestId('approve-button').click();
    await expect.poll(() => page.getByTestId('verification-done').innerText()).toContain(enterpriseName);
    await expect.poll(() => card.count()).toBe(0);

    await page.getByTestId('queue-tab-verified').click();
    await expect.poll(() => card.getByTestId('status-badge').innerText()).toBe('已认证');
    await shot(page, 'bureau-verified-tab');
  });

  it('shows the enterprise as verified to its owner, with the approval in its audit history', async () => {
    await logOut(page);
    await logIn(page, phone, password);
    await openFromMe(page, 'enterprise');
    const card = page.locator(`[data-testid="enterprise-card"][data-uscc="${uscc}"]`);
    await expect.poll(() => card.getByTestId('status-badge').innerText()).toBe('已认证');
    await shot(page, 'enterprise-verified');

    await card.click();
    await expect.poll(() => page.getByTestId('status-badge').innerText()).toBe('已认证');
    await expect.poll(() => page.getByTestId('audit-entry').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('audit-list').innerText()).toContain('审核通过');
    await shot(page, 'enterprise-detail-verified');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
