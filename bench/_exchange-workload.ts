/**
 * Generated order flow for the exchange benchmark (deterministic for a given seed).
 *
 * Prices are live-hog prices in fen per kg: a mid of 1 500 (¥15.00/kg), a daily band of ±10 %
 * ([1 350, 1 650], 301 ticks of 1 fen) — the exchange's own rule, which is also why a deep book
 * is deep per level: 100 k resting orders in a 300-tick band is ~330 orders per price.
 *
 * Mixed flow: ~60 % GTC limit orders near the mid, ~25 % cancels of a uniformly chosen live
 * order, ~15 % market orders; quantities 1–100 head, owners 1–200 (so self-trade prevention
 * sometimes fires). A passive limit goes 1–10 ticks behind the reference mid on its side; a
 * marketable one 2–12 ticks through it. With cancels a fixed share of the flow, the book would
 * either drain or grow without bound, so the share of marketable limits is the order-flow
 * equilibrium that holds the book near `target` resting orders: 10 % below it, 25 % above. The
 * reference mid takes a ±1 step every 2 000 commands. "Live" is tracked by running the flow
 * through our engine while generating (untimed); the peer then checks it ends in the same book.
 */
import { OrderBook } from '../src/modules/exchange/engine/index.ts';
import type { Command, EngineSink, NewOrderCommand } from '../src/modules/exchange/engine/index.ts';

export const MID = 1500;
export const BAND = { lo: 1350, hi: 1650 } as const;
export const OWNERS = 200;

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Live order ids with O(1) add, remove and uniform pick. */
class LiveSet {
  private ids: number[] = [];
  private at = new Map<number, number>();
  get size(): number {
    return this.ids.length;
  }
  add(id: number): void {
    this.at.set(id, this.ids.length);
    this.ids.push(id);
  }
  remove(id: number): void {
    const i = this.at.get(id);
    if (i === undefined) return;
    const last = this.ids.pop()!;
    if (last !== id) {
      this.ids[i] = last;
      this.at.set(last, i);
    }
    this.at.delete(id);
  }
  pick(r: number): number {
    return this.ids[Math.floor(r * this.ids.length)]!;
  }
}

export interface Workload {
  /** Commands building the initial resting book (deep variant), then `mixed`. */
  seed: Command[];
  mixed: Command[];
  owners: Map<number, number>;
  counts: { limit: number; cancel: number; market: number };
}

export function generate(options: { mixed: number; deep: number; target: number; seed: number }): Workload {
  const rand = rng(options.seed);
  const int = (a: number, b: number): number => a + Math.floor(rand() * (b - a + 1));
  const live = new LiveSet();
  const owners = new Map<number, number>();
  const tracker: EngineSink = {
    accepted() {},
    rejected() {},
    trade() {},
    cancelled() {},
    amended() {},
    done(_seq, _ts, orderId) {
      live.remove(orderId);
    },
  };
  const book = new OrderBook({ lo: BAND.lo, hi: BAND.hi }, tracker);
  let seq = 0;
  let nextId = 1;
  let ts = 1_767_225_600_000; // 2026-01-01T00:00:00Z
  let mid = MID;
  const counts = { limit: 0, cancel: 0, market: 0 };
  const run = (cmd: Command): Command => {
    book.apply(cmd);
    if (cmd.type === 'new' && book.has(cmd.orderId)) live.add(cmd.orderId);
    return cmd;
  };
  const order = (side: 'buy' | 'sell', kind: 'limit' | 'market', price: number): NewOrderCommand => {
    const orderId = nextId++;
    const owner = int(1, OWNERS);
    owners.set(orderId, owner);
    return { seq: ++seq, type: 'new', ts: ++ts, orderId, owner, side, kind, tif: kind === 'market' ? 'IOC' : 'GTC', price, qty: int(1, 100) };
  };

  const seedCmds: Command[] = [];
  for (let i = 0; i < options.deep; i++) {
    const buy = rand() < 0.5;
    const price = buy ? int(BAND.lo, MID - 1) : int(MID + 1, BAND.hi);
    seedCmds.push(run(order(buy ? 'buy' : 'sell', 'limit', price)));
  }

  const mixed: Command[] = [];
  for (let i = 0; i < options.mixed; i++) {
    if (i % 2000 === 1999) mid = Math.min(BAND.hi - 12, Math.max(BAND.lo + 12, mid + int(-1, 1)));
    const r = rand();
    if (r < 0.25 && live.size > 0) {
      const orderId = live.pick(rand());
      mixed.push(run({ seq: ++seq, type: 'cancel', ts: ++ts, orderId, owner: owners.get(orderId)! }));
      counts.cancel++;
    } else if (r < 0.4) {
      mixed.push(run(order(rand() < 0.5 ? 'buy' : 'sell', 'market', 0)));
      counts.market++;
    } else {
      const buy = rand() < 0.5;
      const marketable = rand() < (book.size > options.target ? 0.25 : 0.1);
      const g = marketable ? -int(2, 12) : int(1, 10);
      mixed.push(run(order(buy ? 'buy' : 'sell', 'limit', buy ? mid - g : mid + g)));
      counts.limit++;
    }
  }
  return { seed: seedCmds, mixed, owners, counts };
}
