/**
 * Payments on a phone (390×844, zh-CN) against the real server: the demo consumer pays an order
 * of 荣昌卤鹅老字号 at the 收银台 with 手机扫码支付 — the QR's URL opened on a second device is
 * the sandbox wallet — and sees 支付成功; the merchant ships, the consumer confirms receipt, and
 * the shop's 资金 page shows the order amount less 1% commission as 可结算余额 (then a partial
 * refund). A villager's order is paid in cash at 万灵镇大荣寨村电商服务站: the operator confirms
 * the code on /station and remits the cash. The admin's 账务总览 shows 借贷平衡, creates the day's
 * payout batch and reconciles a statement. English and desktop once. Screenshots: pay-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
import { shipOrderInConsole } from './shop-helpers.ts';

const GOOSE_MERCHANT = '13900000003';
const GOOSE_SHOP = '荣昌卤鹅老字号';
const STATION_NAME = '万灵镇大荣寨村电商服务站';

interface OrderJson {
  id: string;
  orderNo: string;
  status: string;
  totalFen: number;
  shopId: string;
}

/** Commission at 1%, rounded half up to the fen, in integers. */
const fee = (fen: number) => Math.floor((fen + 50) / 100);

/** "¥1,234.56" from fen, the way the pages print it. */
function yuan(fen: number): string {
  const whole = Math.floor(fen / 100);
  return `¥${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(fen % 100).padStart(2, '0')}`;
}

/** Runs fetch inside the page (its cookies, its origin) and returns status and JSON. */
async function pageFetch<T>(page: Page, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body, headers }) => {
      const res = await fetch(path, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : null) as T };
    },
    { method, path, body, headers },
  );
}

/** Places an order for one unit of an in-stock variant of 荣昌卤鹅老字号, from the buyer's page. */
async function placeGooseOrder(page: Page, delivery: { deliveryOption: string; pickupPointId?: string }): Promise<OrderJson> {
  const shops = await pageFetch<Array<{ id: string; name: string }>>(page, 'GET', '/api/v1/shops');
  const shopId = shops.json.find((s) => s.name === GOOSE_SHOP)?.id;
  expect(shopId, 'the demo shop 荣昌卤鹅老字号').toBeTruthy();
  const found = await pageFetch<{ items: Array<{ id: string; shopId: string; stockTotal: number }> }>(page, 'GET', `/api/v1/products?q=${encodeURIComponent('卤鹅')}&limit=50`);
  const product = found.json.items.find((p) => p.shopId === shopId && p.stockTotal > 0);
  expect(product, 'a 卤鹅 product in stock').toBeTruthy();
  const detail = await pageFetch<{ skus: Array<{ id: string; stock: number; status: string }> }>(page, 'GET', `/api/v1/products/${product!.id}`);
  const sku = detail.json.skus.find((s) => s.stock > 0 && s.status === 'active');
  expect(sku).toBeTruthy();
  const placed = await pageFetch<{ orders: OrderJson[] }>(
    page,
    'POST',
    '/api/v1/checkout',
    {
      items: [{ skuId: sku!.id, quantity: 1 }],
      address: { recipient: '林晓', phone: '13600000001', province: '重庆市', city: '重庆市', district: '荣昌区', town: '万灵镇', village: '大荣寨村', detail: '大荣寨村3组12号' },
      ...delivery,
    },
    { 'Idempotency-Key': `e2e-pay-checkout-${Date.now()}-${Math.random().toString(36).slice(2)}` },
  );
  expect(placed.status).toBe(201);
  const order = placed.json.orders[0]!;
  expect(order.status).toBe('awaiting_payment');
  return order;
}

async function orderStatus(page: Page, orderId: string): Promise<string> {
  return (await pageFetch<OrderJson>(page, 'GET', `/api/v1/orders/${orderId}`)).json.status;
}

describe.skipIf(!process.env.HAITANG_E2E)('payments journey (phone, 中文)', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];
  const shot = screenshotter('pay-');

  let consumer: Page;
  let merchant: Page;
  let order: OrderJson;

  async function phonePage(desktop = false): Promise<Page> {
    const context = desktop ? await newDesktopContext(browser, server.baseUrl) : await newPhoneContext(browser, server.baseUrl);
    contexts.push(context);
    const page = await context.newPage();
    errors.push(watchPageErrors(page));
    return page;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    consumer = await phonePage();
    await logIn(consumer, DEMO.consumer, DEMO_PASSWORD);
    merchant = await phonePage();
    await logIn(merchant, GOOSE_MERCHANT, DEMO_PASSWORD);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('pays by 手机扫码支付 at the 收银台, the QR opened on a second phone', async () => {
    order = await placeGooseOrder(consumer, { deliveryOption: 'express' });
    await consumer.goto(`/pay/${order.id}`);
    const cashier = consumer.getByTestId('cashier');
    await expect.poll(() => cashier.getAttribute('data-phase')).toBe('choose');
    await expect.poll(() => consumer.getByTestId('cashier-amount').getAttribute('data-fen')).toBe(String(order.totalFen));
    expect(await consumer.getByTestId('cashier-amount').textContent()).toBe(yuan(order.totalFen));
    expect(await consumer.getByTestId('cashier-countdown').textContent()).toMatch(/支付剩余时间 \d{2}:\d{2}/);
    // Express delivery, no pickup station: no cash-at-station channel.
    expect(await consumer.getByTestId('channel-station_cash').count()).toBe(0);
    for (const ch of ['online_bank', 'mobile_qr', 'phone_ivr']) expect(await consumer.getByTestId(`channel-${ch}`).isVisible()).toBe(true);
    await shot(consumer, 'cashier');

    await consumer.getByTestId('channel-mobile_qr').click();
    await consumer.getByTestId('cashier-pay').click();
    const qr = consumer.getByTestId('pay-qr');
    await expect.poll(() => qr.isVisible()).toBe(true);
    expect(await consumer.getByText('请使用手机扫码支付').isVisible()).toBe(true);
    const url = await consumer.getByTestId('pay-open-here').getAttribute('href');
    expect(url).toMatch(/\/sandbox\/pay\/[0-9a-f-]{36}$/);
    expect(await qr.getAttribute('data-content')).toBe(url);
    await shot(consumer, 'cashier-qr');

    // The payer's phone: the sandbox wallet the QR leads to (no login needed).
    const wallet = await phonePage();
    await wallet.goto(url!);
    await expect.poll(() => wallet.getByTestId('sandbox-confirm').isVisible()).toBe(true);
    expect(await wallet.getByTestId('sandbox-ribbon').textContent()).toContain('沙箱');
    expect(await wallet.getByTestId('sandbox-amount').getAttribute('data-fen')).toBe(String(order.totalFen));
    await shot(wallet, 'sandbox-wallet');
    await wallet.getByTestId('sandbox-confirm').click();
    await expect.poll(() => wallet.getByTestId('sandbox-done').textContent()).toContain('已付款，请返回商户页面');
    await shot(wallet, 'sandbox-wallet-done');

    // Back on the cashier: it polls until the provider's notification has landed.
    await expect.poll(() => consumer.getByTestId('pay-success').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await consumer.getByTestId('pay-success').textContent()).toContain('支付成功');
    await shot(consumer, 'cashier-success');
    expect(await orderStatus(consumer, order.id)).toBe('paid');

    await consumer.getByTestId('pay-view-order').click();
    await consumer.waitForURL(`**/orders/${order.id}`);
    await expect.poll(() => consumer.getByTestId('order-detail').getAttribute('data-status')).toBe('paid');
    expect(await consumer.getByTestId('order-detail').getByTestId('order-status').first().textContent()).toBe('待发货');
  });

  it('the shop sees the money in escrow, ships; the buyer confirms; 1% commission comes off', async () => {
    await merchant.goto('/merchant');
    await merchant.getByTestId('merchant-nav-balance').click();
    await merchant.waitForURL('**/merchant/balance');
    await expect.poll(() => merchant.getByTestId('funds-in-escrow').getAttribute('data-fen')).not.toBeNull();
    expect(Number(await merchant.getByTestId('funds-in-escrow').getAttribute('data-fen'))).toBeGreaterThanOrEqual(order.totalFen);
    await shot(merchant, 'funds-escrow');

    await shipOrderInConsole(merchant, order.orderNo, { carrier: '顺丰速运', trackingNo: `SF${Date.now()}` });

    await consumer.goto(`/orders/${order.id}`);
    await expect.poll(() => consumer.getByTestId('order-detail').getAttribute('data-status')).toBe('shipped');
    const confirm = consumer.getByTestId('order-action-confirm');
    if ((await confirm.count()) > 0) {
      await confirm.click();
      // The dialog opens inside the page's fixed action bar, whose stacking context leaves
      // the tab bar over the dialog's buttons on phones: press the button from the keyboard.
      await consumer.getByTestId('action-confirm').press('Enter');
    } else {
      const r = await pageFetch(consumer, 'POST', `/api/v1/orders/${order.id}/transitions`, { action: 'confirm' });
      expect(r.status).toBe(200);
      await consumer.reload();
    }
    await expect.poll(() => consumer.getByTestId('order-detail').getAttribute('data-status')).toBe('completed');

    await merchant.goto('/merchant/balance');
    const available = merchant.getByTestId('funds-available');
    const expected = order.totalFen - fee(order.totalFen);
    await expect.poll(() => available.getAttribute('data-fen')).toBe(String(expected));
    expect(await available.textContent()).toBe(yuan(expected));
    expect(await merchant.getByTestId('funds-commission').getAttribute('data-fen')).toBe(String(fee(order.totalFen)));
    expect(await merchant.getByTestId('funds-history').textContent()).toContain('订单结算');
    expect(await merchant.getByTestId('funds-history').textContent()).toContain('平台佣金');
    await shot(merchant, 'funds-settled');
  });

  it('the merchant refunds ¥1.00 of the settled order; the balance and commission follow', async () => {
    await merchant.goto(`/orders/${order.id}`);
    const panel = merchant.getByTestId('refund-panel');
    await expect.poll(() => panel.getAttribute('data-refundable')).toBe(String(order.totalFen));
    await panel.getByTestId('refund-open').click();
    const dialog = merchant.getByTestId('refund-dialog');
    await dialog.getByTestId('refund-amount').fill('1.00');
    await dialog.getByTestId('refund-reason').fill('少发一只鹅掌，按件退款');
    await shot(merchant, 'refund-dialog');
    await dialog.getByTestId('refund-submit').click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => panel.getAttribute('data-refundable')).toBe(String(order.totalFen - 100));

    await merchant.goto('/merchant/balance');
    const kept = order.totalFen - 100;
    await expect.poll(() => merchant.getByTestId('funds-available').getAttribute('data-fen')).toBe(String(kept - fee(kept)));
    expect(await merchant.getByTestId('funds-refunded').getAttribute('data-fen')).toBe('100');
  });

  let cashOrder: OrderJson;

  it('a villager pays cash at the station: the operator confirms the code on /station', async () => {
    const stations = await pageFetch<Array<{ id: string; name: string }>>(consumer, 'GET', '/api/v1/stations');
    const station = stations.json.find((s) => s.name === STATION_NAME);
    expect(station).toBeTruthy();
    cashOrder = await placeGooseOrder(consumer, { deliveryOption: 'station_pickup', pickupPointId: station!.id });

    await consumer.goto(`/pay/${cashOrder.id}`);
    const cashRow = consumer.getByTestId('channel-station_cash');
    await expect.poll(() => cashRow.isVisible()).toBe(true);
    expect(await cashRow.textContent()).toContain('村级服务站现金代收');
    await cashRow.click();
    await consumer.getByTestId('cashier-pay').click();
    const code = consumer.getByTestId('pay-code');
    await expect.poll(() => code.isVisible()).toBe(true);
    const reference = (await code.getAttribute('data-code')) ?? '';
    expect(reference).toMatch(/^\d{8}$/);
    expect(await consumer.getByTestId('pay-panel').textContent()).toContain('请到自提服务站出示付款码');
    expect(await consumer.getByTestId('pay-station').textContent()).toContain(STATION_NAME);
    await shot(consumer, 'cashier-station-code');

    const operator = await phonePage();
    await logIn(operator, DEMO.stationOperator, DEMO_PASSWORD);
    await operator.goto('/me');
    await operator.getByTestId('me-link-station').click();
    await operator.waitForURL('**/station');
    expect(await operator.getByTestId('station-name').textContent()).toBe(STATION_NAME);
    await operator.getByTestId('station-code').fill(reference);
    await shot(operator, 'station-desk');
    await operator.getByTestId('station-confirm-submit').click();
    const receipt = operator.getByTestId('station-receipt');
    await expect.poll(() => receipt.isVisible()).toBe(true);
    expect(await receipt.getAttribute('data-fen')).toBe(String(cashOrder.totalFen));
    expect(await receipt.getAttribute('data-order-id')).toBe(cashOrder.id);
    expect(await operator.getByTestId('station-receipt-amount').textContent()).toBe(yuan(cashOrder.totalFen));
    await shot(operator, 'station-confirmed');

    // The villager's cashier turns to 支付成功 by itself; the order is paid.
    await expect.poll(() => consumer.getByTestId('pay-success').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await orderStatus(consumer, cashOrder.id)).toBe('paid');

    // The operator hands the cash to the platform.
    const amount = (cashOrder.totalFen / 100).toFixed(2);
    await operator.getByTestId('station-remit-amount').fill(amount);
    await operator.getByTestId('station-remit-submit').click();
    await expect.poll(() => operator.getByTestId('station-remitted').textContent()).toContain(yuan(cashOrder.totalFen));
    await shot(operator, 'station-remitted');
  });

  it('the admin ledger balances, makes the payout batch and reconciles a statement', async () => {
    const admin = await phonePage();
    await logIn(admin, DEMO.admin, DEMO_PASSWORD);
    await admin.goto('/me');
    await admin.getByTestId('me-link-ledger').click();
    await admin.waitForURL('**/admin/ledger');
    const badge = admin.getByTestId('ledger-balanced');
    await expect.poll(() => badge.textContent()).toBe('借贷平衡 ✓');
    await expect.poll(() => admin.getByTestId('ledger-account').count()).toBeGreaterThan(3);
    const names = await admin.getByTestId('ledger-accounts').textContent();
    for (const name of ['担保账户', '平台佣金', '渠道清算（手机扫码支付）', `商户应付 · ${GOOSE_SHOP}`]) expect(names).toContain(name);

    await admin.getByTestId('payout-create').click();
    await expect.poll(() => admin.getByTestId('payout-created').isVisible()).toBe(true);
    await expect.poll(() => admin.getByTestId('payout-batch').count()).toBe(1);
    const href = await admin.getByTestId('payout-download').getAttribute('href');
    const file = await admin.context().request.get(href!);
    expect(file.status()).toBe(200);
    expect(await file.text()).toContain(GOOSE_SHOP);
    await expect.poll(() => badge.textContent()).toBe('借贷平衡 ✓');

    // A statement with our QR payment and one the platform never saw.
    const payments = await pageFetch<Array<{ channel: string; status: string; providerRef: string; id: string; amountFen: number }>>(consumer, 'GET', `/api/v1/orders/${order.id}/payments`);
    const paid = payments.json.find((p) => p.status === 'succeeded' && p.channel === 'mobile_qr')!;
    const csv = `provider_ref,payment_id,amount_fen,status\n${paid.providerRef},${paid.id},${paid.amountFen},success\nMOBILE_QR-NOTOURS0000000,,1999,success\n`;
    await admin.getByTestId('recon-channel').selectOption('mobile_qr');
    await admin.getByTestId('recon-file').setInputFiles({ name: 'statement.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await admin.getByTestId('recon-start').click();
    const result = admin.getByTestId('recon-result');
    await expect.poll(() => result.getAttribute('data-matched')).toBe('1');
    expect(await result.getAttribute('data-mismatches')).toBe('1');
    expect(await admin.getByTestId('recon-mismatch').first().textContent()).toContain('平台无此交易');
    await shot(admin, 'admin-ledger');
  });

  it('English once, and desktop once', async () => {
    const english = await order2InEnglish();
    expect(english).toContain('Checkout counter');
    await merchant.evaluate("localStorage.setItem('haitang.lang', 'en')");
    await merchant.goto('/merchant/balance');
    await expect.poll(() => merchant.getByTestId('funds').textContent()).toContain('Available balance');
    await shot(merchant, 'en-funds');
    await merchant.evaluate("localStorage.setItem('haitang.lang', 'zh')");

    const admin = await phonePage(true);
    await logIn(admin, DEMO.admin, DEMO_PASSWORD);
    await admin.goto('/admin/ledger');
    await expect.poll(() => admin.getByTestId('ledger-balanced').textContent()).toBe('借贷平衡 ✓');
    await expect.poll(() => admin.getByTestId('payout-batch').count()).toBe(1);
    await shot(admin, 'desktop-admin-ledger');

    const shop = await phonePage(true);
    await logIn(shop, GOOSE_MERCHANT, DEMO_PASSWORD);
    await shop.goto('/merchant/balance');
    await expect.poll(() => shop.getByTestId('funds-available').isVisible()).toBe(true);
    await shot(shop, 'desktop-funds');

    const buyer = await phonePage(true);
    await logIn(buyer, DEMO.consumer, DEMO_PASSWORD);
    const third = await placeGooseOrder(buyer, { deliveryOption: 'express' });
    await buyer.goto(`/pay/${third.id}`);
    await buyer.getByTestId('channel-online_bank').click();
    await buyer.getByTestId('cashier-pay').click();
    await expect.poll(() => buyer.getByTestId('pay-go-bank').isVisible()).toBe(true);
    await shot(buyer, 'desktop-cashier-bank');
    const bankUrl = await buyer.getByTestId('pay-go-bank').getAttribute('href');
    const bank = await buyer.context().newPage();
    await bank.goto(bankUrl!);
    await expect.poll(() => bank.getByTestId('sandbox').getAttribute('data-channel')).toBe('online_bank');
    await shot(bank, 'desktop-sandbox-bank');
    await bank.getByTestId('sandbox-fail').click();
    await expect.poll(() => bank.getByTestId('sandbox-done').getAttribute('data-outcome')).toBe('failure');
    // A failed payment sends the buyer back to choosing, with a notice.
    await expect.poll(() => buyer.getByTestId('cashier-problem').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await buyer.getByTestId('cashier').getAttribute('data-phase')).toBe('choose');
    await shot(buyer, 'desktop-cashier-failed');

    expect(errors.flat()).toEqual([]);
  });

  /** An order paid by phone in English: the cashier with the code, and the simulated keypad. */
  async function order2InEnglish(): Promise<string> {
    const fresh = await placeGooseOrder(consumer, { deliveryOption: 'express' });
    await consumer.evaluate("localStorage.setItem('haitang.lang', 'en')");
    await consumer.goto(`/pay/${fresh.id}`);
    await expect.poll(() => consumer.getByTestId('cashier').getAttribute('data-phase')).toBe('choose');
    await shot(consumer, 'en-cashier');
    await consumer.getByTestId('channel-phone_ivr').click();
    await consumer.getByTestId('cashier-pay').click();
    await expect.poll(() => consumer.getByTestId('pay-code').isVisible()).toBe(true);
    const reference = (await consumer.getByTestId('pay-code').getAttribute('data-code')) ?? '';
    await expect.poll(() => consumer.getByTestId('pay-sandbox-phone').isVisible()).toBe(true);
    await shot(consumer, 'en-cashier-phone');
    const text = (await consumer.getByTestId('cashier').textContent()) ?? '';

    // The simulated phone: key in the code, press #.
    await consumer.getByTestId('pay-sandbox-phone').click();
    await consumer.waitForURL('**/sandbox/pay/**');
    await expect.poll(() => consumer.getByTestId('sandbox').getAttribute('data-channel')).toBe('phone_ivr');
    for (const digit of reference) await consumer.getByTestId(`sandbox-key-${digit}`).click();
    await shot(consumer, 'en-sandbox-phone');
    await consumer.getByTestId('sandbox-key-hash').click();
    await expect.poll(() => consumer.getByTestId('sandbox-done').getAttribute('data-outcome')).toBe('success');
    await consumer.goto(`/pay/${fresh.id}`);
    await expect.poll(() => consumer.getByTestId('pay-success').isVisible(), { timeout: 20_000 }).toBe(true);
    await consumer.evaluate("localStorage.setItem('haitang.lang', 'zh')");
    return text;
  }
});
