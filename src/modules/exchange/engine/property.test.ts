/**
 * Property: for random command sequences — limit and market orders, GTC/IOC/FOK, cancels and
 * amends (valid and not), a few owners so self-trades happen, band moves, malformed input — the
 * engine emits exactly the events of the naive reference model (trades, cancels, rejections, in
 * order) and ends with the same book, queue by queue; after every command its structure is
 * consistent and the book is not crossed; and every accepted quantity is accounted for as
 * traded + cancelled + resting.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderBook } from './book.ts';
import { ReferenceBook } from './reference-model.ts';
import { EventCollector, type Command, type EngineEvent, type OrderKind, type SideName, type StpMode, type TimeInForce } from './types.ts';

type Op =
  | { t: 'new'; side: SideName; kind: OrderKind; tif: TimeInForce; price: number; qty: number; owner: number; reuse: number | null }
  | { t: 'cancel'; pick: number; live: boolean; wrongOwner: boolean }
  | { t: 'amend'; pick: number; live: boolean; wrongOwner: boolean; samePrice: boolean; price: number; qty: number }
  | { t: 'band'; lo: number; width: number };

const qtyArb = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 1.5, 2 ** 31, 40) });
const priceArb = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 95, max: 105 }) }, { weight: 1, arbitrary: fc.constantFrom(88, 94, 106, 112, 100.5) });
const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((k) => k === 1);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      t: fc.constant('new' as const),
      side: fc.constantFrom<SideName>('buy', 'sell'),
      kind: fc.constantFrom<OrderKind>('limit', 'limit', 'limit', 'market'),
      tif: fc.constantFrom<TimeInForce>('GTC', 'GTC', 'GTC', 'IOC', 'FOK'),
      price: priceArb,
      qty: qtyArb,
      owner: fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constant(-1) }),
      reuse: fc.oneof({ weight: 20, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('cancel' as const), pick: fc.nat(), live: oneIn(8).map((b) => !b), wrongOwner: oneIn(15) }) },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('amend' as const), pick: fc.nat(), live: oneIn(8).map((b) => !b), wrongOwner: oneIn(15), samePrice: fc.boolean(), price: priceArb, qty: qtyArb }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('band' as const), lo: fc.integer({ min: 92, max: 97 }), width: fc.integer({ min: 6, max: 14 }) }) },
);

/**
 * Turns abstract ops into concrete commands (ids, owners, seq, ts) one at a time, aiming cancels
 * and amends mostly at orders the reference model says are live.
 */
function* commands(ops: Op[], model: ReferenceBook): Generator<Command> {
  const issued: number[] = [];
  const ownerOf = new Map<number, number>();
  let nextId = 1;
  let seq = 0;
  const target = (pick: number, live: boolean): { orderId: number; price: number } => {
    const resting = [...model.bids, ...model.asks];
    if (live && resting.length > 0) {
      const o = resting[pick % resting.length]!;
      return { orderId: o.id, price: o.price };
    }
    return { orderId: issued.length === 0 ? 424242 : issued[pick % issued.length]!, price: 100 };
  };
  for (const op of ops) {
    seq += 1 + (seq % 3 === 0 ? 1 : 0); // gaps in seq are allowed
    const ts = 1_700_000_000_000 + seq * 7;
    if (op.t === 'new') {
      const orderId = op.reuse !== null && issued.length > 0 ? issued[op.reuse % issued.length]! : nextId++;
      issued.push(orderId);
      if (op.reuse === null) ownerOf.set(orderId, op.owner);
      yield { seq, type: 'new', ts, orderId, owner: op.owner, side: op.side, kind: op.kind, tif: op.tif, price: op.kind === 'market' ? 0 : op.price, qty: op.qty };
    } else if (op.t === 'cancel') {
      const { orderId } = target(op.pick, op.live);
      yield { seq, type: 'cancel', ts, orderId, owner: (ownerOf.get(orderId) ?? 1) + (op.wrongOwner ? 1 : 0) };
    } else if (op.t === 'amend') {
      const { orderId, price } = target(op.pick, op.live);
      yield { seq, type: 'amend', ts, orderId, owner: (ownerOf.get(orderId) ?? 1) + (op.wrongOwner ? 1 : 0), price: op.samePrice ? price : op.price, qty: op.qty };
    } else {
      yield { seq, type: 'band', ts, lo: op.lo, hi: op.lo + op.width };
    }
  }
}

/** Checks quantity conservation over an event stream and the final resting quantities. */
function checkConservation(events: EngineEvent[], resting: Map<number, number>): void {
  const open = new Map<number, { in: number; out: number }>();
  const acc = (id: number) => {
    const a = open.get(id);
    if (!a) throw new Error(`event for order ${id} that is not open`);
    return a;
  };
  for (const e of events) {
    if (e.e === 'accepted') {
      expect(open.has(e.orderId)).toBe(false);
      open.set(e.orderId, { in: e.qty, out: 0 });
    } else if (e.e === 'amended') {
      acc(e.orderId).in += e.qty - e.oldQty;
    } else if (e.e === 'trade') {
      acc(e.makerId).out += e.qty;
      acc(e.takerId).out += e.qty;
    } else if (e.e === 'cancelled') {
      acc(e.orderId).out += e.qty;
    } else if (e.e === 'done') {
      const a = acc(e.orderId);
      expect(a.out).toBe(a.in);
      open.delete(e.orderId);
    }
  }
  expect([...open.keys()].sort()).toEqual([...resting.keys()].sort());
  for (const [id, a] of open) expect(a.in).toBe(a.out + resting.get(id)!);
}

const stats = new Map<string, number>();
const count = (k: string) => stats.set(k, (stats.get(k) ?? 0) + 1);

function run(stp: StpMode, ops: Op[]): void {
  const ev = new EventCollector();
  const book = new OrderBook({ lo: 95, hi: 105, stp }, ev, 4);
  const model = new ReferenceBook({ lo: 95, hi: 105, stp });
  const all: EngineEvent[] = [];
  for (const cmd of commands(ops, model)) {
    book.apply(cmd);
    model.apply(cmd);
    const got = ev.take();
    expect(got).toEqual(model.events);
    all.push(...got);
    for (const e of got) count(e.e === 'rejected' ? `rejected:${e.reason}` : e.e === 'cancelled' ? `cancelled:${e.reason}` : e.e === 'amended' ? `amended:${e.keptPriority}` : e.e);
    model.events = [];
    book.checkInvariants();
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (bid !== null && ask !== null) expect(bid).toBeLessThan(ask);
  }
  const snap = book.snapshot();
  expect(snap).toEqual(model.snapshot());
  const resting = new Map<number, number>();
  for (const l of [...snap.bids, ...snap.asks]) for (const o of l.orders) resting.set(o.id, o.qty);
  checkConservation(all, resting);
}

describe('engine against the reference model', () => {
  for (const stp of ['cancel-incoming', 'cancel-resting', 'decrement-both'] as const) {
    it(`agrees event for event and book for book (${stp})`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { minLength: 1, maxLength: 250, size: 'max' }), (ops) => run(stp, ops)),
        { numRuns: 250 },
      );
    });
  }

  it("covers every outcome", () => {
    // The generators above must reach every kind of event and refusal (guards the test itself).
    for (const k of ['trade', 'cancelled:user', 'cancelled:unfilled', 'cancelled:fok', 'cancelled:self_trade', 'amended:true', 'amended:false', 'rejected:invalid_command', 'rejected:invalid_quantity', 'rejected:invalid_price', 'rejected:price_out_of_band', 'rejected:duplicate_order_id', 'rejected:unknown_order', 'rejected:not_owner']) {
      expect(stats.get(k) ?? 0, k).toBeGreaterThan(20);
    }
  });

  it('agrees on long sequences over a crowded book', () => {
    fc.assert(
      fc.property(fc.constantFrom<StpMode>('cancel-incoming', 'cancel-resting', 'decrement-both'), fc.array(opArb, { minLength: 1000, maxLength: 3000, size: 'max' }), (stp, ops) => run(stp, ops)),
      { numRuns: 10 },
    );
  });
});
