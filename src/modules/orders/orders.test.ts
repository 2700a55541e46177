import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { json, signIn, testPlatform, type SignedIn, type TestPlatform } from '../../../test/support/platform.ts';
import { ADDRESS, listedProduct, merchantWithShop, type Merchant } from '../../../test/support/marketplace.ts';

type OrderBody = { id: string; status: string; shopId: string; totalFen: number; itemsTotalFen: number; shippingFen: number; actions: string[]; items: Array<{ quantity: number }> };
type CheckoutBody = { checkoutId: string; orders: OrderBody[]; replayed: boolean };

describe('cart, checkout and orders', () => {
  let t: TestPlatform;
  let shopA: Merchant;
  let shopB: Merchant;

  beforeAll(async () => {
    t = await testPlatform();
    shopA = await merchantWithShop(t, '安陶旗舰店');
    shopB = await merchantWithShop(t, '夏布工坊');
  });
  afterAll(() => t.close());

  const addToCart = (u: SignedIn, skuId: string, quantity: number) =>
    t.app.inject({ method: 'POST', url: '/api/v1/cart/items', headers: u.headers, payload: { skuId, quantity } });
  const checkout = (u: SignedIn, body: object, key?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/checkout',
      headers: { ...u.headers, ...(key ? { 'idempotency-key': key } : {}) },
      payload: { address: ADDRESS, deliveryOption: 'express', ...body },
    });
  const transition = (u: SignedIn, id: string, body: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1/orders/${id}/transitions`, headers: u.headers, payload: body });
  const stockOf = async (productId: string) => (await t.platform.services.catalog.getProduct(null, productId)).skus[0]!.stock;

  async function pay(orderId: string) {
    const { orders } = t.platform.services;
    await t.platform.database.db.transaction().execute((tx) => orders.systemTransition(tx, orderId, 'pay', { paymentId: 'test' }));
  }

  it('splits a cart across two shops into two orders awaiting payment and reserves their stock', async () => {
    const a = await listedProduct(t, shopA, { pavilionCode: 'pottery', title: '安陶茶具六件套', skus: [{ code: 'AT-TEA-6', name: '青釉', priceFen: 26800n, stock: 5 }] });
    const b = await listedProduct(t, shopB);
    const u = await signIn(t);
    expect((await addToCart(u, a.skuIds[0]!, 2)).statusCode).toBe(200);
    const cart = json<{ lines: unknown[]; totalFen: number; count: number }>(await addToCart(u, b.skuIds[0]!, 1));
    expect(cart).toMatchObject({ count: 3, totalFen: 2 * 26800 + 12800 });
    const res = await checkout(u, {});
    expect(res.statusCode).toBe(201);
    const body = json<CheckoutBody>(res);
    expect(body.orders).toHaveLength(2);
    expect(body.orders.every((o) => o.status === 'awaiting_payment')).toBe(true);
    expect(new Set(body.orders.map((o) => o.shopId))).toEqual(new Set([shopA.shopId, shopB.shopId]));
    const orderA = body.orders.find((o) => o.shopId === shopA.shopId)!;
    expect(orderA).toMatchObject({ itemsTotalFen: 53600, shippingFen: 0, totalFen: 53600 });
    const orderB = body.orders.find((o) => o.shopId === shopB.shopId)!;
    expect(orderB).toMatchObject({ itemsTotalFen: 12800, shippingFen: 0 });
    expect(await stockOf(a.productId)).toBe(3);
    expect(await stockOf(b.productId)).toBe(9);
    const after = json<{ lines: unknown[] }>(await t.app.inject({ method: 'GET', url: '/api/v1/cart', headers: u.headers }));
    expect(after.lines).toEqual([]);
  });

  it('charges express shipping below the free threshold', async () => {
    const p = await listedProduct(t, shopA, { skus: [{ code: 'CHEAP-1', name: '小号', priceFen: 2000n, stock: 5 }] });
    const u = await signIn(t);
    const res = await checkout(u, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }] });
    expect(json<CheckoutBody>(res).orders[0]).toMatchObject({ itemsTotalFen: 2000, shippingFen: 1000, totalFen: 3000 });
  });

  it('never oversells: N parallel checkouts on stock k give exactly min(N, k) orders and stock never goes negative', async () => {
    const k = 7;
    const n = 20;
    const p = await listedProduct(t, shopA, { skus: [{ code: 'FLASH-1', name: '限量', priceFen: 9900n, stock: k }] });
    const buyers = await Promise.all(Array.from({ length: n }, () => signIn(t)));
    const results = await Promise.all(buyers.map((u) => checkout(u, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }] })));
    const ok = results.filter((r) => r.statusCode === 201);
    const refused = results.filter((r) => r.statusCode === 409);
    expect(ok).toHaveLength(Math.min(n, k));
    expect(refused).toHaveLength(n - k);
    expect(refused.every((r) => json<{ code: string }>(r).code === 'OUT_OF_STOCK')).toBe(true);
    expect(await stockOf(p.productId)).toBe(0);
  });

  it('keeps stock conserved over random concurrent checkouts and cancellations (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.record({ qty: fc.integer({ min: 1, max: 3 }), cancel: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        async (stock, attempts) => {
          const p = await listedProduct(t, shopB, { skus: [{ code: `P-${Math.random().toString(36).slice(2, 10)}`, name: '规格', priceFen: 500n, stock }] });
          const buyers = await Promise.all(attempts.map(() => signIn(t)));
          const results = await Promise.all(attempts.map((a, i) => checkout(buyers[i]!, { items: [{ skuId: p.skuIds[0]!, quantity: a.qty }] })));
          let held = 0;
          for (const [i, r] of results.entries()) {
            expect([201, 409]).toContain(r.statusCode);
            if (r.statusCode !== 201) continue;
            const order = json<CheckoutBody>(r).orders[0]!;
            if (attempts[i]!.cancel) {
              expect((await transition(buyers[i]!, order.id, { action: 'cancel' })).statusCode).toBe(200);
            } else {
              held += attempts[i]!.qty;
            }
          }
          const left = await stockOf(p.productId);
          expect(left).toBeGreaterThanOrEqual(0);
          expect(left + held).toBe(stock);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('returns the same orders for a retried checkout with the same Idempotency-Key, never a second set', async () => {
    const p = await listedProduct(t, shopA, { skus: [{ code: 'IDEM-1', name: '规格', priceFen: 1000n, stock: 10 }] });
    const u = await signIn(t);
    const body = { items: [{ skuId: p.skuIds[0]!, quantity: 2 }] };
    const [first, second] = await Promise.all([checkout(u, body, 'checkout-key-0001'), checkout(u, body, 'checkout-key-0001')]);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    const a = json<CheckoutBody>(first);
    const b = json<CheckoutBody>(second);
    expect(b.orders.map((o) => o.id)).toEqual(a.orders.map((o) => o.id));
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(await stockOf(p.productId)).toBe(8);
    const reused = await checkout(u, { items: [{ skuId: p.skuIds[0]!, quantity: 3 }] }, 'checkout-key-0001');
    expect(reused.statusCode).toBe(422);
    expect(json<{ code: string }>(reused).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('cancels unpaid orders after the payment window and returns their stock, once', async () => {
    const p = await listedProduct(t, shopB, { skus: [{ code: 'EXP-1', name: '规格', priceFen: 1000n, stock: 4 }] });
    const u = await signIn(t);
    const order = json<CheckoutBody>(await checkout(u, { items: [{ skuId: p.skuIds[0]!, quantity: 3 }] })).orders[0]!;
    expect(await stockOf(p.productId)).toBe(1);
    t.clock.advance(14 * 60_000);
    await t.platform.services.orders.expireUnpaid();
    expect(await stockOf(p.productId)).toBe(1);
    t.clock.advance(60_000 + 1);
    expect(await t.platform.services.orders.expireUnpaid()).toBeGreaterThanOrEqual(1);
    expect(await stockOf(p.productId)).toBe(4);
    expect(await t.platform.services.orders.expireUnpaid()).toBe(0);
    const seen = json<OrderBody>(await t.app.inject({ method: 'GET', url: `/api/v1/orders/${order.id}`, headers: u.headers }));
    expect(seen.status).toBe('cancelled');
    // A late payment cannot resurrect it.
    await expect(pay(order.id)).rejects.toMatchObject({ code: 'ORDER_ILLEGAL_TRANSITION' });
  });

  it('walks an order through ship → confirm with every transition audited, refusing illegal moves with 409', async () => {
    const p = await listedProduct(t, shopA, { skus: [{ code: 'FLOW-1', name: '规格', priceFen: 5000n, stock: 3 }] });
    const u = await signIn(t);
    const order = json<CheckoutBody>(await checkout(u, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }] })).orders[0]!;
    const early = await transition(shopA, order.id, { action: 'ship', carrier: '中国邮政', trackingNo: 'EMS123' });
    expect(early.statusCode).toBe(409);
    expect(json<{ code: string }>(early).code).toBe('ORDER_ILLEGAL_TRANSITION');
    await pay(order.id);
    const noTracking = await transition(shopA, order.id, { action: 'ship' });
    expect(noTracking.statusCode).toBe(422);
    expect((await transition(u, order.id, { action: 'ship', carrier: 'x', trackingNo: 'y' })).statusCode).toBe(403);
    const shipped = await transition(shopA, order.id, { action: 'ship', carrier: '中国邮政', trackingNo: 'EMS1234567890' });
    expect(json<OrderBody>(shipped).status).toBe('shipped');
    const done = await transition(u, order.id, { action: 'confirm' });
    expect(json<OrderBody>(done)).toMatchObject({ status: 'completed', actions: [] });
    expect((await transition(u, order.id, { action: 'cancel' })).statusCode).toBe(409);
    const events = json<{ items: Array<{ action: string; fromStatus: string | null; toStatus: string; actorRole: string }> }>(
      await t.app.inject({ method: 'GET', url: `/api/v1/orders/${order.id}/events`, headers: u.headers }),
    );
    expect(events.items.map((e) => `${e.action}:${e.actorRole}:${e.fromStatus}->${e.toStatus}`)).toEqual([
      'place:consumer:null->awaiting_payment',
      'pay:system:awaiting_payment->paid',
      'ship:merchant:paid->shipped',
      'confirm:consumer:shipped->completed',
    ]);
    expect((await t.platform.services.catalog.getProduct(null, p.productId)).salesCount).toBe(1);
  });

  it('puts stock back when a paid, unshipped order is refunded; a rejected refund returns to its state', async () => {
    const p = await listedProduct(t, shopA, { skus: [{ code: 'REF-1', name: '规格', priceFen: 5000n, stock: 2 }] });
    const u = await signIn(t);
    const o1 = json<CheckoutBody>(await checkout(u, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }] })).orders[0]!;
    const o2 = json<CheckoutBody>(await checkout(u, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }] })).orders[0]!;
    await pay(o1.id);
    await pay(o2.id);
    expect(await stockOf(p.productId)).toBe(0);
    await transition(u, o1.id, { action: 'request_refund', reason: '不想要了' });
    expect(json<OrderBody>(await transition(shopA, o1.id, { action: 'approve_refund' })).status).toBe('refunded');
    expect(await stockOf(p.productId)).toBe(1);
    await transition(u, o2.id, { action: 'request_refund', reason: '买错了' });
    expect(json<OrderBody>(await transition(shopA, o2.id, { action: 'reject_refund', reason: '定制商品' })).status).toBe('paid');
  });

  describe('who sees and changes what', () => {
    it("does not let another consumer or another shop read or move an order", async () => {
      const p = await listedProduct(t, shopA, { skus: [{ code: 'AUTH-1', name: '规格', priceFen: 5000n, stock: 3 }] });
      const buyer = await signIn(t);
      const stranger = await signIn(t);
      const order = json<CheckoutBody>(await checkout(buyer, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }] })).orders[0]!;
      await pay(order.id);
      for (const other of [stranger, shopB]) {
        expect((await t.app.inject({ method: 'GET', url: `/api/v1/orders/${order.id}`, headers: other.headers })).statusCode).toBe(404);
        expect((await transition(other, order.id, { action: 'ship', carrier: 'x', trackingNo: 'y1' })).statusCode).toBe(404);
      }
      const list = json<{ items: OrderBody[] }>(await t.app.inject({ method: 'GET', url: `/api/v1/orders?shopId=${shopA.shopId}`, headers: shopB.headers }));
      expect(list).toMatchObject({ code: 'SHOP_NOT_FOUND' });
      const own = json<{ items: OrderBody[] }>(await t.app.inject({ method: 'GET', url: `/api/v1/orders?shopId=${shopA.shopId}`, headers: shopA.headers }));
      expect(own.items.some((o) => o.id === order.id)).toBe(true);
      const mine = json<{ items: OrderBody[] }>(await t.app.inject({ method: 'GET', url: '/api/v1/orders', headers: stranger.headers }));
      expect(mine.items).toEqual([]);
    });

    it("does not let a merchant touch another shop's products", async () => {
      const p = await listedProduct(t, shopA, { skus: [{ code: 'AUTH-2', name: '规格', priceFen: 5000n, stock: 3 }] });
      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/products/${p.productId}`,
        headers: shopB.headers,
        payload: { pavilionCode: 'pottery', title: '篡改', skus: [{ code: 'AUTH-2', name: 'x', priceFen: 1, stock: 999 }] },
      });
      expect(put.statusCode).toBe(404);
      const status = await t.app.inject({ method: 'POST', url: `/api/v1/products/${p.productId}/status`, headers: shopB.headers, payload: { status: 'off_sale' } });
      expect(status.statusCode).toBe(404);
      const create = await t.app.inject({
        method: 'POST',
        url: `/api/v1/shops/${shopA.shopId}/products`,
        headers: shopB.headers,
        payload: { pavilionCode: 'pottery', title: '冒名商品', skus: [{ code: 'X-1', name: 'x', priceFen: 100, stock: 1 }] },
      });
      expect(create.statusCode).toBe(404);
      const console = await t.app.inject({ method: 'GET', url: `/api/v1/shops/${shopA.shopId}/products`, headers: shopB.headers });
      expect(console.statusCode).toBe(404);
      expect(await stockOf(p.productId)).toBe(3);
    });

    it('hides drafts from shoppers but shows them to their shop', async () => {
      const p = await listedProduct(t, shopA, { status: 'draft', skus: [{ code: 'DRAFT-1', name: '规格', priceFen: 5000n, stock: 3 }] });
      const shopper = await signIn(t);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/products/${p.productId}`, headers: shopper.headers })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/products/${p.productId}`, headers: shopA.headers })).statusCode).toBe(200);
      expect((await addToCart(shopper, p.skuIds[0]!, 1)).statusCode).toBe(409);
    });

    it('refuses to open a shop for an unverified enterprise or one you do not belong to', async () => {
      const u = await signIn(t);
      const { identity, registry } = t.platform.services;
      const e = await registry.register(await identity.actorOf(u.userId), (await import('../../../test/support/enterprises.ts')).enterpriseInput());
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/shops', headers: u.headers, payload: { enterpriseId: e.id, name: '未认证小店' } });
      expect(res.statusCode).toBe(409);
      expect(json<{ code: string }>(res).code).toBe('ENTERPRISE_NOT_VERIFIED');
      const other = await t.app.inject({ method: 'POST', url: '/api/v1/shops', headers: shopB.headers, payload: { enterpriseId: shopA.enterpriseId, name: '抢注店铺' } });
      expect(other.statusCode).toBe(403);
    });
  });
});
