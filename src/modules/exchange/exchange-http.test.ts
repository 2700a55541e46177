/**
 * The exchange over HTTP: listing and take, two traders crossing in continuous mode (both see the
 * trade, the candle moves), every refusal code of the contract, authorization, and the money
 * in the ledger at each step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signIn, type SignedIn, type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { beijingDate } from '../../kernel/clock.ts';
import { lot, order, testInstrument, trader, type Placed } from './testkit.ts';

describe('exchange over HTTP', () => {
  let t: TestPlatform;
  let hog: string;
  let seller: SignedIn;
  let buyer: SignedIn;
  let sellerLot: string;
  beforeAll(async () => {
    t = await testPlatform();
    hog = await testInstrument(t);
    seller = await trader(t);
    buyer = await trader(t, 10_000_000);
    sellerLot = await lot(t, seller, hog, 40);
  });
  afterAll(() => t.close());

  const account = async (u: SignedIn) => json<{ balanceFen: number; reservedFen: number; availableFen: number }>(await t.app.inject({ method: 'GET', url: '/api/v1/exchange/account', headers: u.headers }));

  it('lists the instrument with its band, modes and session', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/instruments' });
    expect(r.statusCode).toBe(200);
    const i = json<Array<Record<string, unknown>>>(r).find((x) => x.id === hog)!;
    expect(i).toMatchObject({ kind: 'live_hog', priceUnit: 'fen_per_kg', quantityUnit: 'head', kgPerHead: 115, tickFen: 5, modes: ['listing', 'continuous'] });
    expect(i.band).toEqual({ prevSettlementFen: 1500, bandBp: 1000, loFen: 1350, hiFen: 1650 });
  });

  it('a seller lists a hog lot and a buyer takes part of it; money and head move', async () => {
    const listing = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/listings', headers: seller.headers, payload: { instrumentId: hog, side: 'sell', priceFen: 1520, quantity: 10, lotId: sellerLot, note: '外三元 出栏' } });
    expect(listing.statusCode, listing.body).toBe(201);
    const l = json<Placed>(listing);
    expect(l).toMatchObject({ status: 'open', remainingQuantity: 10, filledQuantity: 0 });
    const board = json<Array<{ id: string; lot: { farmName: string; quarantineCertificateNo: string } }>>(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/listings?instrumentId=${hog}` }));
    expect(board.find((x) => x.id === l.id)?.lot).toMatchObject({ farmName: '荣牧生态养殖场', quarantineCertificateNo: 'CQ5001532026001' });

    const before = await account(buyer);
    const take = await t.app.inject({ method: 'POST', url: `/api/v1/exchange/listings/${l.id}/take`, headers: buyer.headers, payload: { quantity: 4 } });
    expect(take.statusCode, take.body).toBe(201);
    const tk = json<Placed>(take);
    expect(tk).toMatchObject({ status: 'filled', filledQuantity: 4, remainingQuantity: 0 });
    expect(tk.trades).toEqual([{ id: expect.any(String), priceFen: 1520, quantity: 4 }]);
    const value = 1520 * 4 * 115;
    const after = await account(buyer);
    expect(after.balanceFen).toBe(before.balanceFen - value);
    expect(after.reservedFen).toBe(before.reservedFen);
    expect((await account(seller)).balanceFen).toBe(value);

    // The confirmation, for both parties, with delivery terms; nobody else sees it.
    const tradeId = tk.trades[0]!.id;
    for (const u of [buyer, seller]) {
      const c = await t.app.inject({ method: 'GET', url: `/api/v1/exchange/trades/${tradeId}`, headers: u.headers });
      expect(c.statusCode).toBe(200);
      expect(json(c)).toMatchObject({ valueFen: value, quantity: 4, lotId: sellerLot, delivery: { quarantineCertificateNo: 'CQ5001532026001', farmName: '荣牧生态养殖场', headCount: 4, standardWeightKg: 460 } });
    }
    const stranger = await trader(t);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/exchange/trades/${tradeId}`, headers: stranger.headers })).statusCode).toBe(404);

    const lots = json<Array<{ id: string; reserved: number; sold: number; available: number }>>(await t.app.inject({ method: 'GET', url: '/api/v1/exchange/lots?mine=1', headers: seller.headers }));
    expect(lots.find((x) => x.id === sellerLot)).toMatchObject({ reserved: 6, sold: 4, available: 30 });
    const listingAfter = json<Placed>(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/orders/${l.id}`, headers: seller.headers }));
    expect(listingAfter).toMatchObject({ status: 'partially_filled', filledQuantity: 4, remainingQuantity: 6 });

    // Cancel the rest of the listing: head back to the lot.
    const cancel = await t.app.inject({ method: 'DELETE', url: `/api/v1/exchange/orders/${l.id}`, headers: seller.headers });
    expect(cancel.statusCode).toBe(200);
    expect(json(cancel)).toMatchObject({ status: 'cancelled', filledQuantity: 4, remainingQuantity: 0 });
    const lots2 = json<Array<{ id: string; reserved: number; available: number }>>(await t.app.inject({ method: 'GET', url: '/api/v1/exchange/lots', headers: seller.headers }));
    expect(lots2.find((x) => x.id === sellerLot)).toMatchObject({ reserved: 0, available: 36 });
  });

  it('two traders cross in continuous mode: both see the trade, the book and the candle update', async () => {
    const bid = await order(t, buyer, { instrumentId: hog, side: 'buy', priceFen: 1500, quantity: 5 });
    expect(bid.statusCode, bid.body).toBe(201);
    const b = json<Placed>(bid);
    expect(b.status).toBe('open');
    expect((await account(buyer)).reservedFen).toBe(1500 * 5 * 115);
    const book = json<{ bids: Array<{ priceFen: number; quantity: number }> }>(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/instruments/${hog}/book` }));
    expect(book.bids[0]).toEqual({ priceFen: 1500, quantity: 5 });

    const ask = await order(t, seller, { instrumentId: hog, side: 'sell', priceFen: 1495, quantity: 3, lotId: sellerLot });
    expect(ask.statusCode, ask.body).toBe(201);
    const a = json<Placed>(ask);
    expect(a).toMatchObject({ status: 'filled', filledQuantity: 3 });
    expect(a.trades).toEqual([{ id: expect.any(String), priceFen: 1500, quantity: 3 }]);
    // The buyer's reservation shrank to the open rest.
    expect((await account(buyer)).reservedFen).toBe(1500 * 2 * 115);

    for (const u of [buyer, seller]) {
      const mine = json<Array<{ id: string; side: string }>>(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/trades?mine=1&instrumentId=${hog}`, headers: u.headers }));
      expect(mine.map((x) => x.id)).toContain(a.trades[0]!.id);
    }
    const tape = json<Array<{ id: string; aggressor: string }>>(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/instruments/${hog}/trades?limit=5` }));
    expect(tape[0]).toMatchObject({ id: a.trades[0]!.id, aggressor: 'sell' });
    const today = beijingDate(t.clock.now());
    const candles = json<Array<Record<string, unknown>>>(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/instruments/${hog}/candles?interval=1d` }));
    expect(candles.at(-1)).toEqual({ t: today, open: 1520, high: 1520, low: 1500, close: 1500, volume: 7 });
    const inst = json<Array<{ id: string; lastFen: number; volumeToday: number; changeBp: number }>>(await t.app.inject({ method: 'GET', url: '/api/v1/exchange/instruments' })).find((x) => x.id === hog)!;
    expect(inst).toMatchObject({ lastFen: 1500, volumeToday: 7, changeBp: 0 });
    const index = json<Array<{ t: string; value: number }>>(await t.app.inject({ method: 'GET', url: '/api/v1/exchange/index' }));
    expect(index.find((x) => x.t === today)?.value).toBeCloseTo((1520 * 4 + 1500 * 3) / 7, 2);

    // Cancel releases the rest of the money.
    const c = await t.app.inject({ method: 'DELETE', url: `/api/v1/exchange/orders/${b.id}`, headers: buyer.headers });
    expect(json(c)).toMatchObject({ status: 'cancelled', filledQuantity: 3 });
    expect((await account(buyer)).reservedFen).toBe(0);
    const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/exchange/orders/${b.id}`, headers: buyer.headers });
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('ORDER_NOT_OPEN');
  });

  it('refuses each rule with its own code', async () => {
    const code = async (p: Promise<{ statusCode: number; body: string }>) => {
      const r = await p;
      return `${r.statusCode} ${(JSON.parse(r.body) as { code?: string }).code ?? ''}`;
    };
    expect(await code(order(t, buyer, { instrumentId: hog, side: 'buy', priceFen: 1700, quantity: 1 }))).toBe('422 PRICE_OUT_OF_BAND');
    expect(await code(order(t, buyer, { instrumentId: hog, side: 'buy', priceFen: 1502, quantity: 1 }))).toBe('422 INVALID_TICK');
    const poor = await trader(t, 1000);
    expect(await code(order(t, poor, { instrumentId: hog, side: 'buy', priceFen: 1500, quantity: 1 }))).toBe('409 INSUFFICIENT_FUNDS');
    const nobody = await trader(t);
    expect(await code(order(t, nobody, { instrumentId: hog, side: 'buy', type: 'market', quantity: 1 }))).toBe('409 INSUFFICIENT_FUNDS');
    // Selling live animals: no lot, someone else's lot, a lot without certificate.
    expect(await code(order(t, seller, { instrumentId: hog, side: 'sell', priceFen: 1500, quantity: 1 }))).toBe('422 QUARANTINE_CERTIFICATE_REQUIRED');
    expect(await code(order(t, buyer, { instrumentId: hog, side: 'sell', priceFen: 1500, quantity: 1, lotId: sellerLot }))).toBe('422 QUARANTINE_CERTIFICATE_REQUIRED');
    const bare = await lot(t, seller, hog, 5, null);
    expect(await code(order(t, seller, { instrumentId: hog, side: 'sell', priceFen: 1500, quantity: 1, lotId: bare }))).toBe('422 QUARANTINE_CERTIFICATE_REQUIRED');
    expect(await code(order(t, seller, { instrumentId: hog, side: 'sell', priceFen: 1600, quantity: 1000, lotId: sellerLot }))).toBe('409 LOT_INSUFFICIENT');
    // Self-trade: the seller's own resting ask stops its incoming bid entirely.
    const funded = await trader(t, 5_000_000);
    const fl = await lot(t, funded, hog, 3);
    expect((await order(t, funded, { instrumentId: hog, side: 'sell', priceFen: 1600, quantity: 1, lotId: fl })).statusCode).toBe(201);
    expect(await code(order(t, funded, { instrumentId: hog, side: 'buy', priceFen: 1600, quantity: 1 }))).toBe('409 SELF_TRADE');
    expect((await account(funded)).reservedFen).toBe(0);
    // Modes: an auction-only instrument refuses orders and listings.
    const breeding = await testInstrument(t, { kind: 'breeding_pig', priceUnit: 'fen_per_head', kgPerHead: 1, tickFen: 100, prevSettlementFen: 800_000, modes: ['auction'] });
    expect(await code(order(t, buyer, { instrumentId: breeding, side: 'buy', priceFen: 800_000, quantity: 1 }))).toBe('409 MODE_NOT_ALLOWED');
    expect(
      await code(t.app.inject({ method: 'POST', url: '/api/v1/exchange/listings', headers: buyer.headers, payload: { instrumentId: breeding, side: 'buy', priceFen: 800_000, quantity: 1 } })),
    ).toBe('409 MODE_NOT_ALLOWED');
    // Session: the bureau closes the market (an empty window), orders are refused.
    const bureau = await signIn(t, ['bureau_officer']);
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/exchange/instruments/${breeding}`, headers: bureau.headers, payload: { modes: ['auction', 'continuous'], session: { open: '00:00', close: '00:01' } } });
    expect(put.statusCode, put.body).toBe(200);
    const now = t.clock.now();
    t.clock.set(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 4, 0))); // 12:00 Beijing
    expect(await code(order(t, buyer, { instrumentId: breeding, side: 'buy', priceFen: 800_000, quantity: 1 }))).toBe('409 MARKET_CLOSED');
    t.clock.set(now);
    expect(await code(order(t, buyer, { instrumentId: hog, side: 'buy', type: 'limit', quantity: 1 }))).toBe('422 VALIDATION_FAILED');
  });

  it('only the bureau manages instruments, with an audit entry; a band change is journaled and applies', async () => {
    const r = await t.app.inject({ method: 'PUT', url: `/api/v1/exchange/instruments/${hog}`, headers: buyer.headers, payload: { bandBp: 2000 } });
    expect(r.statusCode).toBe(403);
    const bureau = await signIn(t, ['bureau_officer']);
    const ok = await t.app.inject({ method: 'PUT', url: `/api/v1/exchange/instruments/${hog}`, headers: bureau.headers, payload: { bandBp: 2000 } });
    expect(ok.statusCode, ok.body).toBe(200);
    const band = json<{ band: { hiFen: number } }>(ok).band;
    expect(band.hiFen).toBeGreaterThan(1650);
    const hi = await order(t, buyer, { instrumentId: hog, side: 'buy', priceFen: 1700, quantity: 1 });
    expect(hi.statusCode, hi.body).toBe(201);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/exchange/orders/${json<Placed>(hi).id}`, headers: buyer.headers });
    const audit = await t.platform.database.db
      .selectFrom('audit_log' as never)
      .select(['action' as never])
      .where('subject_id' as never, '=', hog as never)
      .execute();
    expect(audit.map((a) => (a as { action: string }).action)).toContain('exchange_instrument.updated');
  });

  it("a trader sees only its own orders; cancelling another's order is 404", async () => {
    const mine = json<Placed>(await order(t, buyer, { instrumentId: hog, side: 'buy', priceFen: 1400, quantity: 1 }));
    const other = await trader(t, 1_000_000);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/exchange/orders/${mine.id}`, headers: other.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/exchange/orders/${mine.id}`, headers: other.headers })).statusCode).toBe(404);
    const list = json<Array<{ id: string }>>(await t.app.inject({ method: 'GET', url: '/api/v1/exchange/orders', headers: other.headers }));
    expect(list.map((o) => o.id)).not.toContain(mine.id);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/exchange/orders', payload: { instrumentId: hog, side: 'buy', type: 'limit', priceFen: 1400, quantity: 1 } })).statusCode).toBe(401);
  });

  it('the ledger balances and the journal replays to the live book', async () => {
    const check = await t.platform.services.ledger.check();
    expect(check.mismatches).toEqual([]);
    expect(check.balanced).toBe(true);
    const r = await t.platform.services.exchange.verifyReplay(hog);
    expect(r.live.bids.length + r.live.asks.length).toBeGreaterThan(0);
    expect(r.replayed).toEqual(r.live);
  });
});
