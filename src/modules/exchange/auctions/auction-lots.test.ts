/**
 * An auction holds the head of the lot it auctions: they cannot also be sold in the order book
 * while it runs; a sale takes them out of the seller's lot, a settlement without a sale gives
 * them back. The exchange writer caches lots between batches, so each case first makes it read
 * the lot (a resting sell order) before the auction changes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type SignedIn, type TestPlatform, testPlatform } from '../../../../test/support/platform.ts';
import { getLot } from '../lots.ts';
import { lot, order, testInstrument, trader } from '../testkit.ts';

const MIN = 60_000;

describe('auctions reserve the lot', () => {
  let t: TestPlatform;
  let pigs: string;
  let seller: SignedIn;
  let start: number;

  beforeAll(async () => {
    t = await testPlatform();
    start = Date.parse('2026-03-02T02:00:00Z');
    t.clock.set(new Date(start));
    pigs = await testInstrument(t, { kind: 'breeding_pig', priceUnit: 'fen_per_head', kgPerHead: 1, tickFen: 100, modes: ['listing', 'continuous', 'auction'] });
    seller = await trader(t);
  });
  afterAll(() => t.close());

  const post = (u: SignedIn, url: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: u.headers, payload });
  const counts = async (lotId: string) => {
    const l = (await getLot(t.platform.database.db, lotId))!;
    return { reserved: l.reserved, sold: l.sold, available: l.available };
  };
  const sell = (lotId: string, quantity: number, instrumentId = pigs) => order(t, seller, { instrumentId, side: 'sell', priceFen: 1600, quantity, lotId });

  /** A 5-head lot with 1 head resting in the book, then an auction of the other 4. */
  async function auctioned(instrumentId = pigs): Promise<{ lotId: string; auctionId: string }> {
    t.clock.set(new Date(start));
    const lotId = await lot(t, seller, instrumentId, 5);
    expect((await sell(lotId, 1, instrumentId)).statusCode).toBe(201);
    const r = await post(seller, '/auctions', { kind: 'ascending', lotId, reserveFen: 500_000, startFen: 300_000, depositFen: 0, endsAt: new Date(start + 60 * MIN).toISOString() });
    expect(r.statusCode, r.body).toBe(201);
    const a = json<{ id: string; headCount: number }>(r);
    expect(a.headCount).toBe(4);
    expect(await counts(lotId)).toEqual({ reserved: 5, sold: 0, available: 0 });
    return { lotId, auctionId: a.id };
  }

  async function settle(auctionId: string): Promise<string> {
    t.clock.set(new Date(start + 61 * MIN));
    const r = await post(seller, `/auctions/${auctionId}/settle`, {});
    expect(r.statusCode, r.body).toBe(200);
    return json<{ result: { outcome: string } }>(r).result.outcome;
  }

  it('while the auction runs, the same head cannot be sold in the order book', async () => {
    const { lotId } = await auctioned();
    const r = await sell(lotId, 1);
    expect([r.statusCode, json(r).code]).toEqual([409, 'LOT_INSUFFICIENT']);
    // A second auction of the lot is refused too.
    const again = await post(seller, '/auctions', { kind: 'ascending', lotId, reserveFen: 1, depositFen: 0, endsAt: new Date(start + 60 * MIN).toISOString() });
    expect(again.statusCode).toBe(409);
  });

  it('a settlement without a sale gives the head back to the lot', async () => {
    const { lotId, auctionId } = await auctioned();
    expect(await settle(auctionId)).toBe('no_bids');
    expect(await counts(lotId)).toEqual({ reserved: 1, sold: 0, available: 4 });
    expect((await sell(lotId, 4)).statusCode).toBe(201);
    const more = await sell(lotId, 1);
    expect([more.statusCode, json(more).code]).toEqual([409, 'LOT_INSUFFICIENT']);
  });

  it('reserve not met: released as well', async () => {
    const { lotId, auctionId } = await auctioned();
    const bidder = await trader(t, 1_000_000);
    t.clock.set(new Date(start + MIN));
    expect((await post(bidder, `/auctions/${auctionId}/bids`, { amountFen: 300_000 })).statusCode).toBe(201);
    expect(await settle(auctionId)).toBe('reserve_not_met');
    expect(await counts(lotId)).toEqual({ reserved: 1, sold: 0, available: 4 });
  });

  it('a sale takes the head out of the seller’s lot', async () => {
    // Its own instrument, so the book holds only this lot's resting head.
    const own = await testInstrument(t, { kind: 'breeding_pig', priceUnit: 'fen_per_head', kgPerHead: 1, tickFen: 100, modes: ['continuous', 'auction'] });
    const { lotId, auctionId } = await auctioned(own);
    const bidder = await trader(t, 1_000_000);
    t.clock.set(new Date(start + MIN));
    expect((await post(bidder, `/auctions/${auctionId}/bids`, { amountFen: 500_000 })).statusCode).toBe(201);
    expect(await settle(auctionId)).toBe('sold');
    expect(await counts(lotId)).toEqual({ reserved: 1, sold: 4, available: 0 });
    const r = await sell(lotId, 1, own);
    expect([r.statusCode, json(r).code]).toEqual([409, 'LOT_INSUFFICIENT']);
    // The head resting in the book still trade as before.
    const buyer = await trader(t, 1_000_000);
    const take = await order(t, buyer, { instrumentId: own, side: 'buy', priceFen: 1600, quantity: 1 });
    expect(json<{ filledQuantity: number }>(take).filledQuantity).toBe(1);
    expect(await counts(lotId)).toEqual({ reserved: 0, sold: 5, available: 0 });
  });
});
