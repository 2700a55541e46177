/**
 * The marketplace journey on a phone (390×844, zh-CN) against the real server: a new consumer
 * searches 夏布, adds a product to the cart, adds one from another shop, sees the cart grouped
 * by shop, checks out with an address and gets two orders 待付款. The merchant of one of those
 * shops finds the order under 待付款 in 商家后台, ships it once paid, creates a product with two
 * variants and puts it on sale (search finds it), and bulk-imports an .xlsx: a file with a bad
 * row imports nothing and lists the row, the fixed file imports. Then an English phone tour
 * and a desktop tour. Screenshots go to test/e2e/screenshots/market-*.png.
 */
import { randomInt } from 'node:crypto';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { request as playwrightRequest } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePhone, makeUscc } from './codes.ts';
import {
  DEMO,
  DEMO_PASSWORD,
  devSmsCode,
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
import { importWorkbook, openFromMe, payOrderInSandbox, productOwner, shipOrderInConsole, type ImportRow } from './shop-helpers.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Opens the first in-stock product card on the page that satisfies `accept`; returns its id and shop. */
async function openProductCard(page: Page, accept: (shopId: string) => boolean = () => true): Promise<{ id: string; shopId: string }> {
  const cards = page.locator('[data-testid="product-card"]:not(.product-card-soldout)');
  await expect.poll(() => cards.count()).toBeGreaterThan(0);
  const count = await cards.count();
  for (let i = 0; i < count; i++) {
    const card = cards.nth(i);
    const shopId = (await card.getAttribute('data-shop-id')) ?? '';
    if (!accept(shopId)) continue;
    const id = (await card.getAttribute('data-product-id')) ?? '';
    await card.click();
    await page.waitForURL(`**/products/${id}`);
    await expect.poll(() => page.getByTestId('product-title').isVisible()).toBe(true);
    return { id, shopId };
  }
  throw new Error('no product card matched');
}

/** Signs a fresh consumer up through the API inside the browser context (shares its cookies). */
async function registerConsumer(context: BrowserContext, baseUrl: string, phone: string, password: string): Promise<void> {
  const sent = await context.request.post('/api/v1/auth/sms-codes', { data: { phone, purpose: 'register' } });
  expect(sent.status()).toBe(202);
  const smsCode = await devSmsCode(baseUrl, phone);
  const registered = await context.request.post('/api/v1/auth/register', { data: { phone, password, smsCode, displayName: '海棠买家' } });
  expect(registered.status()).toBe(201);
}

describe.skipIf(!process.env.HAITANG_E2E)('marketplace journey (phone, 中文)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let buyerApi: APIRequestContext;
  let pageErrors: string[];
  const shot = screenshotter('market-');

  const consumerPhone = makePhone();
  const consumerPassword = 'Rongchang2026';
  const suffix = String(randomInt(1000, 9999));
  let productA = { id: '', shopId: '' };
  let productB = { id: '', shopId: '' };
  let owner = { shopId: '', shopName: '', merchantPhone: '' };
  let orderNoA = '';
  let orderIdA = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newPhoneContext(browser, server.baseUrl);
    page = await context.newPage();
    pageErrors = watchPageErrors(page);
  });

  afterAll(async () => {
    await buyerApi?.dispose();
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows the storefront home: pavilions, live 特色馆, a recommended grid', async () => {
    await page.goto('/');
    await expect.poll(() => page.locator('[data-testid^="pavilion-"][href^="/pavilions/"]').count()).toBe(8);
    await expect.poll(() => page.getByTestId('product-card').count()).toBeGreaterThanOrEqual(8);
    expect(await page.getByTestId('area-marketplace').innerText()).not.toContain('即将上线');
    expect(await page.getByTestId('area-marketplace').getAttribute('href')).toBe('/pavilions');
    // Prices are red ¥ with a smaller fen part, from integer fen.
    const price = page.getByTestId('product-card').first().locator('.price');
    expect(await price.innerText()).toMatch(/^¥[\d,]+\.\d{2}$/);
    expect(await page.getByTestId('tab-cart').innerText()).toContain('购物车');
    await shot(page, 'home');
  });

  it('browses 分类 and a pavilion page', async () => {
    await page.getByTestId('tab-categories').click();
    await page.waitForURL('**/pavilions');
    await expect.poll(() => page.locator('[data-testid^="pavilion-card-"]').count()).toBe(8);
    await shot(page, 'categories');
    await page.getByTestId('pavilion-card-pottery').click();
    await page.waitForURL('**/pavilions/pottery');
    await expect.poll(() => page.getByTestId('pavilion-name').innerText()).toBe('陶器馆');
    await expect.poll(() => page.getByTestId('product-card').count()).toBeGreaterThan(0);
    await shot(page, 'pavilion-pottery');
  });

  it('a new consumer searches 夏布, filters to in-stock and opens a product', async () => {
    await registerConsumer(context, server.baseUrl, consumerPhone, consumerPassword);
    await page.goto('/');
    await page.getByTestId('search-input').fill('夏布');
    await page.getByTestId('search-submit').click();
    await page.waitForURL('**/search?q=*');
    await expect.poll(() => page.getByTestId('product-card').count()).toBeGreaterThan(0);
    await shot(page, 'search');

    await page.getByTestId('filter-open').click();
    await page.getByTestId('filter-in-stock').check();
    await page.getByTestId('filter-price-min').fill('20');
    await shot(page, 'search-filter-sheet');
    await page.getByTestId('filter-apply').click();
    await page.waitForURL((url) => url.searchParams.get('inStock') === '1' && url.searchParams.get('minFen') === '2000');
    await expect.poll(() => page.getByTestId('filter-open').innerText()).toContain('筛选(2)');
    await expect.poll(() => page.getByTestId('product-card').count()).toBeGreaterThan(0);

    await page.getByTestId('sort-price').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'price_asc');
    await expect.poll(() => page.getByTestId('product-card').count()).toBeGreaterThan(0);

    productA = await openProductCard(page);
    await expect.poll(() => page.getByTestId('gi-rongchang_ramie_cloth').innerText()).toContain('荣昌夏布');
    expect(await page.getByTestId('product-price').innerText()).toMatch(/^¥[\d,]+\.\d{2}$/);
    await expect.poll(() => page.getByTestId('shop-name').innerText()).not.toBe('');
    await shot(page, 'product');

    // The shop behind it, and back.
    await page.getByTestId('visit-shop').click();
    await page.waitForURL(`**/shops/${productA.shopId}`);
    await expect.poll(() => page.getByTestId('shop-products').locator('[data-testid="product-card"]').count()).toBeGreaterThan(0);
    await shot(page, 'shop');
    await page.goBack();
    await page.waitForURL(`**/products/${productA.id}`);
    await expect.poll(() => page.getByTestId('add-to-cart').isEnabled()).toBe(true);
  });

  it('adds it to the cart', async () => {
    await page.getByTestId('quantity-plus').click();
    await expect.poll(() => page.getByTestId('quantity-input').inputValue()).toBe('2');
    await page.getByTestId('add-to-cart').click();
    await expect.poll(() => page.getByTestId('toast').innerText()).toBe('已加入购物车');
    await expect.poll(() => page.getByTestId('buy-bar-cart').innerText()).toContain('2');
  });

  it('finds a product of another shop (卤鹅) and adds it too', async () => {
    await page.goto('/search?q=%E5%8D%A4%E9%B9%85&inStock=1');
    productB = await openProductCard(page, (shopId) => shopId !== productA.shopId);
    expect(productB.shopId).not.toBe(productA.shopId);
    await page.getByTestId('add-to-cart').click();
    await expect.poll(() => page.getByTestId('toast').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('buy-bar-cart').innerText()).toContain('3');
  });

  it('shows the cart grouped by shop, with checkboxes and a red total', async () => {
    await page.getByTestId('buy-bar-cart').click();
    await page.waitForURL('**/cart');
    await expect.poll(() => page.getByTestId('cart-shop').count()).toBe(2);
    await expect.poll(() => page.getByTestId('tab-cart-badge').innerText()).toBe('3');
    const total = await page.getByTestId('cart-total').getAttribute('data-fen');
    // Unticking a shop drops its lines from the total; ticking it again restores it.
    await page.getByTestId('cart-shop-check').first().uncheck();
    await expect.poll(() => page.getByTestId('cart-total').getAttribute('data-fen')).not.toBe(total);
    await page.getByTestId('cart-shop-check').first().check();
    await expect.poll(() => page.getByTestId('cart-total').getAttribute('data-fen')).toBe(total);
    expect(await page.getByTestId('cart-checkout').innerText()).toBe('结算(3)');
    await shot(page, 'cart');
  });

  it('checks out with a Chinese address into two orders 待付款', async () => {
    await page.getByTestId('cart-checkout').click();
    await page.waitForURL('**/checkout?skus=*');
    await expect.poll(() => page.getByTestId('checkout-shop').count()).toBe(2);
    // The address defaults to Rongchang; nothing else is filled in yet.
    expect(await page.getByTestId('addr-district').inputValue()).toBe('荣昌区');
    await page.getByTestId('checkout-submit').click();
    await expect.poll(() => page.getByTestId('addr-recipient-message').innerText()).toContain('收货人');
    await shot(page, 'checkout-missing');

    await page.getByTestId('addr-recipient').fill('林海棠');
    await page.getByTestId('addr-phone').fill('13612345678');
    await page.getByTestId('addr-town').selectOption('盘龙镇');
    await page.getByTestId('addr-village').fill('夏布村');
    await page.getByTestId('addr-detail').fill('便民服务中心旁 12 号');
    await page.getByTestId('delivery-station_pickup').check();
    await page.getByTestId('checkout-station').selectOption({ index: 1 });
    await page.getByTestId('checkout-note').fill('请用纸箱包装');
    await shot(page, 'checkout');
    await page.getByTestId('checkout-submit').click();

    await page.waitForURL('**/orders?status=awaiting_payment&placed=2');
    await expect.poll(() => page.getByTestId('orders-placed').innerText()).toContain('2 个订单');
    const cards = page.getByTestId('order-card');
    await expect.poll(() => cards.count()).toBe(2);
    for (const status of await page.getByTestId('order-status').allInnerTexts()) expect(status).toBe('待付款');
    await expect.poll(() => page.getByTestId('payment-countdown').first().innerText()).toMatch(/剩余 \d\d:\d\d 自动关闭/);
    expect(await page.getByTestId('order-pay').first().getAttribute('href')).toMatch(/^\/pay\//);
    // The cart no longer holds what was bought.
    await expect.poll(() => page.getByTestId('tab-cart-badge').count()).toBe(0);
    await shot(page, 'orders-awaiting-payment');
    await page.getByTestId('tab-cart').click();
    await expect.poll(() => page.getByTestId('cart-empty').isVisible()).toBe(true);
    await shot(page, 'cart-empty');
    await page.goBack();

    owner = await productOwner(server.baseUrl, productA.id);
    const cardA = page.locator(`[data-testid="order-card"]:has(a[href="/shops/${owner.shopId}"])`);
    orderNoA = (await cardA.getAttribute('data-order-no')) ?? '';
    orderIdA = (await cardA.getAttribute('data-order-id')) ?? '';
    expect(orderNoA).toMatch(/^HT\d+/);
  });

  it('shows an order with its timeline, countdown and actions', async () => {
    await page.goto(`/orders/${orderIdA}`);
    await expect.poll(() => page.getByTestId('order-detail').getAttribute('data-status')).toBe('awaiting_payment');
    await expect.poll(() => page.getByTestId('order-event').count()).toBe(1);
    expect(await page.getByTestId('order-timeline').innerText()).toContain('提交订单');
    expect(await page.getByTestId('order-address').innerText()).toContain('重庆市荣昌区盘龙镇夏布村');
    expect(await page.getByTestId('order-action-cancel').isVisible()).toBe(true);
    await shot(page, 'order-detail');
  });

  it('names the item that is out of stock at checkout, and retries with the same Idempotency-Key', async () => {
    const product = (await (await page.request.get(`/api/v1/products/${productA.id}`)).json()) as { skus: Array<{ id: string; stock: number }> };
    const sku = product.skus.find((s) => s.stock > 0 && s.stock < 999);
    if (!sku) throw new Error('no SKU with limited stock');
    const keys: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/api/v1/checkout')) keys.push(req.headers()['idempotency-key'] ?? '');
    });
    // Buy now with more than there is: the address is remembered from the last checkout.
    await page.goto(`/checkout?product=${productA.id}&sku=${sku.id}&qty=999`);
    await expect.poll(() => page.getByTestId('addr-recipient').inputValue()).toBe('林海棠');
    await page.getByTestId('checkout-submit').click();
    await expect.poll(() => page.getByTestId('checkout-item-error').innerText()).toContain(`库存不足，仅剩 ${sku.stock} 件`);
    expect(await page.locator('.order-line-problem').count()).toBe(1);
    await shot(page, 'checkout-out-of-stock');
    await page.getByTestId('checkout-submit').click();
    await expect.poll(() => keys.length).toBe(2);
    expect(keys[0]).toMatch(/^checkout-/);
    expect(keys[1]).toBe(keys[0]);
  });

  it("lets the shop's merchant see the order under 待付款 in 商家后台 → 订单", async () => {
    await logOut(page);
    await logIn(page, owner.merchantPhone, DEMO_PASSWORD);
    await openFromMe(page, 'merchant');
    await page.waitForURL('**/merchant');
    await expect.poll(() => page.getByTestId('merchant-shop-name').innerText()).toBe(owner.shopName);
    await expect.poll(() => page.getByTestId('stat-to-pay').innerText()).not.toContain('—');
    await shot(page, 'merchant-home');

    await page.getByTestId('merchant-nav-orders').click();
    await page.waitForURL('**/merchant/orders');
    await page.getByTestId('shop-orders-tab-awaiting_payment').click();
    const card = page.locator(`[data-testid="order-card"][data-order-no="${orderNoA}"]`);
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getByTestId('order-status').innerText()).toBe('待付款');
    expect(await card.innerText()).toContain('林海棠');
    await shot(page, 'merchant-orders-awaiting-payment');
  });

  it('ships the order through the 发货 dialog once the buyer has paid', async () => {
    buyerApi = await playwrightRequest.newContext({ baseURL: server.baseUrl });
    const login = await buyerApi.post('/api/v1/auth/login', { data: { phone: consumerPhone, password: consumerPassword } });
    expect(login.status()).toBe(200);
    await payOrderInSandbox(buyerApi, orderIdA);
    await shipOrderInConsole(page, orderNoA, {
      carrier: '中国邮政',
      trackingNo: `YZ${suffix}0001`,
      onDialog: (p) => shot(p, 'merchant-ship-dialog'),
    });
    await page.goto(`/orders/${orderIdA}`);
    await expect.poll(() => page.getByTestId('order-carrier').innerText()).toContain('中国邮政');
    expect(await page.getByTestId('order-timeline').innerText()).toContain('商家发货');
    await shot(page, 'merchant-order-shipped');
  });

  it('creates a product with two variants, puts it on sale, and search finds it', async () => {
    const title = `海棠夏布茶席${suffix}`;
    await page.getByTestId('tab-me').click();
    await page.getByTestId('me-link-merchant').click();
    await page.getByTestId('merchant-nav-products').click();
    await page.waitForURL('**/merchant/products');
    await expect.poll(() => page.getByTestId('console-product').count()).toBeGreaterThan(0);
    await shot(page, 'merchant-products');

    await page.getByTestId('new-product').click();
    await page.waitForURL('**/merchant/products/new');
    await page.getByTestId('editor-save-draft').click();
    await expect.poll(() => page.locator('.field-invalid').count()).toBeGreaterThan(0);

    await page.getByTestId('editor-pavilion').selectOption('ramie_cloth');
    await page.getByTestId('editor-title').fill(title);
    await page.getByTestId('editor-subtitle').fill('苎麻手织 茶席桌旗');
    await page.getByTestId('editor-town').selectOption({ label: '盘龙镇' });
    await page.getByTestId('editor-gi-rongchang_ramie_cloth').check();
    await page.getByTestId('editor-description').fill('盘龙镇织娘手工织造的夏布茶席。');
    const first = page.getByTestId('variant-row').nth(0);
    await first.getByTestId('variant-name').fill('150cm');
    await first.getByTestId('variant-price').fill('168');
    await first.getByTestId('variant-stock').fill('30');
    await first.getByTestId('variant-weight').fill('300');
    // The GTIN is checked as it is typed: a wrong check digit, then the right one.
    await first.getByTestId('variant-gtin').fill('6901234567891');
    await expect.poll(() => first.getByTestId('variant-gtin').getAttribute('data-check')).toBe('invalid');
    await first.getByTestId('variant-gtin').fill('6901234567892');
    await expect.poll(() => first.getByTestId('variant-gtin').getAttribute('data-check')).toBe('valid');
    await page.getByTestId('add-variant').click();
    const second = page.getByTestId('variant-row').nth(1);
    await second.getByTestId('variant-name').fill('200cm');
    await second.getByTestId('variant-price').fill('198.5');
    await second.getByTestId('variant-stock').fill('12');
    await shot(page, 'merchant-product-editor');
    await page.getByTestId('editor-save-draft').click();

    await page.waitForURL('**/merchant/products?created=*');
    await expect.poll(() => page.getByTestId('product-created').innerText()).toContain(title);
    const row = page.locator(`[data-testid="console-product"][data-title="${title}"]`);
    await expect.poll(() => row.getByTestId('product-status').innerText()).toBe('草稿');
    const productId = (await row.getAttribute('data-product-id')) ?? '';
    // The yuan the merchant typed became exact fen.
    const saved = (await (await page.request.get(`/api/v1/products/${productId}`)).json()) as { skus: Array<{ name: string; priceFen: number }> };
    expect(saved.skus.map((s) => [s.name, s.priceFen])).toEqual([
      ['150cm', 16800],
      ['200cm', 19850],
    ]);

    await row.getByTestId('console-put-on-sale').click();
    await expect.poll(() => page.getByTestId('console-done').innerText()).toContain('上架');
    await page.getByTestId('product-tab-on_sale').click();
    await expect.poll(() => row.getByTestId('product-status').innerText()).toBe('在售');
    await shot(page, 'merchant-product-on-sale');

    // A picture for it, uploaded from the edit page.
    await row.getByTestId('console-edit').click();
    await page.waitForURL(`**/merchant/products/${productId}/edit`);
    const picture = await sharp({ create: { width: 640, height: 640, channels: 3, background: '#3d5a80' } })
      .composite([{ input: Buffer.from('<svg width="640" height="640"><circle cx="320" cy="320" r="200" fill="#f6efe2"/></svg>') }])
      .png()
      .toBuffer();
    await page.getByTestId('image-input').setInputFiles({ name: 'chaxi.png', mimeType: 'image/png', buffer: picture });
    await expect.poll(() => page.getByTestId('image-uploaded').isVisible()).toBe(true);
    await expect.poll(() => page.locator('.image-tile img').count()).toBe(1);
    await shot(page, 'merchant-product-edit');

    await page.goto(`/search?q=${encodeURIComponent(title)}`);
    const hit = page.locator(`[data-testid="product-card"][data-product-id="${productId}"]`);
    await expect.poll(() => hit.count()).toBe(1);
    await expect.poll(() => hit.getByTestId('product-image').count()).toBe(1);
    expect(await hit.locator('.price').innerText()).toBe('¥168.00');
    await shot(page, 'search-new-product');
  });

  it('imports an .xlsx: a bad row imports nothing and is listed; the fixed file imports', async () => {
    const key = `E2E${suffix}`;
    const rows = (badPrice: string | number): ImportRow[] => [
      { 商品编号: `${key}-A`, 商品标题: `导入测试陶杯${suffix}`, 特色馆: '陶器馆', 规格: '单只', SKU编码: `${key}-A1`, '价格（元）': 38, 库存: 50, 产地镇街: '安富街道', 地理标志: '荣昌陶器', 状态: '在售' },
      { 商品编号: `${key}-A`, 商品标题: `导入测试陶杯${suffix}`, 特色馆: '陶器馆', 规格: '对杯', SKU编码: `${key}-A2`, '价格（元）': 72.5, 库存: 20, 产地镇街: '安富街道', 地理标志: '荣昌陶器', 状态: '在售' },
      { 商品编号: `${key}-B`, 商品标题: `导入测试折扇${suffix}`, 特色馆: '折扇馆', 规格: '8寸', SKU编码: `${key}-B1`, '价格（元）': badPrice, 库存: 10, 状态: '草稿' },
    ];
    await page.goto('/merchant');
    await page.getByTestId('merchant-nav-import').click();
    await page.waitForURL('**/merchant/import');
    expect(await page.getByTestId('import-template').getAttribute('href')).toBe('/api/v1/catalog/import-template');
    await shot(page, 'merchant-import');

    await page.getByTestId('import-file').setInputFiles({ name: '商品导入.xlsx', mimeType: XLSX, buffer: await importWorkbook(rows('十二元')) });
    await page.getByTestId('import-start').click();
    await expect.poll(() => page.getByTestId('import-rejected').isVisible()).toBe(true);
    const rejected = await page.getByTestId('import-rejected').innerText();
    expect(rejected).toContain('全部未导入');
    const errorRow = page.getByTestId('import-error-row').first();
    expect(await errorRow.getAttribute('data-row')).toBe('4');
    expect(await errorRow.innerText()).toContain('第4行');
    expect(await errorRow.innerText()).toContain('价格（元）');
    await shot(page, 'merchant-import-rejected');
    // Nothing was half-imported: not even the good rows' product.
    const shopProducts = async (q: string) =>
      ((await (await page.request.get(`/api/v1/shops/${owner.shopId}/products?q=${encodeURIComponent(q)}`)).json()) as { items: unknown[] }).items.length;
    expect(await shopProducts(`导入测试陶杯${suffix}`)).toBe(0);

    await page.getByTestId('import-again').click();
    await page.getByTestId('import-file').setInputFiles({ name: '商品导入.xlsx', mimeType: XLSX, buffer: await importWorkbook(rows(12)) });
    await page.getByTestId('import-start').click();
    await expect.poll(() => page.getByTestId('import-success').isVisible()).toBe(true);
    expect(await page.getByTestId('import-success').innerText()).toContain('导入成功 3 行');
    expect(await shopProducts(`导入测试陶杯${suffix}`)).toBe(1);
    await shot(page, 'merchant-import-success');
  });

  it('lets the merchant of a newly verified business open a shop', async () => {
    // A new business, registered and approved through the API (the foundation journey does it in the browser).
    const phone = makePhone();
    const api = await playwrightRequest.newContext({ baseURL: server.baseUrl });
    await api.post('/api/v1/auth/sms-codes', { data: { phone, purpose: 'register' } });
    const smsCode = await devSmsCode(server.baseUrl, phone);
    const registered = await api.post('/api/v1/auth/register', { data: { phone, password: consumerPassword, smsCode, displayName: '新店主' } });
    expect(registered.status()).toBe(201);
    const created = await api.post('/api/v1/enterprises', {
      data: {
        uscc: makeUscc(),
        name: `荣昌海棠陶艺工作室${suffix}`,
        kind: 'company',
        legalRepresentative: '陈海棠',
        townCode: '500153005',
        registeredInRongchang: true,
        sizeClass: 'sme',
        industry: 'pottery',
        park: null,
      },
    });
    expect(created.status()).toBe(201);
    const enterprise = (await created.json()) as { id: string };
    const bureau = await playwrightRequest.newContext({ baseURL: server.baseUrl });
    await bureau.post('/api/v1/auth/login', { data: { phone: DEMO.bureauOfficer, password: DEMO_PASSWORD } });
    expect((await bureau.post(`/api/v1/enterprises/${enterprise.id}/verification`, { data: { decision: 'approve' } })).status()).toBe(200);
    await bureau.dispose();
    await api.dispose();

    await logOut(page);
    await logIn(page, phone, consumerPassword);
    await openFromMe(page, 'merchant');
    await expect.poll(() => page.getByTestId('open-shop-form').isVisible()).toBe(true);
    await page.getByTestId('shop-name-input').fill(`海棠陶艺${suffix}`);
    await page.getByTestId('shop-description').fill('安富街道的小型陶艺工作室，手工拉坯。');
    await page.getByTestId('shop-promises').fill('7天无理由退货\n破损包赔');
    await shot(page, 'merchant-open-shop');
    await page.getByTestId('open-shop-submit').click();
    await expect.poll(() => page.getByTestId('shop-opened').innerText()).toContain(`海棠陶艺${suffix}`);
    await expect.poll(() => page.getByTestId('merchant-shop-name').innerText()).toBe(`海棠陶艺${suffix}`);
    await shot(page, 'merchant-shop-opened');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(!process.env.HAITANG_E2E)('marketplace tour in English (phone) and on a desktop', () => {
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

  async function tour(context: BrowserContext, page: Page, shot: (page: Page, name: string) => Promise<string>) {
    const phone = makePhone();
    await registerConsumer(context, server.baseUrl, phone, 'Rongchang2026');
    await page.goto('/');
    await expect.poll(() => page.getByTestId('product-card').count()).toBeGreaterThanOrEqual(8);
    await shot(page, 'home');
    await page.goto('/pavilions/ramie_cloth');
    await expect.poll(() => page.getByTestId('product-card').count()).toBeGreaterThan(0);
    await shot(page, 'pavilion');
    await page.goto('/search?q=%E5%A4%8F%E5%B8%83&inStock=1');
    const product = await openProductCard(page);
    await shot(page, 'product');
    await page.getByTestId('visit-shop').click();
    await expect.poll(() => page.getByTestId('product-card').count()).toBeGreaterThan(0);
    await shot(page, 'shop');
    await page.goBack();
    await expect.poll(() => page.getByTestId('add-to-cart').isEnabled()).toBe(true);
    await page.getByTestId('add-to-cart').click();
    await expect.poll(() => page.getByTestId('toast').isVisible()).toBe(true);
    await page.goto('/search?q=%E9%99%B6&inStock=1');
    await openProductCard(page, (shopId) => shopId !== product.shopId);
    await page.getByTestId('add-to-cart').click();
    await expect.poll(() => page.getByTestId('toast').isVisible()).toBe(true);
    await page.goto('/cart');
    await expect.poll(() => page.getByTestId('cart-shop').count()).toBe(2);
    await shot(page, 'cart');
    await page.getByTestId('cart-checkout').click();
    await page.getByTestId('addr-recipient').fill('Lin Haitang');
    await page.getByTestId('addr-phone').fill('13612345678');
    await page.getByTestId('addr-town').selectOption('昌元街道');
    await page.getByTestId('addr-detail').fill('Haitang Road 8');
    await shot(page, 'checkout');
    await page.getByTestId('checkout-submit').click();
    await page.waitForURL('**/orders?*');
    await expect.poll(() => page.getByTestId('order-card').count()).toBe(2);
    await shot(page, 'orders');
    await page.getByTestId('order-detail-link').first().click();
    await expect.poll(() => page.getByTestId('order-event').count()).toBe(1);
    await shot(page, 'order-detail');
    await page.goto('/me');
    await shot(page, 'me');

    const { merchantPhone } = await productOwner(server.baseUrl, product.id);
    await logOut(page);
    await logIn(page, merchantPhone, DEMO_PASSWORD);
    await page.goto('/merchant');
    await expect.poll(() => page.getByTestId('stat-to-pay').innerText()).not.toContain('—');
    await shot(page, 'merchant-home');
    await page.goto('/merchant/orders?status=awaiting_payment');
    await expect.poll(() => page.getByTestId('order-card').count()).toBeGreaterThan(0);
    await shot(page, 'merchant-orders');
    await page.goto('/merchant/products');
    await expect.poll(() => page.getByTestId('console-product').count()).toBeGreaterThan(0);
    await shot(page, 'merchant-products');
    await page.getByTestId('console-edit').first().click();
    await expect.poll(() => page.getByTestId('variant-row').count()).toBeGreaterThan(0);
    await shot(page, 'merchant-product-edit');
    await page.goto('/merchant/import');
    await shot(page, 'merchant-import');
  }

  it('every marketplace page in English on a phone', async () => {
    const context = await newPhoneContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto('/');
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('tab-cart').innerText()).toBe('Cart');
    await tour(context, page, screenshotter('market-en-'));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('every marketplace page in Chinese on a desktop', async () => {
    const context = await newDesktopContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await tour(context, page, screenshotter('market-desktop-'));
    expect(errors).toEqual([]);
    await context.close();
  });
});
