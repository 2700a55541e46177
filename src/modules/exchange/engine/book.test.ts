import { describe, expect, it } from 'vitest';
import { OrderBook } from './book.ts';
import { IdMap } from './id-map.ts';
import { LevelBitmap } from './level-bitmap.ts';
import { EventCollector, type BookConfig, type Command, type EngineEvent, type OrderKind, type SideName, type TimeInForce } from './types.ts';

type Bare = Command extends infer C ? (C extends Command ? Omit<C, 'seq' | 'ts'> : never) : never;

/** A book with a collector and helpers that number commands. */
function harness(config: Partial<BookConfig> = {}) {
  const ev = new EventCollector();
  const book = new OrderBook({ lo: 90, hi: 110, ...config }, ev);
  let seq = 0;
  const ts = () => 1_000 + seq;
  const h = {
    book,
    ev,
    apply(cmd: Bare): EngineEvent[] {
      seq++;
      book.apply({ ...cmd, seq, ts: ts() } as Command);
      book.checkInvariants();
      return ev.take();
    },
    order(orderId: number, side: SideName, price: number, qty: number, owner = orderId, kind: OrderKind = 'limit', tif: TimeInForce = 'GTC'): EngineEvent[] {
      return h.apply({ type: 'new', orderId, owner, side, kind, tif, price, qty });
    },
    market(orderId: number, side: SideName, qty: number, owner = orderId, tif: TimeInForce = 'IOC'): EngineEvent[] {
      return h.apply({ type: 'new', orderId, owner, side, kind: 'market', tif, price: 0, qty });
    },
    cancel(orderId: number, owner = orderId): EngineEvent[] {
      return h.apply({ type: 'cancel', orderId, owner });
    },
    amend(orderId: number, price: number, qty: number, owner = orderId): EngineEvent[] {
      return h.apply({ type: 'amend', orderId, owner, price, qty });
    },
    queue(side: 'bids' | 'asks'): Array<[number, number[]]> {
      return book.snapshot()[side].map((l) => [l.price, l.orders.map((o) => o.id)]);
    },
  };
  return h;
}

const trades = (evs: EngineEvent[]) => evs.filter((e) => e.e === 'trade').map((e) => (e.e === 'trade' ? [e.makerId, e.takerId, e.price, e.qty] : []));
const kinds = (evs: EngineEvent[]) => evs.map((e) => (e.e === 'cancelled' ? `cancelled:${e.orderId}:${e.qty}:${e.reason}` : e.e === 'rejected' ? `rejected:${e.reason}` : `${e.e}:${'orderId' in e ? e.orderId : `${e.makerId}>${e.takerId}`}`));

describe('OrderBook matching', () => {
  it('fills by price, then time, at the resting price', () => {
    const h = harness();
    h.order(1, 'sell', 101, 5);
    h.order(2, 'sell', 100, 5);
    h.order(3, 'sell', 100, 5);
    h.order(4, 'sell', 102, 5);
    const evs = h.order(5, 'buy', 101, 12);
    expect(trades(evs)).toEqual([
      [2, 5, 100, 5],
      [3, 5, 100, 5],
      [1, 5, 101, 2],
    ]);
    expect(kinds(evs)).toEqual(['accepted:5', 'trade:2>5', 'done:2', 'trade:3>5', 'done:3', 'trade:1>5', 'done:5']);
    expect(h.book.depth()).toEqual({ bids: [], asks: [{ price: 101, qty: 3 }, { price: 102, qty: 5 }] });
    const t = evs.find((e) => e.e === 'trade');
    expect(t).toMatchObject({ aggressor: 'buy', makerOwner: 2, takerOwner: 5 });
  });

  it('rests the remainder of a GTC limit order at its price, behind earlier orders', () => {
    const h = harness();
    h.order(1, 'buy', 99, 5);
    h.order(2, 'sell', 100, 3);
    const evs = h.order(3, 'buy', 100, 10);
    expect(trades(evs)).toEqual([[2, 3, 100, 3]]);
    h.order(4, 'buy', 100, 1);
    expect(h.queue('bids')).toEqual([
      [100, [3, 4]],
      [99, [1]],
    ]);
    expect(h.book.order(3)).toEqual({ orderId: 3, owner: 3, side: 'buy', price: 100, qty: 7, ts: 1003 });
    expect(h.book.bestBid()).toBe(100);
    expect(h.book.bestAsk()).toBeNull();
  });

  it('never rests a market order; the unfilled part is cancelled', () => {
    const h = harness();
    h.order(1, 'sell', 105, 4);
    const evs = h.market(2, 'buy', 10);
    expect(trades(evs)).toEqual([[1, 2, 105, 4]]);
    expect(kinds(evs).slice(-2)).toEqual(['cancelled:2:6:unfilled', 'done:2']);
    expect(h.book.size).toBe(0);
    // GTC on a market order behaves as IOC.
    expect(kinds(h.market(3, 'sell', 5, 3, 'GTC'))).toEqual(['accepted:3', 'cancelled:3:5:unfilled', 'done:3']);
    expect(h.book.size).toBe(0);
  });

  it('cancels the rest of an IOC limit order', () => {
    const h = harness();
    h.order(1, 'sell', 100, 4);
    h.order(2, 'sell', 102, 4);
    const evs = h.order(3, 'buy', 101, 10, 3, 'limit', 'IOC');
    expect(trades(evs)).toEqual([[1, 3, 100, 4]]);
    expect(kinds(evs).slice(-2)).toEqual(['cancelled:3:6:unfilled', 'done:3']);
    expect(h.book.depth().asks).toEqual([{ price: 102, qty: 4 }]);
  });

  it('fills a FOK order completely or leaves the book untouched', () => {
    const h = harness();
    h.order(1, 'sell', 100, 4);
    h.order(2, 'sell', 101, 4);
    h.order(3, 'sell', 103, 4);
    const before = JSON.stringify(h.book.snapshot().asks);
    expect(kinds(h.order(4, 'buy', 101, 9, 4, 'limit', 'FOK'))).toEqual(['accepted:4', 'cancelled:4:9:fok', 'done:4']);
    expect(JSON.stringify(h.book.snapshot().asks)).toBe(before);
    expect(trades(h.order(5, 'buy', 101, 8, 5, 'limit', 'FOK'))).toEqual([
      [1, 5, 100, 4],
      [2, 5, 101, 4],
    ]);
    expect(kinds(h.market(6, 'buy', 5, 6, 'FOK'))).toEqual(['accepted:6', 'cancelled:6:5:fok', 'done:6']);
    expect(trades(h.market(7, 'buy', 4, 7, 'FOK'))).toEqual([[3, 7, 103, 4]]);
  });

  it('cancels any order in O(1) without disturbing the queue', () => {
    const h = harness();
    for (let i = 1; i <= 5; i++) h.order(i, 'buy', 100, i);
    expect(kinds(h.cancel(3))).toEqual(['cancelled:3:3:user', 'done:3']);
    expect(h.cancel(1).length).toBe(2);
    expect(h.cancel(5).length).toBe(2);
    expect(h.queue('bids')).toEqual([[100, [2, 4]]]);
    expect(h.book.depth().bids).toEqual([{ price: 100, qty: 6 }]);
    expect(kinds(h.cancel(3))).toEqual(['rejected:unknown_order']);
    expect(kinds(h.cancel(2, 99))).toEqual(['rejected:not_owner']);
    h.cancel(2);
    h.cancel(4);
    expect(h.book.bestBid()).toBeNull();
  });

  it('amend: a smaller quantity keeps priority; a larger one or a new price goes to the back', () => {
    const h = harness();
    h.order(1, 'sell', 100, 5);
    h.order(2, 'sell', 100, 5);
    h.order(3, 'sell', 100, 5);
    expect(h.amend(1, 100, 2)).toMatchObject([{ e: 'amended', oldQty: 5, qty: 2, keptPriority: true }]);
    expect(h.queue('asks')).toEqual([[100, [1, 2, 3]]]);
    expect(h.amend(2, 100, 6)).toMatchObject([{ e: 'amended', oldQty: 5, qty: 6, keptPriority: false }]);
    expect(h.queue('asks')).toEqual([[100, [1, 3, 2]]]);
    expect(h.book.depth().asks).toEqual([{ price: 100, qty: 13 }]);
    h.amend(1, 101, 2);
    expect(h.queue('asks')).toEqual([
      [100, [3, 2]],
      [101, [1]],
    ]);
    // Repricing across the book trades like an incoming order.
    h.order(4, 'buy', 98, 3);
    const evs = h.amend(3, 98, 5);
    expect(trades(evs)).toEqual([[4, 3, 98, 3]]);
    expect(h.queue('asks')).toEqual([
      [98, [3]],
      [100, [2]],
      [101, [1]],
    ]);
    expect(h.book.order(3)?.qty).toBe(2);
    expect(kinds(h.amend(3, 98, 0))).toEqual(['rejected:invalid_quantity']);
    expect(kinds(h.amend(3, 120, 1))).toEqual(['rejected:price_out_of_band']);
    expect(kinds(h.amend(77, 98, 1))).toEqual(['rejected:unknown_order']);
    expect(kinds(h.amend(3, 98, 1, 5))).toEqual(['rejected:not_owner']);
  });

  it('refuses malformed orders, out-of-band prices and live duplicate ids', () => {
    const h = harness();
    expect(kinds(h.order(1, 'buy', 111, 1))).toEqual(['rejected:price_out_of_band']);
    expect(kinds(h.order(1, 'buy', 89, 1))).toEqual(['rejected:price_out_of_band']);
    expect(kinds(h.order(1, 'buy', 100.5, 1))).toEqual(['rejected:invalid_price']);
    expect(kinds(h.order(1, 'buy', 100, 0))).toEqual(['rejected:invalid_quantity']);
    expect(kinds(h.order(1, 'buy', 100, 1.5))).toEqual(['rejected:invalid_quantity']);
    expect(kinds(h.order(1, 'buy', 100, 2 ** 31))).toEqual(['rejected:invalid_quantity']);
    expect(kinds(h.order(0, 'buy', 100, 1))).toEqual(['rejected:invalid_command']);
    expect(kinds(h.order(1, 'buy', 100, 1, -1))).toEqual(['rejected:invalid_command']);
    expect(kinds(h.apply({ type: 'new', orderId: 1, owner: 1, side: 'up' as SideName, kind: 'limit', tif: 'GTC', price: 100, qty: 1 }))).toEqual(['rejected:invalid_command']);
    h.order(1, 'buy', 100, 1);
    expect(kinds(h.order(1, 'sell', 105, 1))).toEqual(['rejected:duplicate_order_id']);
    expect(h.book.size).toBe(1);
  });

  it('requires strictly increasing seq and integer timestamps', () => {
    const book = new OrderBook({ lo: 1, hi: 10 });
    book.apply({ seq: 5, type: 'cancel', ts: 0, orderId: 1, owner: 1 });
    expect(() => book.apply({ seq: 5, type: 'cancel', ts: 0, orderId: 1, owner: 1 })).toThrow(RangeError);
    expect(() => book.apply({ seq: 6, type: 'cancel', ts: 1.5, orderId: 1, owner: 1 })).toThrow(RangeError);
    expect(book.lastSeq).toBe(5);
  });
});

describe('self-trade prevention', () => {
  it('cancel-incoming (default): the incoming remainder is cancelled, the resting order stays', () => {
    const h = harness();
    h.order(1, 'sell', 100, 3, 8);
    h.order(2, 'sell', 100, 3, 7);
    h.order(3, 'sell', 101, 3, 9);
    const evs = h.order(4, 'buy', 101, 10, 7);
    expect(trades(evs)).toEqual([[1, 4, 100, 3]]);
    expect(kinds(evs).slice(-2)).toEqual(['cancelled:4:7:self_trade', 'done:4']);
    expect(h.queue('asks')).toEqual([
      [100, [2]],
      [101, [3]],
    ]);
  });

  it('cancel-resting: the resting orders of the same owner are cancelled and matching goes on', () => {
    const h = harness({ stp: 'cancel-resting' });
    h.order(1, 'sell', 100, 3, 7);
    h.order(2, 'sell', 100, 3, 8);
    h.order(3, 'sell', 101, 3, 7);
    const evs = h.order(4, 'buy', 101, 10, 7);
    expect(kinds(evs)).toEqual(['accepted:4', 'cancelled:1:3:self_trade', 'done:1', 'trade:2>4', 'done:2', 'cancelled:3:3:self_trade', 'done:3']);
    expect(h.queue('bids')).toEqual([[101, [4]]]);
    expect(h.book.order(4)?.qty).toBe(7);
  });

  it('decrement-both: both lose the smaller quantity without a trade', () => {
    const h = harness({ stp: 'decrement-both' });
    h.order(1, 'sell', 100, 3, 7);
    h.order(2, 'sell', 100, 5, 8);
    const evs = h.order(3, 'buy', 100, 5, 7);
    expect(kinds(evs)).toEqual(['accepted:3', 'cancelled:1:3:self_trade', 'cancelled:3:3:self_trade', 'done:1', 'trade:2>3', 'done:3']);
    expect(h.book.order(2)?.qty).toBe(3);
    // A smaller incoming order only reduces the resting one.
    h.order(4, 'sell', 101, 10, 9);
    expect(kinds(h.order(5, 'buy', 101, 3, 8))).toEqual(['accepted:5', 'cancelled:2:3:self_trade', 'cancelled:5:3:self_trade', 'done:2', 'done:5']);
    expect(h.queue('asks')).toEqual([[101, [4]]]);
  });

  it('FOK counts only what would trade: own orders stop it unless they would be cancelled', () => {
    const a = harness();
    a.order(1, 'sell', 100, 3, 7);
    a.order(2, 'sell', 100, 5, 8);
    expect(kinds(a.order(3, 'buy', 100, 5, 7, 'limit', 'FOK'))).toEqual(['accepted:3', 'cancelled:3:5:fok', 'done:3']);
    expect(a.book.size).toBe(2);
    const b = harness({ stp: 'cancel-resting' });
    b.order(1, 'sell', 100, 3, 7);
    b.order(2, 'sell', 100, 5, 8);
    expect(trades(b.order(3, 'buy', 100, 5, 7, 'limit', 'FOK'))).toEqual([[2, 3, 100, 5]]);
    expect(b.book.size).toBe(0);
  });
});

describe('price band', () => {
  it('bounds limit prices and how far market orders sweep; resting orders outside stay', () => {
    const h = harness({ lo: 90, hi: 110 });
    h.order(1, 'sell', 105, 5);
    h.order(2, 'sell', 100, 5);
    h.apply({ type: 'band', lo: 80, hi: 102 });
    expect(h.book.band).toEqual({ lo: 80, hi: 102 });
    const evs = h.market(3, 'buy', 10);
    expect(trades(evs)).toEqual([[2, 3, 100, 5]]);
    expect(kinds(evs).slice(-2)).toEqual(['cancelled:3:5:unfilled', 'done:3']);
    expect(kinds(h.order(4, 'buy', 105, 1))).toEqual(['rejected:price_out_of_band']);
    expect(h.amend(1, 105, 3)).toMatchObject([{ e: 'amended', keptPriority: true }]);
    expect(kinds(h.amend(1, 105, 4))).toEqual(['rejected:price_out_of_band']);
    h.order(5, 'buy', 80, 2);
    expect(h.book.depth()).toEqual({ bids: [{ price: 80, qty: 2 }], asks: [{ price: 105, qty: 3 }] });
  });

  it('moves the level window when the band moves far, keeping every queue', () => {
    const h = harness({ lo: 1000, hi: 1010 });
    h.order(1, 'buy', 1000, 1);
    h.order(2, 'sell', 1010, 1);
    h.order(3, 'sell', 1010, 2);
    h.apply({ type: 'band', lo: 5000, hi: 5100 });
    h.order(4, 'sell', 5050, 1);
    h.apply({ type: 'band', lo: 0, hi: 20 });
    h.order(5, 'buy', 3, 1);
    expect(h.queue('asks')).toEqual([
      [1010, [2, 3]],
      [5050, [4]],
    ]);
    expect(h.queue('bids')).toEqual([
      [1000, [1]],
      [3, [5]],
    ]);
    expect(kinds(h.apply({ type: 'band', lo: 0, hi: 2 ** 21 }))).toEqual(['rejected:invalid_band']);
    expect(kinds(h.apply({ type: 'band', lo: 5, hi: 4 }))).toEqual(['rejected:invalid_band']);
  });
});

describe('snapshots', () => {
  it('restores a book that continues exactly like the original', () => {
    const h = harness();
    h.order(1, 'sell', 101, 5, 1);
    h.order(2, 'sell', 101, 5, 2);
    h.order(3, 'buy', 99, 5, 3);
    h.order(4, 'buy', 99, 4, 4);
    h.amend(1, 101, 6, 1);
    const snap = h.book.snapshot();
    const ev2 = new EventCollector();
    const copy = OrderBook.fromSnapshot(snap, ev2);
    copy.checkInvariants();
    expect(copy.snapshot()).toEqual(snap);
    const cmd: Command = { seq: snap.lastSeq + 1, type: 'new', ts: 9, orderId: 9, owner: 9, side: 'buy', kind: 'market', tif: 'IOC', price: 0, qty: 7 };
    h.book.apply(cmd);
    copy.apply(cmd);
    expect(ev2.take()).toEqual(h.ev.take());
    expect(copy.snapshot()).toEqual(h.book.snapshot());
  });
});

describe('LevelBitmap', () => {
  it('agrees with a plain array on set, clear and nearest-set searches', () => {
    let s = 12345;
    const rand = (n: number) => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s % n;
    };
    for (const size of [1, 31, 32, 33, 1000, 5000]) {
      const bm = new LevelBitmap(size);
      const ref = new Array<boolean>(size).fill(false);
      for (let k = 0; k < 3000; k++) {
        const i = rand(size);
        if (rand(3) === 0) {
          bm.clear(i);
          ref[i] = false;
        } else {
          bm.set(i);
          ref[i] = true;
        }
        const q = rand(size + 4) - 2;
        let up = Math.max(0, q);
        while (up < size && !ref[up]) up++;
        if (up >= size) up = -1;
        let down = Math.min(size - 1, q);
        while (down >= 0 && !ref[down]) down--;
        if (down < 0) down = -1;
        expect(bm.atOrAbove(q)).toBe(up);
        expect(bm.atOrBelow(q)).toBe(down);
        expect(bm.has(i)).toBe(ref[i]);
      }
    }
  });
});

describe('IdMap', () => {
  it('agrees with Map under random inserts and deletes, through growth', () => {
    const m = new IdMap(4);
    const ref = new Map<number, number>();
    let s = 99;
    const rand = (n: number) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s % n;
    };
    for (let k = 0; k < 20_000; k++) {
      const id = rand(3) === 0 ? 2 ** 40 + rand(5000) : 1 + rand(5000);
      if (rand(2) === 0) {
        m.set(id, k);
        ref.set(id, k);
      } else {
        expect(m.delete(id)).toBe(ref.delete(id));
      }
      const probe = rand(2) === 0 ? id : 1 + rand(6000);
      expect(m.get(probe)).toBe(ref.get(probe) ?? -1);
      expect(m.size).toBe(ref.size);
    }
    for (const [id, v] of ref) expect(m.get(id)).toBe(v);
  });
});
