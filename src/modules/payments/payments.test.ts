import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signIn, testPlatform, type SignedIn, type TestPlatform } from '../../../test/support/platform.ts';
import { ADDRESS, listedProduct, merchantWithShop, type Merchant } from '../../../test/support/marketplace.ts';
import { signBody } from './providers.ts';

type Order = { id: string; status: string; totalFen: number };
type Payment = { id: string; status: string; amountFen: number; qrContent: string | null; redirectUrl: string | null; reference: string | null };
type Balance = { inEscrowFen: number; availableFen: number; settledFen: number; commissionFen: number; refundedFen: number; paidOutFen: number };

describe('payments and escrow', () => {
  let t: TestPlatform;
  let shop: Merchant;
  let admin: SignedIn;
  const SECRET = 'haitang-sandbox-secret-for-development-only';

  beforeAll(async () => {
    t = await testPlatform();
    shop = await merchantWithShop(t, '卤鹅测试店');
    admin = await signIn(t, ['admin']);
  });
  afterAll(() => t.close());

  async function placeOrder(priceFen = 10000n, qty = 1, extra: object = {}): Promise<{ buyer: SignedIn; order: Order }> {
    const p = await listedProduct(t, shop, { skus: [{ code: `PAY-${Math.random().toString(36).slice(2, 10)}`, name: '整只', priceFen, stock: 10 }] });
    const buyer = await signIn(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/checkout',
      headers: buyer.headers,
      payload: { items: [{ skuId: p.skuIds[0]!, quantity: qty }], address: ADDRESS, deliveryOption: 'express', ...extra },
    });
    expect(res.statusCode).toBe(201);
    return { buyer, order: json<{ orders: Order[] }>(res).orders[0]! };
  }
  async function pay(buyer: SignedIn, orderId: string, channel = 'mobile_qr'): Promise<Payment> {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${orderId}/payments`, headers: buyer.headers, payload: { channel } });
    expect(res.statusCode).toBe(201);
    return json<Payment>(res);
  }
  async function notify(channel: string, body: object, signature?: string) {
    const raw = JSON.stringify(body);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/notify/${channel}`,
      headers: { 'content-type': 'application/json', ...(signature !== undefined ? { 'x-haitang-signature': signature } : { 'x-haitang-signature': signBody(SECRET, raw, t.clock.now()) }) },
      payload: raw,
    });
  }
  async function providerRef(paymentId: string): Promise<string> {
    const row = await t.platform.database.db.withTables<{ payments: { id: string; provider_ref: string } }>().selectFrom('payments').select('provider_ref').where('id', '=', paymentId).executeTakeFirstOrThrow();
    return row.provider_ref;
  }
  const orderStatus = async (buyer: SignedIn, id: string) => json<Order>(await t.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: buyer.headers })).status;
  const balance = async () => json<Balance>(await t.app.inject({ method: 'GET', url: `/api/v1/merchants/${shop.shopId}/balance`, headers: shop.headers }));
  const ledgerCheck = async () => json<{ balanced: boolean; mismatches: unknown[] }>(await t.app.inject({ method: 'GET', url: '/api/v1/ledger/check', headers: admin.headers }));
  const transition = (u: SignedIn, id: string, body: object) => t.app.inject({ method: 'POST', url: `/api/v1/orders/${id}/transitions`, headers: u.headers, payload: body });

  it('pays by mobile QR: the signed notification captures into escrow and the order is paid; a duplicate is applied once', async () => {
    const { buyer, order } = await placeOrder(10000n);
    const payment = await pay(buyer, order.id);
    expect(payment.qrContent).toMatch(/\/sandbox\/pay\//);
    // ¥100 is above the ¥99 free-shipping threshold: the order costs exactly the item.
    expect(order.totalFen).toBe(10000);
    const body = { paymentId: payment.id, providerRef: await providerRef(payment.id), amountFen: String(order.totalFen), outcome: 'success', nonce: 'n1' };
    const first = await notify('mobile_qr', body);
    expect(json(first)).toMatchObject({ received: true, outcome: 'captured' });
    const again = await notify('mobile_qr', body);
    expect(json(again)).toMatchObject({ outcome: 'duplicate' });
    expect(await orderStatus(buyer, order.id)).toBe('paid');
    const b = await balance();
    expect(b.inEscrowFen).toBeGreaterThanOrEqual(order.totalFen);
    expect((await ledgerCheck()).balanced).toBe(true);
  });

  it('refuses an unsigned, mis-signed or stale notification, logs it, and changes nothing', async () => {
    const { buyer, order } = await placeOrder();
    const payment = await pay(buyer, order.id);
    const body = { paymentId: payment.id, providerRef: await providerRef(payment.id), amountFen: String(order.totalFen), outcome: 'success', nonce: 'x' };
    const raw = JSON.stringify(body);
    const forged = signBody('not-the-secret-at-all-000', raw, t.clock.now());
    const stale = signBody(SECRET, raw, new Date(t.clock.now().getTime() - 10 * 60_000));
    for (const sig of ['', forged, stale, 't=1,v1=zz']) {
      const res = await notify('mobile_qr', body, sig);
      expect(res.statusCode).toBe(401);
      expect(json<{ code: string }>(res).code).toBe('NOTIFICATION_SIGNATURE_INVALID');
    }
    expect(await orderStatus(buyer, order.id)).toBe('awaiting_payment');
    const logged = await t.platform.database.db.withTables<{ payment_notifications: { signature_valid: boolean } }>().selectFrom('payment_notifications').select((eb) => eb.fn.countAll<string>().as('n')).where('signature_valid', '=', false).executeTakeFirstOrThrow();
    expect(Number(logged.n)).toBeGreaterThanOrEqual(4);
  });

  it('refuses a notification whose amount differs from the order', async () => {
    const { buyer, order } = await placeOrder();
    const payment = await pay(buyer, order.id);
    const res = await notify('mobile_qr', { paymentId: payment.id, providerRef: await providerRef(payment.id), amountFen: String(order.totalFen - 1), outcome: 'success', nonce: 'y' });
    expect(res.statusCode).toBe(422);
    expect(json<{ code: string }>(res).code).toBe('NOTIFICATION_AMOUNT_MISMATCH');
    expect(await orderStatus(buyer, order.id)).toBe('awaiting_payment');
  });

  it('settles to the merchant less the commission when the buyer confirms receipt', async () => {
    const { buyer, order } = await placeOrder(20000n);
    await t.platform.services.payments.simulate((await pay(buyer, order.id)).id, 'success', { delayMs: 0, duplicateRate: 1 });
    const before = await balance();
    await transition(shop, order.id, { action: 'ship', carrier: '顺丰速运', trackingNo: 'SF1234567' });
    expect(json<Order>(await transition(buyer, order.id, { action: 'confirm' })).status).toBe('completed');
    const after = await balance();
    const fee = Math.floor((20000 * 100 + 5000) / 10000); // 1 %, half up
    expect(after.availableFen - before.availableFen).toBe(20000 - fee);
    expect(after.inEscrowFen - before.inEscrowFen).toBe(-20000);
    expect(after.commissionFen - before.commissionFen).toBe(fee);
    expect((await ledgerCheck()).balanced).toBe(true);
  });

  it('refunds part before settlement and the rest after, reversing exactly (commission included)', async () => {
    const { buyer, order } = await placeOrder(12345n);
    await t.platform.services.payments.simulate((await pay(buyer, order.id)).id, 'success', { delayMs: 0, duplicateRate: 0 });
    const start = await balance();
    const r1 = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, headers: shop.headers, payload: { amountFen: 2345, reason: '少发一件' } });
    expect(r1.statusCode).toBe(201);
    await transition(shop, order.id, { action: 'ship', carrier: '中国邮政', trackingNo: 'EMS999' });
    await transition(buyer, order.id, { action: 'confirm' });
    const mid = await balance();
    const fee = Math.round((10000 * 100) / 10000);
    expect(mid.availableFen - start.availableFen).toBe(10000 - fee);
    const r2 = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, headers: shop.headers, payload: { amountFen: 10000, reason: '质量问题全额退' } });
    expect(r2.statusCode).toBe(201);
    const end = await balance();
    expect(end.availableFen).toBe(start.availableFen);
    expect(end.commissionFen).toBe(start.commissionFen);
    const over = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, headers: shop.headers, payload: { amountFen: 1, reason: '再退' } });
    expect(json<{ code: string }>(over).code).toBe('REFUND_TOO_LARGE');
    expect((await ledgerCheck()).balanced).toBe(true);
  });

  it("does not let a buyer, another shop or a stranger refund; the buyer's refund request approved by the shop refunds it all", async () => {
    const { buyer, order } = await placeOrder(5000n);
    await t.platform.services.payments.simulate((await pay(buyer, order.id)).id, 'success', { delayMs: 0, duplicateRate: 0 });
    const otherShop = await merchantWithShop(t);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, headers: buyer.headers, payload: { amountFen: 100, reason: 'x' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, headers: otherShop.headers, payload: { amountFen: 100, reason: 'x' } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/merchants/${shop.shopId}/balance`, headers: otherShop.headers })).statusCode).toBe(404);
    await transition(buyer, order.id, { action: 'request_refund', reason: '不想要了' });
    expect(json<Order>(await transition(shop, order.id, { action: 'approve_refund' })).status).toBe('refunded');
    const payments = json<Payment[]>(await t.app.inject({ method: 'GET', url: `/api/v1/orders/${order.id}/payments`, headers: buyer.headers }));
    expect(payments[0]).toMatchObject({ status: 'succeeded', amountFen: order.totalFen });
    expect((await ledgerCheck()).balanced).toBe(true);
  });

  it('returns money that arrives for an order that was already cancelled', async () => {
    const { buyer, order } = await placeOrder();
    const payment = await pay(buyer, order.id);
    await transition(buyer, order.id, { action: 'cancel' });
    const res = await notify('mobile_qr', { paymentId: payment.id, providerRef: await providerRef(payment.id), amountFen: String(order.totalFen), outcome: 'success', nonce: 'late' });
    expect(json(res)).toMatchObject({ outcome: 'returned' });
    expect(await orderStatus(buyer, order.id)).toBe('cancelled');
    expect((await ledgerCheck()).balanced).toBe(true);
  });

  it('takes cash at a village station: the operator confirms the reference, then remits', async () => {
    const { identity, stations } = t.platform.services;
    const station = await stations.create({ kind: 'village_station', name: '测试村服务站', townCode: '500153105', village: '测试村', address: '村委会', phone: null, openedOn: null });
    const operator = await signIn(t);
    await identity.addMembership(t.platform.database.db, operator.userId, { role: 'station_operator', scopeType: 'station', scopeId: station.id }, null);
    const stranger = await signIn(t);
    const { buyer, order } = await placeOrder(3000n, 1, { deliveryOption: 'station_pickup', pickupPointId: station.id });
    const payment = await pay(buyer, order.id, 'station_cash');
    expect(payment.reference).toMatch(/^\d{8}$/);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/stations/${station.id}/cash-payments/${payment.reference}/confirm`, headers: stranger.headers })).statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url: `/api/v1/stations/${station.id}/cash-payments/${payment.reference}/confirm`, headers: operator.headers });
    expect(json<Payment>(ok).status).toBe('succeeded');
    expect(await orderStatus(buyer, order.id)).toBe('paid');
    const tooMuch = await t.app.inject({ method: 'POST', url: `/api/v1/stations/${station.id}/remittances`, headers: operator.headers, payload: { amountFen: order.totalFen + 1 } });
    expect(tooMuch.statusCode).toBe(409);
    const remit = await t.app.inject({ method: 'POST', url: `/api/v1/stations/${station.id}/remittances`, headers: operator.headers, payload: { amountFen: order.totalFen } });
    expect(remit.statusCode).toBe(201);
    expect((await ledgerCheck()).balanced).toBe(true);
  });

  it('pays out available balances in a daily batch with a bank file, once per day', async () => {
    const { buyer, order } = await placeOrder(30000n);
    await t.platform.services.payments.simulate((await pay(buyer, order.id)).id, 'success', { delayMs: 0, duplicateRate: 0 });
    await transition(shop, order.id, { action: 'ship', carrier: '中国邮政', trackingNo: 'EMS1' });
    await transition(buyer, order.id, { action: 'confirm' });
    const available = (await balance()).availableFen;
    expect(available).toBeGreaterThan(0);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/settlements/payouts', headers: shop.headers, payload: {} })).statusCode).toBe(403);
    const batch = await t.app.inject({ method: 'POST', url: '/api/v1/settlements/payouts', headers: admin.headers, payload: { businessDate: '2026-11-25' } });
    expect(batch.statusCode).toBe(201);
    const b = json<{ id: string; totalFen: number }>(batch);
    expect(b.totalFen).toBeGreaterThanOrEqual(available);
    expect((await balance()).availableFen).toBe(0);
    expect((await balance()).paidOutFen).toBeGreaterThanOrEqual(available);
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/settlements/payouts/${b.id}/file`, headers: admin.headers });
    expect(file.body.split('\n')[0]).toBe('business_date,shop_id,shop_name,amount_yuan,amount_fen,transfer_id');
    expect(file.body).toContain(shop.shopId);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/settlements/payouts', headers: admin.headers, payload: { businessDate: '2026-11-25' } })).statusCode).toBe(409);
    expect((await ledgerCheck()).balanced).toBe(true);
  });

  it('reconciles a provider statement and lists every mismatch', async () => {
    const { buyer, order } = await placeOrder(4000n);
    const payment = await pay(buyer, order.id);
    await t.platform.services.payments.simulate(payment.id, 'success', { delayMs: 0, duplicateRate: 0 });
    const ref = await providerRef(payment.id);
    const day = new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const csv = `provider_ref,payment_id,amount_fen,status\n${ref},${payment.id},${order.totalFen + 1},SUCCESS\nMOBILE_QR-FOREIGN,,500,SUCCESS\n`;
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/reconciliations?channel=mobile_qr&date=${day}`, headers: { ...admin.headers, 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode).toBe(201);
    const r = json<{ mismatches: Array<{ kind: string; providerRef: string }> }>(res);
    expect(r.mismatches).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'amount_mismatch', providerRef: ref }), expect.objectContaining({ kind: 'missing_in_platform', providerRef: 'MOBILE_QR-FOREIGN' })]));
    expect(r.mismatches.some((m) => m.kind === 'missing_in_statement')).toBe(true);
  });
});
