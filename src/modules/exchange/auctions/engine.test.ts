import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_INCREMENTS,
  initialState,
  placeBid,
  settle,
  stepAt,
  incrementTableProblem,
  type AuctionKind,
  type AuctionRules,
  type AuctionState,
  type IncrementRow,
} from './engine.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-01T02:00:00Z');

function rules(over: Partial<AuctionRules> = {}): AuctionRules {
  return {
    kind: 'ascending',
    ownerId: 'seller',
    startFen: 300_000n,
    reserveFen: 500_000n,
    increments: DEFAULT_INCREMENTS,
    startsAt: T0,
    endsAt: T0 + 60 * MIN,
    softCloseMs: 5 * MIN,
    extendMs: 5 * MIN,
    ...over,
  };
}

function run(r: AuctionRules, bids: Array<{ bidderId: string; amountFen: bigint; maxFen?: bigint; at: number }>) {
  let s = initialState(r);
  const results = [];
  for (const b of bids) {
    const res = placeBid(r, s, b);
    results.push(res);
    if (res.ok) s = res.state;
  }
  return { state: s, results };
}

describe('increment table', () => {
  it('applies the step of the band the price is in', () => {
    expect(stepAt(DEFAULT_INCREMENTS, 0n)).toBe(10_000n);
    expect(stepAt(DEFAULT_INCREMENTS, 999_999n)).toBe(10_000n);
    expect(stepAt(DEFAULT_INCREMENTS, 1_000_000n)).toBe(50_000n);
    expect(stepAt(DEFAULT_INCREMENTS, 7_000_000n)).toBe(100_000n);
    expect(incrementTableProblem([{ fromFen: 5n, stepFen: 1n }])).toMatch(/start at 0/);
    expect(incrementTableProblem([{ fromFen: 0n, stepFen: 1n }, { fromFen: 0n, stepFen: 2n }])).toMatch(/rise/);
    expect(incrementTableProblem(DEFAULT_INCREMENTS)).toBeNull();
  });
});

describe('ascending auction (examples)', () => {
  it('opens at the start price, refuses off-grid and too-low bids, lets a proxy defend and extends on a late bid', () => {
    const r = rules();
    const { state, results } = run(r, [
      { bidderId: 'a', amountFen: 290_000n, at: T0 + MIN }, // below the opening price
      { bidderId: 'a', amountFen: 305_000n, at: T0 + MIN }, // not a whole step above it
      { bidderId: 'a', amountFen: 300_000n, maxFen: 700_000n, at: T0 + 2 * MIN }, // proxy; leads at 300,000
      { bidderId: 'b', amountFen: 400_000n, at: T0 + 9 * MIN }, // a's max met the reserve: the price is 500,000 already
      { bidderId: 'b', amountFen: 600_000n, at: T0 + 10 * MIN }, // a's proxy answers: 610,000
      { bidderId: 'seller', amountFen: 900_000n, at: T0 + 11 * MIN },
      { bidderId: 'b', amountFen: 800_000n, at: T0 + 58 * MIN }, // last minutes: takes the lead, extends
    ]);
    expect(results.map((x) => (x.ok ? x.outcome : x.code))).toEqual([
      'BID_TOO_LOW',
      'BID_NOT_IN_INCREMENTS',
      'leading',
      'BID_TOO_LOW',
      'outbid',
      'SELF_BID',
      'leading',
    ]);
    expect(results[4]!.ok && results[4]!.state.priceFen).toBe(610_000n);
    expect(state.leader?.bidderId).toBe('b');
    expect(state.priceFen).toBe(800_000n);
    expect(state.endsAt).toBe(T0 + 63 * MIN);
    expect(settle(r, state)).toEqual({ outcome: 'sold', winnerId: 'b', priceFen: 800_000n });
    expect(placeBid(r, state, { bidderId: 'a', amountFen: 900_000n, at: T0 + 63 * MIN })).toEqual({ ok: false, code: 'AUCTION_CLOSED' });
  });

  it('proxy price is the loser max plus one step, capped at the winner max; equal maxes keep the earlier', () => {
    const r = rules({ reserveFen: 0n });
    const { state } = run(r, [
      { bidderId: 'a', amountFen: 300_000n, maxFen: 450_000n, at: T0 + MIN },
      { bidderId: 'b', amountFen: 310_000n, maxFen: 900_000n, at: T0 + 2 * MIN },
    ]);
    expect(state.leader?.bidderId).toBe('b');
    expect(state.priceFen).toBe(460_000n);
    const tie = placeBid(r, state, { bidderId: 'c', amountFen: 900_000n, at: T0 + 3 * MIN });
    expect(tie.ok && tie.outcome).toBe('outbid');
    expect(tie.ok && tie.state.priceFen).toBe(900_000n);
    expect(tie.ok && tie.state.leader?.bidderId).toBe('b');
  });

  it('reserve not met means no sale', () => {
    const r = rules({ reserveFen: 1_000_000n });
    const { state } = run(r, [{ bidderId: 'a', amountFen: 300_000n, maxFen: 900_000n, at: T0 + MIN }]);
    expect(settle(r, state)).toEqual({ outcome: 'reserve_not_met', winnerId: null, priceFen: null });
    expect(settle(r, initialState(r)).outcome).toBe('no_bids');
  });
});

describe('descending and sealed auctions (examples)', () => {
  it('descending: sellers bid down from the ceiling, lowest wins, proxy floors defend', () => {
    const r = rules({ kind: 'descending', ownerId: 'buyer', startFen: 800_000n, reserveFen: 800_000n });
    const { state, results } = run(r, [
      { bidderId: 'x', amountFen: 800_000n, maxFen: 600_000n, at: T0 + MIN }, // floor 6,000 yuan
      { bidderId: 'y', amountFen: 750_000n, at: T0 + 2 * MIN }, // x's floor answers: 740,000
      { bidderId: 'y', amountFen: 810_000n, at: T0 + 3 * MIN },
      { bidderId: 'y', amountFen: 550_000n, at: T0 + 4 * MIN },
    ]);
    expect(results.map((x) => (x.ok ? x.outcome : x.code))).toEqual(['leading', 'outbid', 'BID_TOO_LOW', 'leading']);
    expect(results[1]!.ok && results[1]!.state.priceFen).toBe(740_000n);
    expect(settle(r, state)).toEqual({ outcome: 'sold', winnerId: 'y', priceFen: 550_000n });
  });

  it('sealed first and second price; bids hidden, one per bidder, no proxy', () => {
    const base = { startFen: 100_000n, reserveFen: 250_000n };
    const bids = [
      { bidderId: 'a', amountFen: 300_000n, at: T0 + MIN },
      { bidderId: 'b', amountFen: 500_000n, at: T0 + 2 * MIN },
      { bidderId: 'c', amountFen: 200_000n, at: T0 + 59 * MIN },
    ];
    const first = rules({ kind: 'sealed_first_price', ...base });
    const second = rules({ kind: 'sealed_second_price', ...base });
    const s1 = run(first, bids).state;
    expect(s1.priceFen).toBeNull();
    expect(s1.endsAt).toBe(first.endsAt); // no soft close
    expect(settle(first, s1)).toEqual({ outcome: 'sold', winnerId: 'b', priceFen: 500_000n });
    expect(settle(second, run(second, bids).state)).toEqual({ outcome: 'sold', winnerId: 'b', priceFen: 300_000n });
    // The second price is raised to the reserve.
    expect(settle(second, run(second, [bids[1]!, bids[2]!]).state)).toEqual({ outcome: 'sold', winnerId: 'b', priceFen: 250_000n });
    expect(placeBid(second, s1, { bidderId: 'a', amountFen: 600_000n, at: T0 + 5 * MIN })).toEqual({ ok: false, code: 'ALREADY_BID' });
    expect(placeBid(second, s1, { bidderId: 'd', amountFen: 600_000n, maxFen: 700_000n, at: T0 + 5 * MIN })).toEqual({ ok: false, code: 'PROXY_NOT_ALLOWED' });
    expect(placeBid(second, s1, { bidderId: 'd', amountFen: 105_000n, at: T0 + 5 * MIN })).toEqual({ ok: false, code: 'BID_NOT_IN_INCREMENTS' });
  });
});

// ---- property tests against a simple reference computation ---------------------------------

interface RefBid {
  bidderId: string;
  amountFen: bigint;
  maxFen: bigint;
  seq: number;
  rebid: boolean;
}

/**
 * The closed-form answer for a list of accepted open bids: the best max wins (equal maxes: the
 * earlier); the price is the loser's best max plus one step at it, capped at the winner's max,
 * never below an explicit (non-rebid) amount, lifted to the reserve once the winner's max meets it.
 */
function reference(r: AuctionRules, accepted: RefBid[]): { winner: string | null; winnerMax: bigint | null; price: bigint | null } {
  const dir = r.kind === 'descending' ? -1n : 1n;
  const better = (a: bigint, b: bigint) => dir * (a - b) > 0n;
  if (accepted.length === 0) return { winner: null, winnerMax: null, price: null };
  const best = new Map<string, { max: bigint; seq: number }>();
  for (const b of accepted) best.set(b.bidderId, { max: b.maxFen, seq: b.seq }); // maxes only improve
  const ranked = [...best.entries()].sort(([, x], [, y]) => (x.max === y.max ? x.seq - y.seq : better(x.max, y.max) ? -1 : 1));
  const [winner, w] = ranked[0]!;
  let price = accepted.filter((b) => !b.rebid).map((b) => b.amountFen).reduce((a, b) => (better(a, b) ? a : b));
  const second = ranked[1]?.[1];
  if (second) {
    const proxied = second.max + dir * stepAt(r.increments, second.max);
    const capped = better(proxied, w.max) ? w.max : proxied;
    if (better(capped, price)) price = capped;
  }
  if (!better(r.reserveFen, w.max) && better(r.reserveFen, price)) price = r.reserveFen;
  return { winner, winnerMax: w.max, price };
}

const tables: fc.Arbitrary<readonly IncrementRow[]> = fc.oneof(
  fc.constant([...DEFAULT_INCREMENTS]),
  fc.constant([{ fromFen: 0n, stepFen: 100n }, { fromFen: 2_000n, stepFen: 500n }, { fromFen: 5_000n, stepFen: 1_000n }]),
  fc.constant([{ fromFen: 0n, stepFen: 7n }]),
);

interface Plan {
  bidder: string;
  /** Extra whole steps over the minimum (or a refusal-provoking offset). */
  steps: number;
  offset: bigint;
  proxyExtra: bigint | null;
  dtMs: number;
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  bidder: fc.constantFrom('a', 'b', 'c', 'd', 'seller'),
  steps: fc.integer({ min: 0, max: 4 }),
  offset: fc.oneof({ weight: 5, arbitrary: fc.constant(0n) }, { weight: 1, arbitrary: fc.bigInt({ min: -3n, max: 3n }) }),
  proxyExtra: fc.option(fc.bigInt({ min: -50n, max: 3_000_000n }), { nil: null }),
  dtMs: fc.integer({ min: 0, max: 9 * MIN }),
});

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

function openRules(kind: AuctionKind, table: readonly IncrementRow[], reserve: bigint): AuctionRules {
  return rules({
    kind,
    ownerId: 'seller',
    increments: table,
    startFen: kind === 'descending' ? 2_000_000n : 1_000n,
    reserveFen: reserve,
    endsAt: T0 + 30 * MIN,
    softCloseMs: 5 * MIN,
    extendMs: 4 * MIN,
  });
}

describe('open auctions against the reference (property)', () => {
  it.each(['ascending', 'descending'] as const)('%s: winner, price, acceptance and close time', (kind) => {
    fc.assert(
      fc.property(tables, fc.bigInt({ min: 0n, max: 2_500_000n }), fc.array(planArb, { maxLength: 30 }), (table, reserve, plans) => {
        const r = openRules(kind, table, reserve);
        const dir = kind === 'descending' ? -1n : 1n;
        const better = (a: bigint, b: bigint) => dir * (a - b) > 0n;
        let state: AuctionState = deepFreeze(initialState(r));
        const accepted: RefBid[] = [];
        let at = T0;
        let refEnds = r.endsAt;
        for (const p of plans) {
          at += p.dtMs;
          const ref = reference(r, accepted);
          const base = ref.price ?? r.startFen;
          const step = stepAt(r.increments, base);
          const minimum = ref.price === null ? base : base + dir * step;
          const amountFen = minimum + dir * BigInt(p.steps) * step + p.offset;
          const maxFen = p.proxyExtra === null ? undefined : amountFen + dir * p.proxyExtra;
          const max = maxFen ?? amountFen;
          const rebid = ref.winner === p.bidder;
          // Independent acceptance rule.
          let expectAccepted = at < refEnds && p.bidder !== 'seller' && amountFen > 0n && max > 0n && !better(amountFen, max);
          if (expectAccepted) {
            if (rebid) expectAccepted = better(max, ref.winnerMax!);
            else expectAccepted = !better(minimum, amountFen) && (amountFen - base) % step === 0n;
          }
          const before = JSON.stringify(state, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
          const res = placeBid(r, state, { bidderId: p.bidder, amountFen, ...(maxFen !== undefined ? { maxFen } : {}), at });
          // A refused bid changes nothing (the state is frozen; the engine must not have touched it).
          expect(JSON.stringify(state, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toBe(before);
          expect(res.ok).toBe(expectAccepted);
          if (!res.ok) continue;
          accepted.push({ bidderId: p.bidder, amountFen, maxFen: max, seq: res.seq, rebid });
          // The close only moves later, and only by the soft-close rule.
          expect(res.state.endsAt).toBeGreaterThanOrEqual(state.endsAt);
          if (at >= refEnds - r.softCloseMs) refEnds = Math.max(refEnds, at + r.extendMs);
          expect(res.state.endsAt).toBe(refEnds);
          if (res.state.endsAt !== state.endsAt) expect(res.state.endsAt).toBe(at + r.extendMs);
          state = deepFreeze(res.state);
          const want = reference(r, accepted);
          expect(state.leader?.bidderId).toBe(want.winner);
          expect(state.priceFen).toBe(want.price);
          // The price never passes the leader's max.
          expect(better(state.priceFen!, state.leader!.maxFen)).toBe(false);
        }
        const want = reference(r, accepted);
        const result = settle(r, state);
        if (want.winner === null) expect(result.outcome).toBe('no_bids');
        else if (better(r.reserveFen, want.price!)) expect(result).toEqual({ outcome: 'reserve_not_met', winnerId: null, priceFen: null });
        else expect(result).toEqual({ outcome: 'sold', winnerId: want.winner, priceFen: want.price });
      }),
      { numRuns: 400 },
    );
  });
});

describe('sealed auctions against the reference (property)', () => {
  it.each(['sealed_first_price', 'sealed_second_price'] as const)('%s', (kind) => {
    const bidArb = fc.record({ bidder: fc.constantFrom('a', 'b', 'c', 'd', 'e'), steps: fc.integer({ min: -1, max: 40 }), dtMs: fc.integer({ min: 0, max: 5 * MIN }) });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 500_000n }), fc.array(bidArb, { maxLength: 12 }), (reserve, plans) => {
        const r = rules({ kind, startFen: 100_000n, reserveFen: reserve, endsAt: T0 + 30 * MIN });
        let state = initialState(r);
        let at = T0;
        const placed: Array<{ bidder: string; amount: bigint }> = [];
        for (const p of plans) {
          at += p.dtMs;
          const amountFen = 100_000n + BigInt(p.steps) * 10_000n;
          const res = placeBid(r, state, { bidderId: p.bidder, amountFen, at });
          const expectOk = at < r.endsAt && amountFen >= 100_000n && !placed.some((x) => x.bidder === p.bidder);
          expect(res.ok).toBe(expectOk);
          if (res.ok) {
            state = res.state;
            placed.push({ bidder: p.bidder, amount: amountFen });
          }
        }
        const result = settle(r, state);
        if (placed.length === 0) return void expect(result.outcome).toBe('no_bids');
        const top = placed.reduce((a, b) => (b.amount > a.amount ? b : a));
        if (top.amount < reserve) return void expect(result.outcome).toBe('reserve_not_met');
        const others = placed.filter((x) => x !== top).map((x) => x.amount);
        const second = others.length ? others.reduce((a, b) => (a > b ? a : b)) : r.startFen;
        const price = kind === 'sealed_first_price' ? top.amount : [second, reserve].reduce((a, b) => (a > b ? a : b));
        expect(result).toEqual({ outcome: 'sold', winnerId: top.bidder, priceFen: price });
      }),
      { numRuns: 400 },
    );
  });
});
