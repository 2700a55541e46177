/**
 * Auctions over HTTP: the acceptance scenario (a proxy bid, last-minute bids that extend the
 * close, settlement to the right winner at the right price, money in the ledger), concurrent
 * bids, the sealed second-price case, a buyer's descending request, and who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { json, type SignedIn, type TestPlatform, testPlatform } from '../../../../test/support/platform.ts';
import { lot, testInstrument, trader } from '../testkit.ts';

const MIN = 60_000;

interface Detail {
  id: string;
  lotId: string | null;
  status: string;
  priceFen: number | null;
  endsAt: string;
  scheduledEndsAt: string;
  serverNow: string;
  reserveFen: number | null;
  reserveMet: boolean | null;
  minimumNextBidFen: number | null;
  leader: string | null;
  youLead: boolean;
  bidCount: number;
  bids: Array<{ seq: number; bidder: string; mine: boolean; amountFen: number; maxFen: number | null; outcome: string }>;
  result: { outcome: string; winner: string | null; winnerId: string | null; youWon: boolean; priceFen: number | null } | null;
}

describe('auctions over HTTP', () => {
  let t: TestPlatform;
  let pigs: string;
  let seller: SignedIn;
  let start: number;

  beforeAll(async () => {
    t = await testPlatform();
    start = Date.parse('2026-03-02T02:00:00Z');
    t.clock.set(new Date(start));
    pigs = await testInstrument(t, { kind: 'breeding_pig', priceUnit: 'fen_per_head', kgPerHead: 1, tickFen: 100, modes: ['listing', 'auction'], name: { zh: '荣昌猪种猪', en: 'Rongchang breeding pig' } });
    seller = await trader(t);
  });
  afterAll(() => t.close());

  const post = (u: SignedIn | null, url: string, payload: unknown) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: u?.headers ?? {}, payload: payload as Record<string, unknown> });
  const detail = async (id: string, u: SignedIn | null = null) => json<Detail>(await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${id}`, headers: u?.headers ?? {} }));
  const account = async (u: SignedIn) =>
    json<{ balanceFen: number; reservedFen: number; availableFen: number }>(await t.app.inject({ method: 'GET', url: '/api/v1/exchange/account', headers: u.headers }));
  const at = (minutes: number) => t.clock.set(new Date(start + minutes * MIN));

  async function newAuction(body: Record<string, unknown>, owner = seller): Promise<string> {
    t.clock.set(new Date(start));
    const lotId = body.kind === 'descending' ? undefined : await lot(t, owner, pigs, 1);
    const r = await post(owner, '/auctions', {
      kind: 'ascending',
      ...(lotId ? { lotId } : {}),
      reserveFen: 500_000,
      startFen: 300_000,
      depositFen: 50_000,
      endsAt: new Date(start + 60 * MIN).toISOString(),
      ...body,
    });
    expect(r.statusCode, r.body).toBe(201);
    return json<{ id: string }>(r).id;
  }

  it('a proxy bid defends against last-minute bids; each extends the close; settles to the right winner at the right price', async () => {
    const id = await newAuction({});
    const a = await trader(t, 2_000_000);
    const b = await trader(t, 2_000_000);
    const events: Array<{ type: string; priceFen?: number | null; outcome?: string }> = [];
    const unsubscribe = t.platform.services.exchange.hub.subscribe(`auction:${id}`, (m) => events.push(m.data as (typeof events)[number]));

    at(1);
    const first = await post(a, `/auctions/${id}/bids`, { amountFen: 300_000, maxFen: 900_000 });
    expect(first.statusCode, first.body).toBe(201);
    // A's max meets the reserve: the price goes to the reserve at once.
    expect(json(first)).toMatchObject({ outcome: 'leading', leading: true, priceFen: 500_000, depositFen: 50_000 });
    expect(await account(a)).toMatchObject({ reservedFen: 50_000 });

    at(40);
    expect(json(await post(b, `/auctions/${id}/bids`, { amountFen: 600_000 }))).toMatchObject({ outcome: 'outbid', priceFen: 610_000, extended: false });
    // Not a whole increment; below the minimum.
    const offGrid = await post(b, `/auctions/${id}/bids`, { amountFen: 625_000 });
    expect([offGrid.statusCode, json(offGrid).code]).toEqual([422, 'BID_NOT_IN_INCREMENTS']);
    const low = await post(b, `/auctions/${id}/bids`, { amountFen: 610_000 });
    expect([low.statusCode, json(low).code]).toEqual([409, 'BID_TOO_LOW']);

    at(58); // last minutes: the close moves to 58 + 5
    const late = json<{ outcome: string; priceFen: number; endsAt: string; extended: boolean }>(await post(b, `/auctions/${id}/bids`, { amountFen: 800_000 }));
    expect(late).toMatchObject({ outcome: 'outbid', priceFen: 810_000, extended: true, endsAt: new Date(start + 63 * MIN).toISOString() });

    at(62); // after the scheduled close, inside the extension: equal maxes, the earlier keeps the lead
    expect(json(await post(b, `/auctions/${id}/bids`, { amountFen: 900_000 }))).toMatchObject({ outcome: 'outbid', priceFen: 900_000, endsAt: new Date(start + 67 * MIN).toISOString() });

    const live = await detail(id, a);
    expect(live).toMatchObject({ status: 'running', youLead: true, priceFen: 900_000, reserveFen: null, reserveMet: true, minimumNextBidFen: 910_000, bidCount: 4 });
    expect(live.scheduledEndsAt).toBe(new Date(start + 60 * MIN).toISOString());
    expect(live.endsAt).toBe(new Date(start + 67 * MIN).toISOString());
    expect(live.serverNow).toBe(new Date(start + 62 * MIN).toISOString());
    // Others' proxy maxima are never shown.
    expect(live.bids.filter((x) => !x.mine).every((x) => x.maxFen === null)).toBe(true);
    expect(live.bids.find((x) => x.mine)?.maxFen).toBe(900_000);

    const early = await post(seller, `/auctions/${id}/settle`, {});
    expect([early.statusCode, json(early).code]).toEqual([409, 'AUCTION_NOT_ENDED']);

    at(67);
    const closed = await post(b, `/auctions/${id}/bids`, { amountFen: 1_000_000 });
    expect([closed.statusCode, json(closed).code]).toEqual([409, 'AUCTION_CLOSED']);

    const settled = await post(seller, `/auctions/${id}/settle`, {});
    expect(settled.statusCode, settled.body).toBe(200);
    expect(json<Detail>(settled).result).toMatchObject({ outcome: 'sold', winnerId: a.userId, priceFen: 900_000 });
    expect((await detail(id, a)).result).toMatchObject({ youWon: true, winnerId: a.userId });
    expect((await detail(id, b)).result).toMatchObject({ youWon: false, winnerId: null });

    // The winner's deposit counted toward the price; the loser's came back; the seller was paid.
    expect(await account(a)).toEqual({ balanceFen: 1_100_000, reservedFen: 0, availableFen: 1_100_000 });
    expect(await account(b)).toEqual({ balanceFen: 2_000_000, reservedFen: 0, availableFen: 2_000_000 });
    expect(await account(seller)).toMatchObject({ balanceFen: 900_000 });
    // The live feed saw every bid and the result.
    unsubscribe();
    expect(events.map((e) => e.type)).toEqual(['bid', 'bid', 'bid', 'bid', 'settled']);
    expect(events.at(-1)).toMatchObject({ outcome: 'sold', priceFen: 900_000 });
    // Idempotent: settling again (or the job) changes nothing.
    expect(json<Detail>(await post(seller, `/auctions/${id}/settle`, {})).result?.priceFen).toBe(900_000);
    expect(await t.platform.services.auctions.settleDue()).toBe(0);
    expect(await account(seller)).toMatchObject({ balanceFen: 900_000 });
    expect((await t.platform.services.ledger.check()).balanced).toBe(true);

    // The journal holds every accepted bid and refuses to be rewritten.
    const journal = await sql<{ seq: number }>`select seq from auction_bids where auction_id = ${id} order by seq`.execute(t.platform.database.db);
    expect(journal.rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    await expect(sql`update auction_bids set amount_fen = 1 where auction_id = ${id}`.execute(t.platform.database.db)).rejects.toThrow(/append-only/);
  });

  it('streams an auction: a snapshot, then each bid (SSE)', async () => {
    const id = await newAuction({ reserveFen: 0, depositFen: 0 });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const abort = new AbortController();
    try {
      const res = await fetch(`${address}/api/v1/auctions/${id}/stream`, { signal: abort.signal });
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const until = async (needle: string) => {
        while (!text.includes(needle)) text += decoder.decode((await reader.read()).value);
      };
      await until('"type":"snapshot"');
      const u = await trader(t);
      at(3);
      expect((await post(u, `/auctions/${id}/bids`, { amountFen: 310_000 })).statusCode).toBe(201);
      await until('"type":"bid"');
      expect(text).toMatch(/event: auction\ndata: \{"type":"bid".*"priceFen":310000/);
    } finally {
      abort.abort();
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auctions/01a213be-0000-7000-8000-000000000000/stream' })).statusCode).toBe(404);
  });

  it('reserve not met: no sale, every deposit back', async () => {
    const id = await newAuction({ reserveFen: 2_000_000 });
    const a = await trader(t, 1_000_000);
    at(5);
    expect((await post(a, `/auctions/${id}/bids`, { amountFen: 400_000 })).statusCode).toBe(201);
    expect((await detail(id, a)).reserveMet).toBe(false);
    at(61);
    expect(await t.platform.services.auctions.settleDue()).toBeGreaterThanOrEqual(1);
    const d = await detail(id, seller);
    expect(d.result).toMatchObject({ outcome: 'reserve_not_met', winner: null, priceFen: null });
    expect(d.reserveFen).toBe(2_000_000);
    expect(await account(a)).toEqual({ balanceFen: 1_000_000, reservedFen: 0, availableFen: 1_000_000 });
  });

  it('concurrent bids stay consistent: one leader, a gapless journal, deposits balanced', async () => {
    const id = await newAuction({ reserveFen: 0, startFen: 100_000, depositFen: 20_000 });
    const bidders = await Promise.all(Array.from({ length: 8 }, () => trader(t, 3_000_000)));
    at(10);
    const results = await Promise.all(
      bidders.flatMap((u, i) => [
        post(u, `/auctions/${id}/bids`, { amountFen: 100_000 + i * 10_000, maxFen: 200_000 + i * 30_000 }),
        post(u, `/auctions/${id}/bids`, { amountFen: 150_000 + i * 20_000 }),
      ]),
    );
    for (const r of results) expect([201, 409], r.body).toContain(r.statusCode);
    const accepted = results.filter((r) => r.statusCode === 201).length;
    expect(accepted).toBeGreaterThan(0);
    const d = await detail(id);
    expect(d.bidCount).toBe(accepted);
    expect(d.bids.map((x) => x.seq)).toEqual(Array.from({ length: accepted }, (_, i) => i + 1));
    expect(d.leader).not.toBeNull();
    const distinct = new Set(d.bids.map((x) => x.bidder)).size;
    const escrow = await t.platform.services.ledger.balance('exchange_escrow');
    const pendingOthers = await sql<{ n: bigint }>`select coalesce(sum(deposit_fen), 0)::bigint as n from auction_bids where auction_id = ${id}`.execute(t.platform.database.db);
    expect(pendingOthers.rows[0]!.n).toBe(BigInt(distinct * 20_000));
    expect(escrow.creditsPending).toBeGreaterThanOrEqual(BigInt(distinct * 20_000));
    expect((await t.platform.services.ledger.check()).balanced).toBe(true);

    at(61);
    const s = json<Detail>(await post(seller, `/auctions/${id}/settle`, {}));
    expect(s.result?.outcome).toBe('sold');
    let reserved = 0;
    for (const u of bidders) reserved += (await account(u)).reservedFen;
    expect(reserved).toBe(0);
    const check = await t.platform.services.ledger.check();
    expect(check.balanced).toBe(true);
    expect(check.mismatches).toEqual([]);
  });

  it('sealed second price: bids hidden until the close, the highest pays the second-highest', async () => {
    const id = await newAuction({ kind: 'sealed_second_price', reserveFen: 250_000, startFen: 100_000, depositFen: 0 });
    const [a, b, c] = await Promise.all([trader(t, 1_000_000), trader(t, 1_000_000), trader(t, 1_000_000)]);
    at(5);
    expect(json(await post(a, `/auctions/${id}/bids`, { amountFen: 300_000 }))).toMatchObject({ outcome: 'sealed', priceFen: null, depositFen: 300_000 });
    expect(json(await post(b, `/auctions/${id}/bids`, { amountFen: 500_000 }))).toMatchObject({ depositFen: 500_000 });
    at(59); // no soft close for sealed bids
    expect(json(await post(c, `/auctions/${id}/bids`, { amountFen: 200_000 }))).toMatchObject({ extended: false, endsAt: new Date(start + 60 * MIN).toISOString() });
    const again = await post(a, `/auctions/${id}/bids`, { amountFen: 600_000 });
    expect([again.statusCode, json(again).code]).toEqual([409, 'ALREADY_BID']);
    const proxy = await post(a, `/auctions/${id}/bids`, { amountFen: 600_000, maxFen: 700_000 });
    expect(proxy.statusCode).toBe(422);

    const hidden = await detail(id, c);
    expect(hidden.priceFen).toBeNull();
    expect(hidden.leader).toBeNull();
    expect(hidden.bids).toHaveLength(1);
    expect(hidden.bids[0]!.mine).toBe(true);
    expect(hidden.bidCount).toBe(3);

    at(60);
    const s = json<Detail>(await post(seller, `/auctions/${id}/settle`, {}));
    expect(s.result).toMatchObject({ outcome: 'sold', winnerId: b.userId, priceFen: 300_000 });
    expect(s.bids).toHaveLength(3);
    expect(await account(b)).toEqual({ balanceFen: 700_000, reservedFen: 0, availableFen: 700_000 });
    for (const u of [a, c]) expect(await account(u)).toEqual({ balanceFen: 1_000_000, reservedFen: 0, availableFen: 1_000_000 });
    expect((await t.platform.services.ledger.check()).balanced).toBe(true);
  });

  it('descending: a buyer holds its ceiling, sellers bid down, the lowest is paid', async () => {
    const buyer = await trader(t, 1_000_000);
    const id = await newAuction({ kind: 'descending', instrumentId: pigs, headCount: 3, reserveFen: 900_000, startFen: 900_000, depositFen: 10_000 }, buyer);
    expect(await account(buyer)).toMatchObject({ reservedFen: 900_000 });
    const [x, y] = await Promise.all([trader(t, 100_000), trader(t, 100_000)]);
    at(3);
    expect(json(await post(x, `/auctions/${id}/bids`, { amountFen: 900_000, maxFen: 700_000 }))).toMatchObject({ outcome: 'leading', priceFen: 900_000 });
    expect(json(await post(y, `/auctions/${id}/bids`, { amountFen: 800_000 }))).toMatchObject({ outcome: 'outbid', priceFen: 790_000 });
    expect(json(await post(y, `/auctions/${id}/bids`, { amountFen: 650_000 }))).toMatchObject({ outcome: 'leading', priceFen: 650_000 });
    at(60);
    expect(json<Detail>(await post(buyer, `/auctions/${id}/settle`, {})).result).toMatchObject({ outcome: 'sold', winnerId: y.userId, priceFen: 650_000 });
    expect(await account(buyer)).toEqual({ balanceFen: 350_000, reservedFen: 0, availableFen: 350_000 });
    expect(await account(y)).toEqual({ balanceFen: 750_000, reservedFen: 0, availableFen: 750_000 });
    expect(await account(x)).toEqual({ balanceFen: 100_000, reservedFen: 0, availableFen: 100_000 });
    expect((await t.platform.services.ledger.check()).balanced).toBe(true);
  });

  it('authorization: only the seller’s own lots, no bidding on one’s own auction, bids need funds, settling is for the owner or the bureau', async () => {
    const other = await trader(t);
    const othersLot = await lot(t, other, pigs, 1);
    t.clock.set(new Date(start));
    const notMine = await post(seller, '/auctions', { kind: 'ascending', lotId: othersLot, reserveFen: 0, depositFen: 0, endsAt: new Date(start + 60 * MIN).toISOString() });
    expect([notMine.statusCode, json(notMine).code]).toEqual([403, 'NOT_LOT_OWNER']);
    const anonymous = await post(null, '/auctions', { kind: 'ascending', lotId: othersLot, reserveFen: 0, depositFen: 0, endsAt: new Date(start + 60 * MIN).toISOString() });
    expect(anonymous.statusCode).toBe(401);

    const id = await newAuction({});
    const twice = await post(seller, '/auctions', { kind: 'ascending', lotId: (await detail(id)).lotId, reserveFen: 0, depositFen: 0, endsAt: new Date(start + 60 * MIN).toISOString() });
    expect([twice.statusCode, json(twice).code]).toEqual([409, 'LOT_IN_AUCTION']);

    at(2);
    const self = await post(seller, `/auctions/${id}/bids`, { amountFen: 300_000 });
    expect([self.statusCode, json(self).code]).toEqual([409, 'SELF_BID']);
    const poor = await trader(t, 10_000);
    const unfunded = await post(poor, `/auctions/${id}/bids`, { amountFen: 300_000 });
    expect([unfunded.statusCode, json(unfunded).code]).toEqual([409, 'INSUFFICIENT_FUNDS']);
    expect((await detail(id)).bidCount).toBe(0);

    at(61);
    const stranger = await post(other, `/auctions/${id}/settle`, {});
    expect(stranger.statusCode).toBe(403);
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/auctions/01a213be-0000-7000-8000-000000000000' });
    expect([missing.statusCode, json(missing).code]).toEqual([404, 'AUCTION_NOT_FOUND']);

    const list = json<Array<{ id: string; status: string }>>(await t.app.inject({ method: 'GET', url: '/api/v1/auctions?status=open' }));
    expect(list.find((x) => x.id === id)?.status).toBe('ended');
  });
});
