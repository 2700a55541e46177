/**
 * Idempotency-Key on the auctions' money-moving POSTs: a retried bid (or auction) with the same
 * key answers as the first did and moves no money again; the same key with another body is
 * refused; a fresh key is a new bid; a concurrent duplicate places one bid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { json, type SignedIn, type TestPlatform, testPlatform } from '../../../../test/support/platform.ts';
import { lot, testInstrument, trader } from '../testkit.ts';

const MIN = 60_000;

describe('Idempotency-Key on auction POSTs', () => {
  let t: TestPlatform;
  let pigs: string;
  let seller: SignedIn;
  let start: number;

  beforeAll(async () => {
    t = await testPlatform();
    start = Date.parse('2026-03-02T02:00:00Z');
    t.clock.set(new Date(start));
    pigs = await testInstrument(t, { kind: 'breeding_pig', priceUnit: 'fen_per_head', kgPerHead: 1, tickFen: 100, modes: ['listing', 'auction'] });
    seller = await trader(t);
  });
  afterAll(() => t.close());

  const post = (u: SignedIn, url: string, payload: Record<string, unknown>, key?: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...u.headers, ...(key ? { 'idempotency-key': key } : {}) }, payload });
  const account = async (u: SignedIn) => json<{ balanceFen: number; reservedFen: number }>(await t.app.inject({ method: 'GET', url: '/api/v1/exchange/account', headers: u.headers }));
  const bidsOf = async (auctionId: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from auction_bids where auction_id = ${auctionId}`.execute(t.platform.database.db)).rows[0]!.n);
  const auctionBody = async () => ({
    kind: 'ascending',
    lotId: await lot(t, seller, pigs, 1),
    reserveFen: 500_000,
    startFen: 300_000,
    depositFen: 50_000,
    endsAt: new Date(start + 60 * MIN).toISOString(),
  });

  it('a retried bid with the same key returns the same answer and reserves the deposit once', async () => {
    const body = await auctionBody();
    const created = await post(seller, '/auctions', body, 'auction-create-0001');
    expect(created.statusCode, created.body).toBe(201);
    const id = json<{ id: string }>(created).id;
    // The retried creation is the same auction; the lot is not held twice.
    const again = await post(seller, '/auctions', body, 'auction-create-0001');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json<{ id: string }>(again).id).toBe(id);
    const lots = json<Array<{ id: string; reserved: number }>>(await t.app.inject({ method: 'GET', url: '/api/v1/exchange/lots', headers: seller.headers }));
    expect(lots.find((l) => l.id === body.lotId)?.reserved).toBe(1);

    const a = await trader(t, 2_000_000);
    t.clock.set(new Date(start + MIN));
    const first = await post(a, `/auctions/${id}/bids`, { amountFen: 300_000, maxFen: 700_000 }, 'bid-retry-0001');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await account(a)).toMatchObject({ reservedFen: 50_000 });

    const retry = await post(a, `/auctions/${id}/bids`, { amountFen: 300_000, maxFen: 700_000 }, 'bid-retry-0001');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(json(retry)).toEqual(json(first));
    expect(await bidsOf(id)).toBe(1);
    expect(await account(a)).toMatchObject({ reservedFen: 50_000, balanceFen: 2_000_000 });

    // The same key with another body is refused, and changes nothing.
    const other = await post(a, `/auctions/${id}/bids`, { amountFen: 600_000 }, 'bid-retry-0001');
    expect(other.statusCode).toBe(422);
    expect(json<{ code: string }>(other).code).toBe('IDEMPOTENCY_KEY_REUSED');
    // So is the same key for the same body on another auction.
    const id2 = json<{ id: string }>(await post(seller, '/auctions', await auctionBody())).id;
    expect((await post(a, `/auctions/${id2}/bids`, { amountFen: 300_000, maxFen: 700_000 }, 'bid-retry-0001')).statusCode).toBe(422);
    expect(await bidsOf(id)).toBe(1);
    expect(await bidsOf(id2)).toBe(0);

    // A refused bid is not remembered: the same key may be used again once the bid is valid.
    const b = await trader(t, 2_000_000);
    const low = await post(b, `/auctions/${id}/bids`, { amountFen: 300_000 }, 'bid-b-000001');
    expect(low.statusCode).toBe(409); // below the price (A's proxy took it to the reserve)
    const fine = await post(b, `/auctions/${id}/bids`, { amountFen: 600_000 }, 'bid-b-000001');
    expect(fine.statusCode, fine.body).toBe(201);
    expect(fine.headers['idempotent-replayed']).toBeUndefined();
    expect(await account(b)).toMatchObject({ reservedFen: 50_000 });

    const check = await t.platform.services.ledger.check();
    expect(check.mismatches).toEqual([]);
    expect(check.balanced).toBe(true);
  });

  it('two concurrent requests with the same key place one bid and answer the same', async () => {
    t.clock.set(new Date(start));
    const id = json<{ id: string }>(await post(seller, '/auctions', await auctionBody())).id;
    const c = await trader(t, 2_000_000);
    t.clock.set(new Date(start + MIN));
    const [x, y] = await Promise.all([
      post(c, `/auctions/${id}/bids`, { amountFen: 300_000 }, 'bid-race-000001'),
      post(c, `/auctions/${id}/bids`, { amountFen: 300_000 }, 'bid-race-000001'),
    ]);
    expect([x.statusCode, y.statusCode]).toEqual([201, 201]);
    expect(json(x)).toEqual(json(y));
    expect([x.headers['idempotent-replayed'], y.headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
    expect(await bidsOf(id)).toBe(1);
    expect(await account(c)).toMatchObject({ reservedFen: 50_000 });
  });

  it('a malformed key is refused', async () => {
    const a = await trader(t, 1_000_000);
    const r = await post(a, '/auctions/00000000-0000-7000-8000-000000000000/bids', { amountFen: 300_000 }, 'bad key!');
    expect(r.statusCode).toBe(422);
  });
});
