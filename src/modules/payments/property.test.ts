/**
 * Property: whatever happens to orders and their money — payments, duplicated and forged
 * notifications, cancellations, confirmations, partial and full refunds, payouts — the ledger
 * balances, no account crosses its floor, and each order's money is accounted for exactly once:
 * what was captured = refunded + still held + settled to the shop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { json, signIn, testPlatform, type SignedIn, type TestPlatform } from '../../../test/support/platform.ts';
import { ADDRESS, listedProduct, merchantWithShop, type Merchant } from '../../../test/support/marketplace.ts';
import { signBody } from './providers.ts';

const SECRET = 'haitang-sandbox-secret-for-development-only';

type Op =
  | { kind: 'place'; price: number }
  | { kind: 'pay'; order: number; channel: 'mobile_qr' | 'online_bank' | 'phone_ivr' }
  | { kind: 'duplicate'; order: number }
  | { kind: 'forged'; order: number }
  | { kind: 'cancel'; order: number }
  | { kind: 'ship_confirm'; order: number }
  | { kind: 'refund'; order: number; part: number }
  | { kind: 'request_approve_refund'; order: number }
  | { kind: 'payout' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('place' as const), price: fc.integer({ min: 1, max: 50_000 }) }),
  fc.record({ kind: fc.constant('pay' as const), order: fc.nat(5), channel: fc.constantFrom('mobile_qr' as const, 'online_bank' as const, 'phone_ivr' as const) }),
  fc.record({ kind: fc.constant('duplicate' as const), order: fc.nat(5) }),
  fc.record({ kind: fc.constant('forged' as const), order: fc.nat(5) }),
  fc.record({ kind: fc.constant('cancel' as const), order: fc.nat(5) }),
  fc.record({ kind: fc.constant('ship_confirm' as const), order: fc.nat(5) }),
  fc.record({ kind: fc.constant('refund' as const), order: fc.nat(5), part: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('request_approve_refund' as const), order: fc.nat(5) }),
  fc.constant({ kind: 'payout' as const }),
);

describe('payments property: money is conserved through any sequence of events', () => {
  let t: TestPlatform;
  let shop: Merchant;
  let admin: SignedIn;
  let day = 0;

  beforeAll(async () => {
    t = await testPlatform();
    shop = await merchantWithShop(t, '属性测试店');
    admin = await signIn(t, ['admin']);
  });
  afterAll(() => t.close());

  interface Placed {
    id: string;
    buyer: SignedIn;
    totalFen: number;
    lastNotice?: { channel: string; raw: string; signature: string };
  }

  async function run(ops: Op[]): Promise<void> {
    const orders: Placed[] = [];
    const pick = (i: number) => (orders.length ? orders[i % orders.length] : undefined);
    for (const op of ops) {
      let status = 0;
      if (op.kind === 'place') {
        const p = await listedProduct(t, shop, { skus: [{ code: `PR-${Math.random().toString(36).slice(2, 12)}`, name: '规格', priceFen: BigInt(op.price), stock: 5 }] });
        const buyer = await signIn(t);
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/checkout', headers: buyer.headers, payload: { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], address: ADDRESS, deliveryOption: 'express' } });
        status = res.statusCode;
        const o = json<{ orders: Array<{ id: string; totalFen: number }> }>(res).orders[0]!;
        orders.push({ id: o.id, buyer, totalFen: o.totalFen });
        continue;
      }
      if (op.kind === 'payout') {
        day++;
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/settlements/payouts', headers: admin.headers, payload: { businessDate: `2030-01-${String(day).padStart(2, '0')}` } });
        expect(res.statusCode).toBe(201);
        continue;
      }
      const o = pick(op.order);
      if (!o) continue;
      switch (op.kind) {
        case 'pay': {
          const res = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/payments`, headers: o.buyer.headers, payload: { channel: op.channel } });
          status = res.statusCode;
          if (res.statusCode !== 201) break;
          const pay = json<{ id: string }>(res);
          const row = await sql<{ provider_ref: string }>`select provider_ref from payments where id = ${pay.id}`.execute(t.platform.database.db);
          const raw = JSON.stringify({ paymentId: pay.id, providerRef: row.rows[0]!.provider_ref, amountFen: String(o.totalFen), outcome: 'success', nonce: Math.random().toString(36) });
          o.lastNotice = { channel: op.channel, raw, signature: signBody(SECRET, raw, t.clock.now()) };
          status = (await t.app.inject({ method: 'POST', url: `/api/v1/payments/notify/${op.channel}`, headers: { 'content-type': 'application/json', 'x-haitang-signature': o.lastNotice.signature }, payload: raw })).statusCode;
          break;
        }
        case 'duplicate':
        case 'forged': {
          if (!o.lastNotice) continue;
          const signature = op.kind === 'forged' ? signBody('an-attacker-guessed-secret', o.lastNotice.raw, t.clock.now()) : o.lastNotice.signature;
          const res = await t.app.inject({ method: 'POST', url: `/api/v1/payments/notify/${o.lastNotice.channel}`, headers: { 'content-type': 'application/json', 'x-haitang-signature': signature }, payload: o.lastNotice.raw });
          status = res.statusCode;
          if (op.kind === 'forged') expect(status).toBe(401);
          else expect(json<{ outcome: string }>(res).outcome).toMatch(/duplicate|returned/);
          break;
        }
        case 'cancel':
          status = (await t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/transitions`, headers: o.buyer.headers, payload: { action: 'cancel' } })).statusCode;
          break;
        case 'ship_confirm':
          await t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/transitions`, headers: shop.headers, payload: { action: 'ship', carrier: '中国邮政', trackingNo: 'EMS1' } });
          status = (await t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/transitions`, headers: o.buyer.headers, payload: { action: 'confirm' } })).statusCode;
          break;
        case 'refund': {
          const amount = Math.max(1, Math.floor((o.totalFen * op.part) / 100));
          status = (await t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/refunds`, headers: shop.headers, payload: { amountFen: amount, reason: '属性测试' } })).statusCode;
          break;
        }
        case 'request_approve_refund':
          await t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/transitions`, headers: o.buyer.headers, payload: { action: 'request_refund', reason: '属性测试' } });
          status = (await t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/transitions`, headers: shop.headers, payload: { action: 'approve_refund' } })).statusCode;
          break;
      }
      // Whatever the sequence, nothing is ever a server fault.
      expect(status, `${op.kind}`).toBeLessThan(500);
    }
    await checkInvariants(orders.map((o) => o.id));
  }

  async function checkInvariants(orderIds: string[]): Promise<void> {
    const check = await t.platform.services.ledger.check();
    expect(check.balanced).toBe(true);
    expect(check.mismatches).toEqual([]);
    expect(check.debitsPosted).toBe(check.creditsPosted);
    const floors = await sql<{ code: string }>`
      select code from ledger_accounts
      where (debits_must_not_exceed_credits and debits_posted + debits_pending > credits_posted)
         or (credits_must_not_exceed_debits and credits_posted + credits_pending > debits_posted)`.execute(t.platform.database.db);
    expect(floors.rows).toEqual([]);
    for (const id of orderIds) {
      const sums = await sql<{ code: string; kind: string; debit: string; total: string }>`
        select t.code, t.kind, a.code as debit, sum(t.amount_fen)::text as total
        from ledger_transfers t join ledger_accounts a on a.id = t.debit_account_id
        where t.user_data->>'orderId' = ${id} group by t.code, t.kind, a.code`.execute(t.platform.database.db);
      const get = (code: string, kind = 'single', debit?: (d: string) => boolean) =>
        sums.rows.filter((r) => r.code === code && r.kind === kind && (!debit || debit(r.debit))).reduce((n, r) => n + BigInt(r.total), 0n);
      const captured = get('order.paid');
      // Refunds before settlement come out of escrow; after settlement, out of the shop's money.
      const refundedFromEscrow = get('order.refund', 'single', (d) => d === 'escrow');
      const refundedByShop = get('order.refund', 'single', (d) => d.startsWith('merchant_payable:'));
      const settled = get('order.completed', 'post_pending');
      const holds = get('order.escrow', 'pending');
      const released = get('order.escrow_released', 'void_pending');
      const stillHeld = holds - released - settled;
      expect(stillHeld >= 0n).toBe(true);
      // Every fen that came in is refunded from escrow, held for the shop, or settled to it — once;
      // and a shop never refunds more than was settled to it.
      expect(refundedFromEscrow + stillHeld + settled).toBe(captured);
      expect(refundedByShop <= settled).toBe(true);
      const payments = await sql<{ n: number }>`select count(*)::int as n from payments where order_id = ${id} and status = 'succeeded'`.execute(t.platform.database.db);
      expect(payments.rows[0]!.n).toBeLessThanOrEqual(1);
    }
  }

  it('keeps the books balanced and every order accounted for', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 3, maxLength: 18 }), async (ops) => {
        await run([{ kind: 'place', price: 9900 }, { kind: 'place', price: 1234 }, ...ops]);
      }),
      { numRuns: 12 },
    );
  });

  it('accounts for a refund after settlement (a sequence fast-check once found)', async () => {
    await run([
      { kind: 'place', price: 9900 },
      { kind: 'pay', order: 0, channel: 'mobile_qr' },
      { kind: 'ship_confirm', order: 0 },
      { kind: 'cancel', order: 0 },
      { kind: 'forged', order: 0 },
      { kind: 'refund', order: 0, part: 1 },
    ]);
  });
});
