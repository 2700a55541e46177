/**
 * Amending a resting order over HTTP (PATCH /exchange/orders/{id}): priority kept on a reduce and
 * lost on an increase, a new price that crosses trades, the buyer's reservation and the seller's
 * lot reservation exact after each step, the refusals, authorization, and the journal replaying
 * to the live book.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signIn, type SignedIn, type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { lot, order, testInstrument, trader, type Placed } from './testkit.ts';

const KG = 115; // testInstrument: fen per kg of a 115 kg head

describe('amending an order over HTTP', () => {
  let t: TestPlatform;
  let hog: string;
  beforeAll(async () => {
    t = await testPlatform();
    hog = await testInstrument(t);
  });
  afterAll(() => t.close());

  const amend = (u: SignedIn, id: string, body: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/v1/exchange/orders/${id}`, headers: u.headers, payload: body });
  const account = async (u: SignedIn) => json<{ balanceFen: number; reservedFen: number; availableFen: number }>(await t.app.inject({ method: 'GET', url: '/api/v1/exchange/account', headers: u.headers }));
  const lotOf = async (u: SignedIn, id: string) =>
    json<Array<{ id: string; reserved: number; sold: number; available: number }>>(await t.app.inject({ method: 'GET', url: '/api/v1/exchange/lots?mine=1', headers: u.headers })).find((l) => l.id === id)!;
  const place = async (u: SignedIn, body: Record<string, unknown>) => {
    const r = await order(t, u, { instrumentId: hog, ...body });
    expect(r.statusCode, r.body).toBe(201);
    return json<Placed>(r);
  };
  const balanced = async () => {
    const c = await t.platform.services.ledger.check();
    expect(c.mismatches).toEqual([]);
    expect(c.balanced).toBe(true);
  };
  const code = (r: { statusCode: number; body: string }) => `${r.statusCode} ${(JSON.parse(r.body) as { code?: string }).code ?? ''}`;

  it('a smaller quantity at the same price keeps time priority; the reservation shrinks to the new open value', async () => {
    const a = await trader(t, 5_000_000);
    const b = await trader(t, 5_000_000);
    const seller = await trader(t);
    const sl = await lot(t, seller, hog, 20);
    const first = await place(a, { side: 'buy', priceFen: 1400, quantity: 5 });
    const second = await place(b, { side: 'buy', priceFen: 1400, quantity: 5 });
    expect((await account(a)).reservedFen).toBe(1400 * 5 * KG);

    const r = await amend(a, first.id, { quantity: 2 });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r)).toMatchObject({ id: first.id, status: 'open', priceFen: 1400, quantity: 2, remainingQuantity: 2, reservedFen: 1400 * 2 * KG, trades: [] });
    expect((await account(a)).reservedFen).toBe(1400 * 2 * KG);
    await balanced();

    // A sell of 3 fills the amended order first (it kept its place), then 1 of the later one.
    const s = await place(seller, { side: 'sell', priceFen: 1400, quantity: 3, lotId: sl });
    expect(s.trades.map((x) => x.quantity)).toEqual([2, 1]);
    expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/orders/${first.id}`, headers: a.headers }))).toMatchObject({ status: 'filled', filledQuantity: 2, quantity: 2 });
    expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/orders/${second.id}`, headers: b.headers }))).toMatchObject({ status: 'partially_filled', remainingQuantity: 4 });
    expect((await account(a)).reservedFen).toBe(0);
    expect((await account(b)).reservedFen).toBe(1400 * 4 * KG);
    expect(await lotOf(seller, sl)).toMatchObject({ reserved: 0, sold: 3, available: 17 });
    await balanced();
    // A finished order cannot be amended.
    expect(code(await amend(a, first.id, { quantity: 1 }))).toBe('409 ORDER_NOT_OPEN');
    await t.app.inject({ method: 'DELETE', url: `/api/v1/exchange/orders/${second.id}`, headers: b.headers });
  });

  it('a larger quantity loses time priority and reserves more; unfunded growth is refused and changes nothing', async () => {
    const a = await trader(t, 1_000_000);
    const b = await trader(t, 5_000_000);
    const seller = await trader(t);
    const sl = await lot(t, seller, hog, 20);
    const first = await place(a, { side: 'buy', priceFen: 1395, quantity: 2 });
    const second = await place(b, { side: 'buy', priceFen: 1395, quantity: 2 });

    // 1 000 000 fen funds at most 6 head at 1395 × 115 = 160 425 fen a head.
    const refused = await amend(a, first.id, { quantity: 7 });
    expect(code(refused)).toBe('409 INSUFFICIENT_FUNDS');
    expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/orders/${first.id}`, headers: a.headers }))).toMatchObject({ quantity: 2, remainingQuantity: 2, reservedFen: 1395 * 2 * KG });
    expect((await account(a)).reservedFen).toBe(1395 * 2 * KG);
    await balanced();

    const grown = await amend(a, first.id, { quantity: 6 });
    expect(grown.statusCode, grown.body).toBe(200);
    expect(json(grown)).toMatchObject({ quantity: 6, remainingQuantity: 6, reservedFen: 1395 * 6 * KG });
    expect((await account(a)).reservedFen).toBe(1395 * 6 * KG);
    await balanced();

    // The later order is now first at 1395.
    const s = await place(seller, { side: 'sell', priceFen: 1395, quantity: 3, lotId: sl });
    expect(s.trades.map((x) => x.quantity)).toEqual([2, 1]);
    expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/orders/${second.id}`, headers: b.headers }))).toMatchObject({ status: 'filled' });
    expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/orders/${first.id}`, headers: a.headers }))).toMatchObject({ filledQuantity: 1, remainingQuantity: 5, quantity: 6 });
    expect((await account(a)).reservedFen).toBe(1395 * 5 * KG);
    await balanced();
    await t.app.inject({ method: 'DELETE', url: `/api/v1/exchange/orders/${first.id}`, headers: a.headers });
    expect((await account(a)).reservedFen).toBe(0);
  });

  it('a new price that crosses trades at once; the seller lot reservation follows its amends', async () => {
    const buyer = await trader(t, 5_000_000);
    const seller = await trader(t);
    const sl = await lot(t, seller, hog, 10);
    const bid = await place(buyer, { side: 'buy', priceFen: 1450, quantity: 4 });
    const ask = await place(seller, { side: 'sell', priceFen: 1500, quantity: 6, lotId: sl });
    expect(await lotOf(seller, sl)).toMatchObject({ reserved: 6, available: 4 });

    // More head than the lot has free is refused; up to it is fine.
    expect(code(await amend(seller, ask.id, { quantity: 11 }))).toBe('409 LOT_INSUFFICIENT');
    expect(await lotOf(seller, sl)).toMatchObject({ reserved: 6, available: 4 });
    const more = await amend(seller, ask.id, { quantity: 10 });
    expect(more.statusCode, more.body).toBe(200);
    expect(await lotOf(seller, sl)).toMatchObject({ reserved: 10, available: 0 });
    const less = await amend(seller, ask.id, { quantity: 7 });
    expect(json(less)).toMatchObject({ remainingQuantity: 7, quantity: 7 });
    expect(await lotOf(seller, sl)).toMatchObject({ reserved: 7, available: 3 });

    // Down to 1450: trades 4 at the bid's price, rests 3 at 1450.
    const cross = await amend(seller, ask.id, { priceFen: 1450, quantity: 7 });
    expect(cross.statusCode, cross.body).toBe(200);
    const c = json<Placed & { priceFen: number; quantity: number }>(cross);
    expect(c).toMatchObject({ status: 'partially_filled', priceFen: 1450, filledQuantity: 4, remainingQuantity: 3, quantity: 7 });
    expect(c.trades).toEqual([{ id: expect.any(String), priceFen: 1450, quantity: 4 }]);
    expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/orders/${bid.id}`, headers: buyer.headers }))).toMatchObject({ status: 'filled' });
    expect(await lotOf(seller, sl)).toMatchObject({ reserved: 3, sold: 4, available: 3 });
    expect((await account(seller)).balanceFen).toBe(1450 * 4 * KG);
    expect((await account(buyer)).reservedFen).toBe(0);
    const book = json<{ asks: Array<{ priceFen: number; quantity: number }> }>(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/instruments/${hog}/book` }));
    expect(book.asks[0]).toEqual({ priceFen: 1450, quantity: 3 });
    await balanced();

    // A buy moved up to cross: trades at the resting ask's price, the rest reserved at the new price.
    const bid2 = await place(buyer, { side: 'buy', priceFen: 1400, quantity: 5 });
    const up = await amend(buyer, bid2.id, { priceFen: 1460, quantity: 5 });
    expect(up.statusCode, up.body).toBe(200);
    expect(json(up)).toMatchObject({ filledQuantity: 3, remainingQuantity: 2, priceFen: 1460, reservedFen: 1460 * 2 * KG, trades: [{ priceFen: 1450, quantity: 3 }] });
    expect((await account(buyer)).reservedFen).toBe(1460 * 2 * KG);
    expect(await lotOf(seller, sl)).toMatchObject({ reserved: 0, sold: 7, available: 3 });
    await balanced();
    await t.app.inject({ method: 'DELETE', url: `/api/v1/exchange/orders/${bid2.id}`, headers: buyer.headers });
  });

  it('refuses a bad tick, a price outside the band and a crossing of my own order; reduces outside the band', async () => {
    const u = await trader(t, 5_000_000);
    const ul = await lot(t, u, hog, 5);
    const bid = await place(u, { side: 'buy', priceFen: 1400, quantity: 3 });
    expect(code(await amend(u, bid.id, { priceFen: 1402, quantity: 3 }))).toBe('422 INVALID_TICK');
    expect(code(await amend(u, bid.id, { priceFen: 1700, quantity: 3 }))).toBe('422 PRICE_OUT_OF_BAND');
    expect(code(await amend(u, bid.id, { quantity: 0 }))).toBe('422 VALIDATION_FAILED');
    expect(code(await amend(u, bid.id, { quantity: 1, extra: 1 }))).toBe('422 VALIDATION_FAILED');
    // My own ask at 1600: moving my bid onto it cancels the bid (self-trade prevention), money released.
    await place(u, { side: 'sell', priceFen: 1600, quantity: 1, lotId: ul });
    expect(code(await amend(u, bid.id, { priceFen: 1600, quantity: 3 }))).toBe('409 SELF_TRADE');
    expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/orders/${bid.id}`, headers: u.headers }))).toMatchObject({ status: 'cancelled', remainingQuantity: 0 });
    expect((await account(u)).reservedFen).toBe(0);
    await balanced();

    // The band narrows below a resting bid: it can still be reduced, not grown.
    const hiBid = await place(u, { side: 'buy', priceFen: 1590, quantity: 4 });
    const officer = await signIn(t, ['bureau_officer']);
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/exchange/instruments/${hog}`, headers: officer.headers, payload: { bandBp: 500 } });
    expect(put.statusCode, put.body).toBe(200);
    expect(code(await amend(u, hiBid.id, { quantity: 5 }))).toBe('422 PRICE_OUT_OF_BAND');
    const reduced = await amend(u, hiBid.id, { quantity: 1 });
    expect(reduced.statusCode, reduced.body).toBe(200);
    expect((await account(u)).reservedFen).toBe(1590 * 1 * KG);
    await t.app.inject({ method: 'PUT', url: `/api/v1/exchange/instruments/${hog}`, headers: officer.headers, payload: { bandBp: 1000 } });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/exchange/orders/${hiBid.id}`, headers: u.headers });
  });

  it("someone else's order is 404; signed out is 401", async () => {
    const a = await trader(t, 1_000_000);
    const other = await trader(t, 1_000_000);
    const mine = await place(a, { side: 'buy', priceFen: 1380, quantity: 1 });
    expect((await amend(other, mine.id, { quantity: 1 })).statusCode).toBe(404);
    expect((await amend(other, '00000000-0000-7000-8000-000000000000', { quantity: 1 })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/exchange/orders/${mine.id}`, payload: { quantity: 1 } })).statusCode).toBe(401);
    expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/exchange/orders/${mine.id}`, headers: a.headers }))).toMatchObject({ quantity: 1, remainingQuantity: 1 });
  });

  it('the journal with its amends replays to the live book; a restarted writer agrees with the orders table', async () => {
    const ex = t.platform.services.exchange;
    const r = await ex.verifyReplay(hog);
    expect(r.live.bids.length + r.live.asks.length).toBeGreaterThan(0);
    expect(r.replayed).toEqual(r.live);
    // A fresh service over the same database rebuilds the book and checks it against the rows
    // (price, quantity and reservations of amended orders included).
    const { ExchangeService } = await import('./service.ts');
    const fresh = new ExchangeService(t.platform.database.db, { ledger: t.platform.services.ledger, audit: t.platform.services.audit, clock: t.clock }, { depositsEnabled: true });
    await fresh.start();
    expect(await fresh.book(hog, 20)).toEqual(await ex.book(hog, 20));
    await fresh.close();
    await balanced();
  });
});
