/**
 * Shared browser-test helpers for the marketplace: finding your way through 我的, the demo
 * shops' merchants, building import workbooks, paying through the sandbox, and shipping an
 * order from the merchant console — reusable by any journey that needs them.
 */
import ExcelJS from 'exceljs';
import type { APIRequestContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Opens a page linked from the 我的 tab (phone layout): enterprise, merchant, bureau, orders. */
export async function openFromMe(page: Page, link: 'enterprise' | 'merchant' | 'bureau' | 'orders'): Promise<void> {
  await page.getByTestId('tab-me').click();
  await page.waitForURL((url) => url.pathname === '/me');
  await page.getByTestId(`me-link-${link}`).click();
  await page.waitForURL((url) => url.pathname !== '/me');
}

/** The demo seed's shops and the phone of the merchant who runs each. */
export const DEMO_SHOP_MERCHANTS: Record<string, string> = {
  安陶文创旗舰店: '13900000001',
  盘龙夏布工坊: '13900000002',
  荣昌卤鹅老字号: '13900000003',
  荣牧生态猪肉馆: '13900000004',
  荣昌折扇坊: '13900000006',
  清流农家优选: '13900000007',
};

/** Who sells a product: its shop (from `GET /products/{id}`) and that shop's demo merchant. */
export async function productOwner(baseUrl: string, productId: string): Promise<{ shopId: string; shopName: string; merchantPhone: string }> {
  const res = await fetch(`${baseUrl}/api/v1/products/${productId}`);
  if (res.status !== 200) throw new Error(`GET /products/${productId} answered ${res.status}`);
  const product = (await res.json()) as { shopId: string; shopName: string };
  const merchantPhone = DEMO_SHOP_MERCHANTS[product.shopName];
  if (!merchantPhone) throw new Error(`no demo merchant for shop ${product.shopName}`);
  return { shopId: product.shopId, shopName: product.shopName, merchantPhone };
}

/** Canonical headers of the import template, in its column order. */
export const IMPORT_HEADERS = ['商品编号', '商品标题', '特色馆', '规格', 'SKU编码', '价格（元）', '库存', '重量（克）', 'GTIN', '产地镇街', '地理标志', '副标题', '商品描述', '状态'] as const;
export type ImportRow = Partial<Record<(typeof IMPORT_HEADERS)[number], string | number>>;

/** An .xlsx in the import format: a header row, then one row per SKU. */
export async function importWorkbook(rows: ImportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('商品');
  sheet.addRow([...IMPORT_HEADERS]);
  for (const row of rows) sheet.addRow(IMPORT_HEADERS.map((h) => row[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Pays an unpaid order through the sandbox provider as its buyer (`buyer` is an API
 * context signed in as them) and waits until the order is 待发货.
 */
export async function payOrderInSandbox(buyer: APIRequestContext, orderId: string): Promise<void> {
  const channels = (await (await buyer.get('/api/v1/payments/channels')).json()) as Array<{ channel: string }>;
  const channel = channels[0]?.channel;
  if (!channel) throw new Error('no payment channel');
  const created = await buyer.post(`/api/v1/orders/${orderId}/payments`, {
    data: { channel },
    headers: { 'Idempotency-Key': `e2e-pay-${orderId}` },
  });
  if (created.status() !== 201) throw new Error(`paying ${orderId} answered ${created.status()}: ${await created.text()}`);
  const payment = (await created.json()) as { id: string };
  const done = await buyer.post(`/api/v1/sandbox/payments/${payment.id}/complete`, { data: { outcome: 'success' } });
  if (done.status() !== 202) throw new Error(`sandbox completion answered ${done.status()}`);
  await expect
    .poll(async () => ((await (await buyer.get(`/api/v1/orders/${orderId}`)).json()) as { status: string }).status, { timeout: 15_000 })
    .toBe('paid');
}

/**
 * In the merchant console (signed in as the shop's merchant): opens 订单 → 待发货, ships the
 * order through the 发货 dialog, and waits until it shows 已发货. `onDialog` sees the filled
 * dialog (for a screenshot).
 */
export async function shipOrderInConsole(
  page: Page,
  orderNo: string,
  options: { carrier?: string; trackingNo?: string; onDialog?: (page: Page) => Promise<unknown> } = {},
): Promise<void> {
  await page.goto('/merchant/orders?status=paid');
  const card = page.locator(`[data-testid="order-card"][data-order-no="${orderNo}"]`);
  await expect.poll(() => card.count()).toBe(1);
  await card.getByTestId('order-action-ship').click();
  const dialog = page.getByTestId('ship-dialog');
  await expect.poll(() => dialog.isVisible()).toBe(true);
  await dialog.getByTestId('ship-carrier').selectOption(options.carrier ?? '顺丰速运');
  await dialog.getByTestId('ship-tracking').fill(options.trackingNo ?? `SF${Date.now()}`);
  if (options.onDialog) await options.onDialog(page);
  await dialog.getByTestId('ship-submit').click();
  await expect.poll(() => dialog.count()).toBe(0);
  await expect.poll(() => card.getAttribute('data-status')).toBe('shipped');
}
