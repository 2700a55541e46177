/**
 * Many traders at once on a small book: group commit under load keeps quantity conserved
 * (lots, orders, trades agree), never trades unfunded money, leaves the ledger balanced, and
 * the journal replays to the identical book — also after the writer rebuilds from scratch.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type SignedIn, type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { ExchangeService } from './service.ts';
import { lot, order, testInstrument, trader, type Placed } from './testkit.ts';

describe('exchange under concurrent load', () => {
  let t: TestPlatform;
  let hog: string;
  const sellers: Array<{ u: SignedIn; lot: string }> = [];
  const buyers: SignedIn[] = [];
  beforeAll(async () => {
    t = await testPlatform();
    hog = await testInstrument(t);
    for (let i = 0; i < 4; i++) {
      const u = await trader(t);
      sellers.push({ u, lot: await lot(t, u, hog, 30) });
    }
    // Some buyers can afford only a few head: the ledger must stop them, not the book.
    for (let i = 0; i < 12; i++) buyers.push(await trader(t, i % 3 === 0 ? 1500 * 115 * 2 : 1_000_000_00));
  });
  afterAll(() => t.close());

  it('parallel buys against a small book: quantity conserved, nothing unfunded, ledger balanced, replay equal', async () => {
    // A small ask ladder: 4 sellers × 10 head at 1490..1505.
    for (const [i, s] of sellers.entries()) {
      const r = await order(t, s.u, { instrumentId: hog, side: 'sell', priceFen: 1490 + i * 5, quantity: 10, lotId: s.lot });
      expect(r.statusCode, r.body).toBe(201);
    }
    const results = await Promise.all(
      Array.from({ length: 96 }, (_, k) => {
        const b = buyers[k % buyers.length]!;
        const kind = k % 4;
        const body =
          kind === 0
            ? { instrumentId: hog, side: 'buy', type: 'market', quantity: 1 + (k % 3) }
            : kind === 1
              ? { instrumentId: hog, side: 'buy', priceFen: 1500, quantity: 2, timeInForce: 'IOC' }
              : kind === 2
                ? { instrumentId: hog, side: 'buy', priceFen: 1480, quantity: 1 }
                : { instrumentId: hog, side: 'buy', priceFen: 1505, quantity: 3, timeInForce: 'FOK' };
        return order(t, b, body);
      }),
    );
    const ok = results.filter((r) => r.statusCode === 201).map((r) => json<Placed>(r));
    const refused = results.filter((r) => r.statusCode !== 201).map((r) => json<{ code: string }>(r).code);
    expect(new Set(refused)).toEqual(new Set(refused.length ? ['INSUFFICIENT_FUNDS'] : []));
    const boughtByAck = ok.reduce((s, o) => s + o.filledQuantity, 0);

    const db = t.platform.database.db;
    const traded = await sql<{ q: number }>`select coalesce(sum(quantity), 0)::int as q from exchange_trades where instrument_id = ${hog}`.execute(db);
    const lots = await sql<{ sold: number; reserved: number }>`select coalesce(sum(sold),0)::int as sold, coalesce(sum(reserved),0)::int as reserved from exchange_lots where instrument_id = ${hog}`.execute(db);
    const sells = await sql<{ filled: number; rem: number }>`select sum(filled)::int as filled, sum(remaining)::int as rem from exchange_orders where instrument_id = ${hog} and side = 'sell'`.execute(db);
    expect(traded.rows[0]!.q).toBe(boughtByAck);
    expect(lots.rows[0]!.sold).toBe(boughtByAck);
    expect(sells.rows[0]!.filled).toBe(boughtByAck);
    expect(lots.rows[0]!.reserved).toBe(sells.rows[0]!.rem);
    expect(boughtByAck).toBeGreaterThan(0);
    expect(boughtByAck).toBeLessThanOrEqual(40);

    // Every order's quantity is accounted for.
    const bad = await sql<{ n: number }>`select count(*)::int as n from exchange_orders where instrument_id = ${hog}
      and (filled + cancelled + remaining <> quantity or (status in ('filled','cancelled') and remaining <> 0))`.execute(db);
    expect(bad.rows[0]!.n).toBe(0);

    // Money: reserved in the ledger = what the open buys still need; everyone non-negative.
    const ledger = t.platform.services.ledger;
    const check = await ledger.check();
    expect(check.mismatches).toEqual([]);
    expect(check.balanced).toBe(true);
    const open = await sql<{ fen: bigint }>`select coalesce(sum(remaining::bigint * reserve_price_fen * 115), 0)::bigint as fen from exchange_orders where instrument_id = ${hog} and side = 'buy' and status in ('open','partially_filled')`.execute(db);
    const escrow = await ledger.account('exchange_escrow');
    expect(escrow.creditsPending).toBe(BigInt(open.rows[0]!.fen));
    for (const b of buyers) {
      const a = await ledger.account(`customer:${b.userId}`);
      expect(a.creditsPosted - a.debitsPosted - a.debitsPending >= 0n).toBe(true);
    }

    const replay = await t.platform.services.exchange.verifyReplay(hog);
    expect(replay.replayed).toEqual(replay.live);

    // A fresh service (as after a restart) rebuilds the same book and takes orders on top.
    const fresh = new ExchangeService(db, { ledger, audit: t.platform.services.audit, clock: t.clock }, { depositsEnabled: true });
    await fresh.start();
    const again = await fresh.verifyReplay(hog);
    expect(again.live).toEqual(replay.live);
    await fresh.close();
  });
});
