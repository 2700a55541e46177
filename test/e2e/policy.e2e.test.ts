/**
 * Subsidies against the real server with the demo seed: the merchant of 安陶文化创意 opens
 * 我能享受的扶持 for 2025 on a phone and sees the order reward the platform computed from its
 * own orders (2 yuan an order — about 49,000 yuan for the seed's 2025 orders — with the trace: orders from 平台数据, the 20,000-order condition,
 * the 300,000-yuan cap), and applies. Officer 1 approves on a desktop — above 20,000 yuan, so it
 * waits for a second officer — and cannot confirm their own approval; officer 2 confirms on a
 * phone, and the dashboard's budget shows paid up and remaining down by the amount. Then the
 * programme pages, the calculator and the dashboard in English. Screenshots: policy-*.png.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO,
  DEMO_PASSWORD,
  launchBrowser,
  logIn,
  newDesktopContext,
  newPhoneContext,
  screenshotter,
  startServer,
  watchPageErrors,
  type RunningServer,
} from './harness.ts';

/** The demo enterprise's registered name contains this. */
const ENTERPRISE = '安陶文化创意';
const YEAR = 2025;

interface Budget {
  year: number;
  allocatedFen: number;
  paidFen: number;
  reservedFen: number;
  remainingFen: number;
}

interface Entitlements {
  enterpriseId: string;
  platformFacts: Record<string, unknown>;
  items: Array<{ programme: string; amountFen: number | null; eligible: boolean | null; computable: boolean }>;
}

/** "¥1,234.56" from fen, the way the pages print it. */
function yuan(fen: number): string {
  const whole = Math.floor(fen / 100);
  return `¥${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(fen % 100).padStart(2, '0')}`;
}

/** Runs a GET inside the page (its cookies) and returns the JSON. */
async function pageGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`${p} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  }, path);
}

/** The year in Beijing time, as the server reckons the budget year of a payment. */
function budgetYear(): number {
  return new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
}

describe.skipIf(!process.env.HAITANG_E2E)('subsidy journey: computed order reward → apply → approve → second officer confirms → budget moves', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];
  const shot = screenshotter('policy-');

  let merchant: Page;
  let officer1: Page;
  let officer2: Page;
  let expectedFen: number;
  let budgetBefore: Budget;
  let applicationId: string;

  async function newPage(kind: 'phone' | 'desktop'): Promise<Page> {
    const context = kind === 'desktop' ? await newDesktopContext(browser, server.baseUrl) : await newPhoneContext(browser, server.baseUrl);
    contexts.push(context);
    const page = await context.newPage();
    errors.push(watchPageErrors(page));
    return page;
  }

  const orderReward = (page: Page): Locator => page.locator('[data-testid="entitlement"][data-programme="order-reward"]');

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    merchant = await newPage('phone');
    await logIn(merchant, DEMO.merchant, DEMO_PASSWORD);
    officer1 = await newPage('desktop');
    await logIn(officer1, DEMO.bureauOfficer, DEMO_PASSWORD);
    officer2 = await newPage('phone');
    await logIn(officer2, DEMO.bureauOfficer2, DEMO_PASSWORD);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('the merchant sees the 2025 order reward computed from platform data, with its trace', async () => {
    await merchant.goto('/me');
    await merchant.getByTestId('me-link-entitlements').click();
    await merchant.waitForURL((url) => url.pathname === '/policy/entitlements');
    await merchant.goto(`/policy/entitlements?year=${YEAR}`);
    const card = orderReward(merchant);
    await expect.poll(() => card.getAttribute('data-state')).toBe('payable');

    // The amount on the page is the server's own, and it is 2 yuan an order of the platform's count.
    const page = merchant.getByTestId('entitlements');
    expect(await page.getAttribute('data-enterprise')).toContain(ENTERPRISE);
    const me = await pageGet<{ memberships: Array<{ scopeType: string; scopeId: string; scopeName: string }> }>(merchant, '/api/v1/me');
    const ent = me.memberships.find((m) => m.scopeType === 'enterprise' && m.scopeName.includes(ENTERPRISE));
    expect(ent, 'the merchant belongs to 安陶文化创意').toBeTruthy();
    const data = await pageGet<Entitlements>(merchant, `/api/v1/policy/entitlements?enterpriseId=${ent!.scopeId}&year=${YEAR}`);
    const orders = Number(data.platformFacts.qualifyingOrders);
    expect(orders).toBeGreaterThanOrEqual(20_000);
    expectedFen = Math.min(orders * 200, 30_000_000);
    // Above 20,000 yuan, so a second officer must confirm.
    expect(expectedFen).toBeGreaterThan(2_000_000);
    expect(await card.getAttribute('data-fen')).toBe(String(expectedFen));
    expect(await card.getByTestId('entitlement-amount').textContent()).toBe(yuan(expectedFen));
    expect(await merchant.getByTestId('platform-fact-qualifyingOrders').textContent()).toContain(orders.toLocaleString('en-US'));
    await shot(merchant, 'entitlements');

    await card.getByTestId('entitlement-trace-toggle').click();
    const trace = card.getByTestId('entitlement-trace');
    await expect.poll(() => trace.isVisible()).toBe(true);
    const step = (name: string) => trace.locator(`[data-testid="trace-step"][data-step="${name}"]`);
    expect(await step('qualifyingOrders').getAttribute('data-kind')).toBe('fact');
    expect(await step('qualifyingOrders').textContent()).toContain('平台数据');
    expect(await step('enoughOrders').getAttribute('class')).toContain('trace-pass');
    expect(await step('enoughOrders').textContent()).toContain('✓');
    expect(await step('param.perOrderFen').textContent()).toContain('¥2.00');
    expect(await step('rewardBeforeCap').textContent()).toContain(yuan(expectedFen));
    expect(await step('annualCap').getAttribute('data-kind')).toBe('cap');
    expect(await step('annualCap').textContent()).toContain('未超过上限');
    expect(await trace.getByTestId('trace-result').textContent()).toContain(yuan(expectedFen));
    await shot(merchant, 'entitlement-trace');
  });

  it('the merchant applies; the card then shows the application under review', async () => {
    const card = orderReward(merchant);
    await card.getByTestId('entitlement-apply').click();
    const done = merchant.getByTestId('apply-done');
    await expect.poll(() => done.isVisible()).toBe(true);
    expect(await done.textContent()).toContain(yuan(expectedFen));
    await expect.poll(() => card.getByTestId('entitlement-application').getAttribute('data-status')).toBe('submitted');
    expect(await card.getByTestId('entitlement-apply').count()).toBe(0);
    await shot(merchant, 'applied');
  });

  it('officer 1 reviews the facts and trace and approves; above 20,000 yuan it waits for a second officer', async () => {
    budgetBefore = await pageGet<Budget>(officer1, `/api/v1/policy/budget?year=${budgetYear()}`);
    expect(budgetBefore.remainingFen).toBeGreaterThanOrEqual(expectedFen);

    await officer1.goto('/me');
    await officer1.getByTestId('me-link-subsidy-review').click();
    await officer1.waitForURL((url) => url.pathname === '/bureau/applications');
    const row = officer1.locator(`[data-testid="application-row"][data-programme="order-reward"][data-enterprise*="${ENTERPRISE}"]`).first();
    await expect.poll(() => row.isVisible()).toBe(true);
    expect(await row.textContent()).toContain(yuan(expectedFen));
    await shot(officer1, 'queue');

    await row.getByTestId('application-open').click();
    const app = officer1.getByTestId('application');
    await expect.poll(() => app.getAttribute('data-status')).toBe('submitted');
    applicationId = (await app.getAttribute('data-id'))!;
    expect(await officer1.getByTestId('app-amount').getAttribute('data-fen')).toBe(String(expectedFen));
    const ordersFact = officer1.locator('[data-testid="app-fact"][data-fact="qualifyingOrders"]');
    expect(await ordersFact.getAttribute('data-platform')).toBe('true');
    expect(await ordersFact.textContent()).toContain('平台数据');
    expect(await officer1.locator('[data-testid="trace-step"][data-step="enoughOrders"]').textContent()).toContain('✓');
    expect(await officer1.getByTestId('decisions').textContent()).toContain('2 万元');
    await shot(officer1, 'review');

    await officer1.getByTestId('approve').click();
    await expect.poll(() => app.getAttribute('data-status')).toBe('awaiting_confirmation');
    expect(await officer1.getByTestId('decision-done').textContent()).toContain('复核');
    const reserved = await pageGet<Budget>(officer1, `/api/v1/policy/budget?year=${budgetYear()}`);
    expect(reserved.reservedFen).toBe(budgetBefore.reservedFen + expectedFen);
    expect(reserved.paidFen).toBe(budgetBefore.paidFen);
    await shot(officer1, 'approved-awaiting');
  });

  it('officer 1 cannot confirm their own approval', async () => {
    await officer1.getByTestId('confirm').click();
    const error = officer1.getByTestId('decision-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toContain('复核须由另一名工作人员完成');
    expect(await officer1.getByTestId('application').getAttribute('data-status')).toBe('awaiting_confirmation');
    await shot(officer1, 'same-officer-refused');
  });

  it('officer 2 confirms; the dashboard shows the budget paid up and remaining down by the amount', async () => {
    await officer2.goto('/bureau/applications?status=awaiting_confirmation');
    const row = officer2.locator(`[data-testid="application-row"][data-id="${applicationId}"]`);
    await expect.poll(() => row.isVisible()).toBe(true);
    await shot(officer2, 'queue-awaiting');
    await row.getByTestId('application-open').click();
    const app = officer2.getByTestId('application');
    await expect.poll(() => app.getAttribute('data-status')).toBe('awaiting_confirmation');
    await officer2.getByTestId('confirm').click();
    await expect.poll(() => app.getAttribute('data-status')).toBe('paid');
    expect(await officer2.getByTestId('decision-done').textContent()).toContain(yuan(expectedFen));
    expect(await officer2.getByTestId('decisions').count()).toBe(0);
    await shot(officer2, 'confirmed-paid');

    await officer2.goto('/me');
    await officer2.getByTestId('me-link-dashboard').click();
    await officer2.waitForURL((url) => url.pathname === '/bureau/dashboard');
    const budget = officer2.getByTestId('budget');
    await expect.poll(() => budget.getAttribute('data-paid')).toBe(String(budgetBefore.paidFen + expectedFen));
    expect(await budget.getAttribute('data-remaining')).toBe(String(budgetBefore.remainingFen - expectedFen));
    expect(await budget.getAttribute('data-reserved')).toBe(String(budgetBefore.reservedFen));
    expect(await officer2.getByTestId('budget-paid').textContent()).toBe(yuan(budgetBefore.paidFen + expectedFen));
    expect(await officer2.getByTestId('budget-remaining').textContent()).toBe(yuan(budgetBefore.remainingFen - expectedFen));

    // Targets: the measured ones have a progress bar; those not recorded say so, never 0.
    const targets = officer2.getByTestId('target');
    await expect.poll(() => targets.count()).toBeGreaterThan(5);
    const missing = officer2.locator('[data-testid="target"][data-actual="null"]');
    for (const m of await missing.all()) expect(await m.getByTestId('target-missing').textContent()).toContain('尚未接入');
    await expect.poll(() => officer2.getByTestId('chart-month').locator('svg').count()).toBe(1);
    await shot(officer2, 'dashboard');

    // The merchant's card follows.
    await merchant.reload();
    await expect.poll(() => orderReward(merchant).getByTestId('entitlement-application').getAttribute('data-status')).toBe('paid');
  });

  it('the public notice lists the award, and a second payment of the same benefit is refused', async () => {
    const notice = await pageGet<Array<{ enterpriseName: string; programme: string; amountFen: number }>>(officer1, `/api/v1/policy/notice?year=${budgetYear()}`);
    expect(notice.some((n) => n.enterpriseName.includes(ENTERPRISE) && n.programme === 'order-reward' && n.amountFen === expectedFen)).toBe(true);
    await merchant.goto(`/policy/entitlements?year=${YEAR}`);
    await expect.poll(() => orderReward(merchant).getByTestId('entitlement-application').getAttribute('data-status')).toBe('paid');
    expect(await orderReward(merchant).getByTestId('entitlement-apply').count()).toBe(0);
  });

  it('an officer opens the evidence of an application and rejects it, with a reason that is required', async () => {
    await officer2.goto('/bureau/applications');
    const row = officer2.locator('[data-testid="application-row"][data-programme="park-rent"]').first();
    await expect.poll(() => row.isVisible()).toBe(true);
    await row.getByTestId('application-open').click();
    const app = officer2.getByTestId('application');
    await expect.poll(() => app.getAttribute('data-status')).toBe('submitted');
    // Facts entered by the applicant carry their proofs, which download.
    const rent = officer2.locator('[data-testid="app-fact"][data-fact="rentPaidFen"]');
    expect(await rent.getAttribute('data-platform')).toBe('false');
    const href = await rent.getByTestId('evidence-link').getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/policy\/evidence\/[0-9a-f-]{36}$/);
    const file = await officer2.evaluate(async (h) => {
      const res = await fetch(h!);
      return { status: res.status, type: res.headers.get('content-type') };
    }, href);
    expect(file).toEqual({ status: 200, type: 'application/pdf' });
    await shot(officer2, 'evidence-review');

    await officer2.getByTestId('reject-open').click();
    await officer2.getByTestId('reject-submit').click();
    await expect.poll(() => officer2.getByTestId('reject-reason-missing').isVisible()).toBe(true);
    expect(await app.getAttribute('data-status')).toBe('submitted');
    await officer2.getByTestId('reject-reason').fill('场租收据未加盖收款单位公章，请补充后重新申请');
    await officer2.getByTestId('reject-submit').click();
    await expect.poll(() => app.getAttribute('data-status')).toBe('rejected');
    expect(await officer2.getByTestId('app-timeline').textContent()).toContain('场租收据未加盖收款单位公章');
    await shot(officer2, 'rejected');
    await officer2.goto('/bureau/applications?status=rejected');
    await expect.poll(() => officer2.locator('[data-testid="application-row"][data-programme="park-rent"]').count()).toBeGreaterThanOrEqual(1);
  });

  it('the other pages on the other screen: programmes on a phone, entitlements and the dashboard on a desktop', async () => {
    await officer2.goto('/policy/programmes');
    await expect.poll(() => officer2.getByTestId('programme-card').count()).toBeGreaterThanOrEqual(13);
    await shot(officer2, 'programmes-phone');
    await officer2.goto('/policy/programmes/loan-interest');
    await expect.poll(() => officer2.getByTestId('programme-clause').isVisible()).toBe(true);
    await shot(officer2, 'programme-phone');

    const desk = await newPage('desktop');
    await logIn(desk, DEMO.merchant, DEMO_PASSWORD);
    await desk.goto(`/policy/entitlements?year=${YEAR}`);
    await expect.poll(() => orderReward(desk).getByTestId('entitlement-application').getAttribute('data-status')).toBe('paid');
    await desk.locator('[data-testid="entitlement"][data-programme="park-rent"]').getByTestId('entitlement-form-toggle').click();
    await expect.poll(() => desk.getByTestId('entitlement-form').isVisible()).toBe(true);
    await shot(desk, 'entitlements-desktop');

    await officer1.goto('/bureau/dashboard');
    await expect.poll(() => officer1.getByTestId('chart-month').locator('svg').count()).toBe(1);
    await shot(officer1, 'dashboard-desktop');
  });

  it('the desktop console: paid queue, programme page with parameters and the calculator, dashboard in English', async () => {
    await officer1.goto('/bureau/applications?status=paid');
    await expect.poll(() => officer1.locator(`[data-testid="application-row"][data-id="${applicationId}"]`).isVisible()).toBe(true);
    await officer1.getByTestId('run-year').selectOption(String(YEAR));
    await officer1.getByTestId('run-start').click();
    const run = officer1.getByTestId('run-result');
    await expect.poll(() => run.isVisible()).toBe(true);
    expect(Number(await run.getAttribute('data-enterprises'))).toBeGreaterThan(0);
    // The order reward of 2025 is paid: the run does not offer it to the same firm again (四(七)).
    expect(await run.locator(`[data-testid="run-eligible"][data-programme="order-reward"][data-enterprise*="${ENTERPRISE}"]`).count()).toBe(0);
    await shot(officer1, 'queue-paid-run');

    await officer1.goto('/policy/programmes');
    await expect.poll(() => officer1.getByTestId('programme-card').count()).toBeGreaterThanOrEqual(13);
    await shot(officer1, 'programmes');
    await officer1.locator('[data-testid="programme-card"][data-id="order-reward"]').click();
    await expect.poll(() => officer1.getByTestId('programme-clause').textContent()).toContain('每单2元');
    expect(await officer1.locator('[data-testid="parameter"][data-name="annualCapFen"]').getByTestId('param-current').textContent()).toBe('¥300,000.00');
    await officer1.getByTestId('calc-year').selectOption(String(YEAR));
    await officer1.getByTestId('calc-registeredInRongchang-true').check();
    await officer1.getByTestId('calc-qualifyingOrders').fill('200000');
    const similar = officer1.getByTestId('calc-similarAwardReceived-false');
    if ((await similar.count()) > 0) await similar.check();
    await officer1.getByTestId('calc-submit').click();
    const result = officer1.getByTestId('calc-result');
    await expect.poll(() => result.getAttribute('data-fen')).toBe('30000000');
    expect(await result.locator('[data-step="annualCap"]').getAttribute('class')).toContain('trace-cap-bit');
    await shot(officer1, 'programme-calculator');

    // A number the source leaves open: the bureau sets it from a date, with its reference; history is kept.
    await officer1.goto('/policy/programmes/flagship-store');
    const threshold = officer1.locator('[data-testid="parameter"][data-name="minTurnoverFen"]');
    await expect.poll(() => threshold.getByTestId('param-current').textContent()).toBe('¥500,000.00');
    await threshold.getByTestId('param-edit-minTurnoverFen').click();
    await threshold.getByTestId('param-value-minTurnoverFen').fill('800000');
    await threshold.getByTestId('param-from-minTurnoverFen').fill('2026-01-01');
    await threshold.getByTestId('param-ref-minTurnoverFen').fill('荣商务发〔2026〕12号（演示）');
    await threshold.getByTestId('param-save-minTurnoverFen').click();
    await expect.poll(() => officer1.getByTestId('param-saved').isVisible()).toBe(true);
    await expect.poll(() => threshold.getByTestId('param-version').count()).toBe(2);
    expect(await threshold.textContent()).toContain('荣商务发〔2026〕12号（演示）');
    expect(await threshold.textContent()).toContain('¥800,000.00');
    await shot(officer1, 'parameter-set');

    await officer1.evaluate("localStorage.setItem('haitang.lang', 'en')");
    await officer1.goto('/bureau/dashboard');
    await expect.poll(() => officer1.getByTestId('budget').getAttribute('data-paid')).toBe(String(budgetBefore.paidFen + expectedFen));
    expect(await officer1.getByRole('heading', { level: 1 }).textContent()).toBe('Statistics and targets');
    await expect.poll(() => officer1.getByTestId('chart-town').locator('svg').count()).toBe(1);
    await shot(officer1, 'dashboard-en');
    await officer1.goto(`/bureau/applications/${applicationId}`);
    await expect.poll(() => officer1.getByTestId('application').getAttribute('data-status')).toBe('paid');
    await shot(officer1, 'detail-paid-en');
    await officer1.evaluate("localStorage.setItem('haitang.lang', 'zh')");

    for (const list of errors) expect(list).toEqual([]);
  });
});
