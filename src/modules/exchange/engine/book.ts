/**
 * One instrument's limit order book: price-time priority, integer ticks and quantities.
 *
 * Layout (chosen for a single-threaded writer doing millions of operations per second):
 * - orders live in a pool of fixed 32-byte records (half a cache line) in one ArrayBuffer, with a
 *   free list; `ids` (an open-addressing hash table) maps an order id to its slot, so cancel is
 *   O(1) and touches the order and its two neighbours only;
 * - each price level is an intrusive doubly linked list of slots (prev/next), with head,
 *   tail and total quantity in arrays indexed by `price - base`: the exchange's daily price band
 *   bounds the tick range, so levels are a flat array, not a tree;
 * - a two-level occupancy bitmap per side finds the next non-empty level in O(1) word steps, so
 *   sweeping through a deep or sparse book does not walk empty ticks one by one.
 *
 * Deterministic: no clock, no randomness; all time comes from the commands. Events go to an
 * `EngineSink` synchronously while a command is applied.
 */
import { IdMap } from './id-map.ts';
import { LevelBitmap } from './level-bitmap.ts';
import {
  BUY,
  FOK,
  GTC,
  IOC,
  KIND_NAMES,
  LIMIT,
  MARKET,
  MAX_LEVELS,
  MAX_PRICE,
  NULL_SINK,
  SELL,
  SIDE_NAMES,
  STP_CANCEL_INCOMING,
  STP_CANCEL_RESTING,
  STP_NAMES,
  TIF_NAMES,
  kindCode,
  sideCode,
  tifCode,
  type BookConfig,
  type BookSnapshot,
  type Command,
  type CommandHandler,
  type Depth,
  type DepthLevel,
  type EngineSink,
  type LevelSnapshot,
  type RejectReason,
  type RestingOrder,
  type StpMode,
} from './types.ts';

const NIL = -1;

/** One side's levels. `best` is a level index, or NIL when the side is empty. */
class BookSide {
  head: Int32Array;
  tail: Int32Array;
  qty: Float64Array;
  bits: LevelBitmap;
  best = NIL;
  constructor(n: number) {
    this.head = new Int32Array(n).fill(NIL);
    this.tail = new Int32Array(n).fill(NIL);
    this.qty = new Float64Array(n);
    this.bits = new LevelBitmap(n);
  }
}

function isTick(x: number): boolean {
  return (x | 0) === x && x >= 0;
}

function stpCode(mode: StpMode | undefined): number {
  const i = STP_NAMES.indexOf(mode ?? 'cancel-incoming');
  if (i < 0) throw new RangeError(`unknown self-trade prevention mode ${String(mode)}`);
  return i;
}

function validBand(lo: number, hi: number): boolean {
  return isTick(lo) && isTick(hi) && lo <= hi && hi <= MAX_PRICE && hi - lo + 1 <= MAX_LEVELS;
}

export class OrderBook implements CommandHandler {
  private sink: EngineSink;
  private readonly stp: number;
  private lo: number;
  private hi: number;
  private seq = 0;

  // Levels: index = price - base, 0 ≤ index < nLevels.
  private base = 0;
  private nLevels = 0;
  private bids!: BookSide;
  private asks!: BookSide;

  // Order pool: one 32-byte record per slot, viewed as int32 (I) and float64 (F):
  //   I[o*8 + 0] next, +1 prev, +2 qty, +3 price, +4 side, +5 owner;  F[o*4 + 3] id.
  // Everything matching and cancelling touch is in one record; the accept time is kept apart
  // (T[o]) since only snapshots read it.
  private cap = 0;
  private top = 0;
  private freeHead = NIL;
  private I = new Int32Array(0);
  private F = new Float64Array(0);
  private T = new Float64Array(0);
  private readonly ids = new IdMap();

  /** Set by match() when cancel-incoming self-trade prevention stopped the incoming order. */
  private stpHit = false;

  constructor(config: BookConfig, sink: EngineSink = NULL_SINK, initialCapacity = 1024) {
    if (!validBand(config.lo, config.hi)) throw new RangeError(`invalid price band [${config.lo}, ${config.hi}]`);
    this.sink = sink;
    this.stp = stpCode(config.stp);
    this.lo = config.lo;
    this.hi = config.hi;
    this.allocLevels(config.lo, config.hi);
    this.growOrders(Math.max(16, initialCapacity));
  }

  /** Restores a book from `snapshot()` output (queues and priorities exactly as they were). */
  static fromSnapshot(snapshot: BookSnapshot, sink: EngineSink = NULL_SINK): OrderBook {
    const book = new OrderBook({ lo: snapshot.lo, hi: snapshot.hi, stp: snapshot.stp }, sink);
    let min = snapshot.lo;
    let max = snapshot.hi;
    for (const l of [...snapshot.bids, ...snapshot.asks]) {
      if (l.price < min) min = l.price;
      if (l.price > max) max = l.price;
    }
    if (min < book.base || max >= book.base + book.nLevels) book.allocLevels(min, max);
    for (const [side, levels] of [[BUY, snapshot.bids], [SELL, snapshot.asks]] as const) {
      for (const l of levels) {
        for (const o of l.orders) {
          if (book.ids.has(o.id)) throw new RangeError(`duplicate order ${o.id} in snapshot`);
          book.restNew(side, o.id, o.owner, l.price, o.qty, o.ts);
        }
      }
    }
    book.seq = snapshot.lastSeq;
    return book;
  }

  setSink(sink: EngineSink): void {
    this.sink = sink;
  }

  get lastSeq(): number {
    return this.seq;
  }
  get band(): { lo: number; hi: number } {
    return { lo: this.lo, hi: this.hi };
  }
  get stpMode(): StpMode {
    return STP_NAMES[this.stp]!;
  }
  /** Number of resting orders. */
  get size(): number {
    return this.ids.size;
  }
  has(orderId: number): boolean {
    return this.ids.has(orderId);
  }
  bestBid(): number | null {
    return this.bids.best === NIL ? null : this.bids.best + this.base;
  }
  bestAsk(): number | null {
    return this.asks.best === NIL ? null : this.asks.best + this.base;
  }
  order(orderId: number): RestingOrder | undefined {
    const o = this.ids.get(orderId);
    if (o === NIL) return undefined;
    return {
      orderId,
      owner: this.I[(o << 3) + 5]!,
      side: SIDE_NAMES[this.I[(o << 3) + 4]!]!,
      price: this.I[(o << 3) + 3]!,
      qty: this.I[(o << 3) + 2]!,
      ts: this.T[o]!,
    };
  }

  // ---------------------------------------------------------------- commands

  /** Applies a command given as plain data (see `types.ts`). */
  apply(cmd: Command): void {
    switch (cmd.type) {
      case 'new':
        this.newOrder(cmd.seq, cmd.ts, cmd.orderId, cmd.owner, sideCode(cmd.side), kindCode(cmd.kind), tifCode(cmd.tif), cmd.price, cmd.qty);
        return;
      case 'cancel':
        this.cancel(cmd.seq, cmd.ts, cmd.orderId, cmd.owner);
        return;
      case 'amend':
        this.amend(cmd.seq, cmd.ts, cmd.orderId, cmd.owner, cmd.price, cmd.qty);
        return;
      case 'band':
        this.setBand(cmd.seq, cmd.ts, cmd.lo, cmd.hi);
        return;
      default:
        throw new TypeError(`unknown command type ${String((cmd as { type: unknown }).type)}`);
    }
  }

  newOrder(seq: number, ts: number, orderId: number, owner: number, side: number, kind: number, tif: number, price: number, qty: number): void {
    this.advance(seq, ts);
    if (
      !(orderId > 0) ||
      !Number.isSafeInteger(orderId) ||
      (owner | 0) !== owner ||
      owner < 0 ||
      (side !== BUY && side !== SELL) ||
      (kind !== LIMIT && kind !== MARKET) ||
      (tif !== GTC && tif !== IOC && tif !== FOK)
    ) {
      return this.reject(seq, ts, orderId, 'invalid_command');
    }
    if ((qty | 0) !== qty || qty < 1) return this.reject(seq, ts, orderId, 'invalid_quantity');
    let limitIdx: number;
    if (kind === LIMIT) {
      if (!isTick(price)) return this.reject(seq, ts, orderId, 'invalid_price');
      if (price < this.lo || price > this.hi) return this.reject(seq, ts, orderId, 'price_out_of_band');
      limitIdx = price - this.base;
    } else {
      // A market order sweeps at most to the edge of the band: no trade happens outside it.
      price = 0;
      limitIdx = (side === BUY ? this.hi : this.lo) - this.base;
    }
    if (this.ids.has(orderId)) return this.reject(seq, ts, orderId, 'duplicate_order_id');
    this.sink.accepted(seq, ts, orderId, owner, SIDE_NAMES[side]!, KIND_NAMES[kind]!, TIF_NAMES[tif]!, price, qty);
    this.execute(seq, ts, orderId, owner, side, kind === LIMIT && tif === GTC, tif === FOK, limitIdx, price, qty);
  }

  cancel(seq: number, ts: number, orderId: number, owner: number): void {
    this.advance(seq, ts);
    const o = this.ids.get(orderId);
    if (o === NIL) return this.reject(seq, ts, orderId, 'unknown_order');
    if (this.I[(o << 3) + 5] !== owner) return this.reject(seq, ts, orderId, 'not_owner');
    const qty = this.I[(o << 3) + 2]!;
    this.unlink(o);
    this.ids.delete(orderId);
    this.free(o);
    this.sink.cancelled(seq, ts, orderId, owner, qty, 'user');
    this.sink.done(seq, ts, orderId, owner);
  }

  amend(seq: number, ts: number, orderId: number, owner: number, price: number, qty: number): void {
    this.advance(seq, ts);
    if ((qty | 0) !== qty || qty < 1) return this.reject(seq, ts, orderId, 'invalid_quantity');
    if (!isTick(price)) return this.reject(seq, ts, orderId, 'invalid_price');
    const o = this.ids.get(orderId);
    if (o === NIL) return this.reject(seq, ts, orderId, 'unknown_order');
    if (this.I[(o << 3) + 5] !== owner) return this.reject(seq, ts, orderId, 'not_owner');
    const oldPrice = this.I[(o << 3) + 3]!;
    const oldQty = this.I[(o << 3) + 2]!;
    const side = this.I[(o << 3) + 4]!;
    if (price === oldPrice && qty <= oldQty) {
      // Reduce in place: keeps time priority (allowed even outside today's band).
      if (qty < oldQty) {
        this.I[(o << 3) + 2] = qty;
        const s = side === BUY ? this.bids : this.asks;
        s.qty[oldPrice - this.base]! -= oldQty - qty;
      }
      this.sink.amended(seq, ts, orderId, owner, oldPrice, oldQty, price, qty, true);
      return;
    }
    if (price < this.lo || price > this.hi) return this.reject(seq, ts, orderId, 'price_out_of_band');
    if (price === oldPrice) {
      // Larger quantity at the same price: back of the queue.
      this.unlink(o);
      this.I[(o << 3) + 2] = qty;
      this.T[o] = ts;
      this.linkTail(side === BUY ? this.bids : this.asks, price - this.base, o);
      this.sink.amended(seq, ts, orderId, owner, oldPrice, oldQty, price, qty, false);
      return;
    }
    // New price: leaves the book and comes back as an incoming GTC limit order (may trade).
    this.unlink(o);
    this.ids.delete(orderId);
    this.free(o);
    this.sink.amended(seq, ts, orderId, owner, oldPrice, oldQty, price, qty, false);
    this.execute(seq, ts, orderId, owner, side, true, false, price - this.base, price, qty);
  }

  /**
   * Sets the price band for new limit prices (and for how far market orders sweep). Resting
   * orders outside the new band stay (the operator may cancel them); they can still be reduced.
   */
  setBand(seq: number, ts: number, lo: number, hi: number): void {
    this.advance(seq, ts);
    if (!validBand(lo, hi)) return this.reject(seq, ts, 0, 'invalid_band');
    let min = lo;
    let max = hi;
    const b = this.bids;
    const a = this.asks;
    if (b.best !== NIL) {
      min = Math.min(min, b.bits.atOrAbove(0) + this.base);
      max = Math.max(max, b.best + this.base);
    }
    if (a.best !== NIL) {
      min = Math.min(min, a.best + this.base);
      max = Math.max(max, a.bits.atOrBelow(this.nLevels - 1) + this.base);
    }
    if (max - min + 1 > MAX_LEVELS) return this.reject(seq, ts, 0, 'invalid_band');
    if (lo < this.base || hi >= this.base + this.nLevels) this.allocLevels(min, max);
    this.lo = lo;
    this.hi = hi;
  }

  // ---------------------------------------------------------------- matching

  private reject(seq: number, ts: number, orderId: number, reason: RejectReason): void {
    this.sink.rejected(seq, ts, orderId, reason);
  }

  private advance(seq: number, ts: number): void {
    if (!(seq > this.seq) || !Number.isSafeInteger(seq)) throw new RangeError(`command seq ${seq} is not after ${this.seq}`);
    if (!(ts >= 0) || !Number.isSafeInteger(ts)) throw new RangeError(`command ts ${ts} is not a non-negative integer`);
    this.seq = seq;
  }

  /** Matches an accepted order, then rests, kills or completes it. */
  private execute(seq: number, ts: number, orderId: number, owner: number, side: number, rests: boolean, fok: boolean, limitIdx: number, price: number, qty: number): void {
    const sink = this.sink;
    if (fok && !this.fillable(side, owner, limitIdx, qty)) {
      sink.cancelled(seq, ts, orderId, owner, qty, 'fok');
      sink.done(seq, ts, orderId, owner);
      return;
    }
    const left = this.match(seq, ts, orderId, owner, side, limitIdx, qty);
    if (left > 0) {
      if (this.stpHit) {
        sink.cancelled(seq, ts, orderId, owner, left, 'self_trade');
      } else if (rests) {
        this.restNew(side, orderId, owner, price, left, ts);
        return;
      } else {
        sink.cancelled(seq, ts, orderId, owner, left, 'unfilled');
      }
    }
    sink.done(seq, ts, orderId, owner);
  }

  /** Trades `qty` of an incoming order against the other side up to `limitIdx`; returns what is left. */
  private match(seq: number, ts: number, takerId: number, owner: number, side: number, limitIdx: number, qty: number): number {
    const isBuy = side === BUY;
    const opp = isBuy ? this.asks : this.bids;
    const aggressor = isBuy ? 'buy' : 'sell';
    const sink = this.sink;
    const stp = this.stp;
    const I = this.I;
    const F = this.F;
    const head = opp.head;
    this.stpHit = false;
    let li = opp.best;
    while (li !== NIL && (isBuy ? li <= limitIdx : li >= limitIdx)) {
      const price = li + this.base;
      let lq = opp.qty[li]!;
      let o = head[li]!;
      // Invariant: `o` is always the head of the level (everything before it has been removed).
      while (o !== NIL) {
        const oi = o << 3;
        const mq = I[oi + 2]!;
        const mOwner = I[(o << 3) + 5]!;
        const mId = F[(o << 2) + 3]!;
        if (mOwner === owner) {
          if (stp === STP_CANCEL_INCOMING) {
            this.stpHit = true;
            break;
          }
          if (stp === STP_CANCEL_RESTING) {
            lq -= mq;
            const next = I[oi]!;
            this.popHead(opp, li, o);
            sink.cancelled(seq, ts, mId, mOwner, mq, 'self_trade');
            sink.done(seq, ts, mId, mOwner);
            o = next;
            continue;
          }
          // decrement-both
          const d = mq < qty ? mq : qty;
          qty -= d;
          lq -= d;
          sink.cancelled(seq, ts, mId, mOwner, d, 'self_trade');
          sink.cancelled(seq, ts, takerId, owner, d, 'self_trade');
          if (d === mq) {
            const next = I[oi]!;
            this.popHead(opp, li, o);
            sink.done(seq, ts, mId, mOwner);
            o = next;
          } else {
            I[oi + 2] = mq - d;
          }
          if (qty === 0) break;
          continue;
        }
        if (mq <= qty) {
          qty -= mq;
          lq -= mq;
          const next = I[oi]!;
          this.popHead(opp, li, o);
          sink.trade(seq, ts, mId, takerId, mOwner, owner, price, mq, aggressor);
          sink.done(seq, ts, mId, mOwner);
          o = next;
          if (qty === 0) break;
        } else {
          I[oi + 2] = mq - qty;
          lq -= qty;
          sink.trade(seq, ts, mId, takerId, mOwner, owner, price, qty, aggressor);
          qty = 0;
          break;
        }
      }
      opp.qty[li] = lq;
      if (head[li] !== NIL) break; // the level still has orders: the incoming one is finished
      opp.bits.clear(li);
      li = isBuy ? opp.bits.atOrAbove(li + 1) : opp.bits.atOrBelow(li - 1);
      opp.best = li;
      if (qty === 0 || this.stpHit) break;
    }
    return qty;
  }

  /** Whether an incoming order could be filled completely now, without changing anything. */
  private fillable(side: number, owner: number, limitIdx: number, qty: number): boolean {
    const isBuy = side === BUY;
    const opp = isBuy ? this.asks : this.bids;
    const skipOwn = this.stp === STP_CANCEL_RESTING;
    let need = qty;
    let li = opp.best;
    while (li !== NIL && (isBuy ? li <= limitIdx : li >= limitIdx)) {
      for (let o = opp.head[li]!; o !== NIL; o = this.I[o << 3]!) {
        if (this.I[(o << 3) + 5] === owner) {
          if (skipOwn) continue;
          return false; // matching would stop (or decrement without trading) here
        }
        need -= this.I[(o << 3) + 2]!;
        if (need <= 0) return true;
      }
      li = isBuy ? opp.bits.atOrAbove(li + 1) : opp.bits.atOrBelow(li - 1);
    }
    return false;
  }

  // ---------------------------------------------------------------- levels and pool

  private restNew(side: number, orderId: number, owner: number, price: number, qty: number, ts: number): void {
    const o = this.alloc();
    this.F[(o << 2) + 3] = orderId;
    this.I[(o << 3) + 5] = owner;
    this.T[o] = ts;
    this.I[(o << 3) + 3] = price;
    this.I[(o << 3) + 2] = qty;
    this.I[(o << 3) + 4] = side;
    this.linkTail(side === BUY ? this.bids : this.asks, price - this.base, o);
    this.ids.set(orderId, o);
  }

  private linkTail(s: BookSide, li: number, o: number): void {
    const t = s.tail[li]!;
    this.I[(o << 3) + 1] = t;
    this.I[o << 3] = NIL;
    if (t === NIL) {
      s.head[li] = o;
      s.bits.set(li);
      if (s === this.bids ? li > s.best : s.best === NIL || li < s.best) s.best = li;
    } else {
      this.I[t << 3] = o;
    }
    s.tail[li] = o;
    s.qty[li]! += this.I[(o << 3) + 2]!;
  }

  /** Removes slot `o` from its level (any position); keeps the slot and the id. */
  private unlink(o: number): void {
    const isBid = this.I[(o << 3) + 4] === BUY;
    const s = isBid ? this.bids : this.asks;
    const li = this.I[(o << 3) + 3]! - this.base;
    const p = this.I[(o << 3) + 1]!;
    const n = this.I[o << 3]!;
    if (p === NIL) s.head[li] = n;
    else this.I[p << 3] = n;
    if (n === NIL) s.tail[li] = p;
    else this.I[(n << 3) + 1] = p;
    s.qty[li]! -= this.I[(o << 3) + 2]!;
    if (s.head[li] === NIL) {
      s.bits.clear(li);
      if (s.best === li) s.best = isBid ? s.bits.atOrBelow(li - 1) : s.bits.atOrAbove(li + 1);
    }
  }

  /** Removes the head slot `o` of level `li` during matching (level qty/bitmap are the caller's). */
  private popHead(s: BookSide, li: number, o: number): void {
    const n = this.I[o << 3]!;
    s.head[li] = n;
    if (n === NIL) s.tail[li] = NIL;
    else this.I[(n << 3) + 1] = NIL;
    this.ids.delete(this.F[(o << 2) + 3]!);
    this.I[o << 3] = this.freeHead;
    this.freeHead = o;
  }

  private alloc(): number {
    const f = this.freeHead;
    if (f !== NIL) {
      this.freeHead = this.I[f << 3]!;
      return f;
    }
    if (this.top === this.cap) this.growOrders(this.cap * 2);
    return this.top++;
  }

  private free(o: number): void {
    this.I[o << 3] = this.freeHead;
    this.freeHead = o;
  }

  private growOrders(cap: number): void {
    const buf = new ArrayBuffer(cap * 32);
    const I = new Int32Array(buf);
    I.set(this.I);
    this.I = I;
    this.F = new Float64Array(buf);
    const T = new Float64Array(cap);
    T.set(this.T);
    this.T = T;
    this.cap = cap;
  }

  /**
   * (Re)allocates the level arrays to cover [min, max] with room to move the band on both sides,
   * carrying over the resting levels.
   */
  private allocLevels(min: number, max: number): void {
    const width = max - min + 1;
    const margin = Math.max(64, width >> 1);
    const base = Math.max(0, min - margin);
    const n = Math.min(max + margin, MAX_PRICE) - base + 1;
    const old = [this.bids, this.asks] as const;
    const oldBase = this.base;
    const bids = new BookSide(n);
    const asks = new BookSide(n);
    if (old[0] !== undefined) {
      for (const [from, to] of [[old[0], bids], [old[1], asks]] as const) {
        for (let li = from.bits.atOrAbove(0); li !== NIL; li = from.bits.atOrAbove(li + 1)) {
          const nl = li + oldBase - base;
          to.head[nl] = from.head[li]!;
          to.tail[nl] = from.tail[li]!;
          to.qty[nl] = from.qty[li]!;
          to.bits.set(nl);
        }
        to.best = from.best === NIL ? NIL : from.best + oldBase - base;
      }
    }
    this.base = base;
    this.nLevels = n;
    this.bids = bids;
    this.asks = asks;
  }

  // ---------------------------------------------------------------- views

  /** Aggregated quantity per price, best first, at most `maxLevels` per side. */
  depth(maxLevels = Infinity): Depth {
    const side = (s: BookSide, isBid: boolean): DepthLevel[] => {
      const out: DepthLevel[] = [];
      for (let li = s.best; li !== NIL && out.length < maxLevels; li = isBid ? s.bits.atOrBelow(li - 1) : s.bits.atOrAbove(li + 1)) {
        out.push({ price: li + this.base, qty: s.qty[li]! });
      }
      return out;
    };
    return { bids: side(this.bids, true), asks: side(this.asks, false) };
  }

  /** Every resting order, best level first, each level in time priority. */
  snapshot(): BookSnapshot {
    const side = (s: BookSide, isBid: boolean): LevelSnapshot[] => {
      const out: LevelSnapshot[] = [];
      for (let li = s.best; li !== NIL; li = isBid ? s.bits.atOrBelow(li - 1) : s.bits.atOrAbove(li + 1)) {
        const orders = [];
        for (let o = s.head[li]!; o !== NIL; o = this.I[o << 3]!) {
          orders.push({ id: this.F[(o << 2) + 3]!, owner: this.I[(o << 3) + 5]!, qty: this.I[(o << 3) + 2]!, ts: this.T[o]! });
        }
        out.push({ price: li + this.base, qty: s.qty[li]!, orders });
      }
      return out;
    };
    return { lastSeq: this.seq, lo: this.lo, hi: this.hi, stp: this.stpMode, bids: side(this.bids, true), asks: side(this.asks, false) };
  }

  /** Checks every structural invariant (tests); throws on the first violation. */
  checkInvariants(): void {
    const fail = (msg: string): never => {
      throw new Error(`order book invariant: ${msg}`);
    };
    let count = 0;
    for (const [s, side] of [[this.bids, BUY], [this.asks, SELL]] as const) {
      let best = NIL;
      for (let li = 0; li < this.nLevels; li++) {
        const h = s.head[li]!;
        if ((h !== NIL) !== s.bits.has(li)) fail(`bitmap disagrees at level ${li + this.base}`);
        if (h === NIL) {
          if (s.tail[li] !== NIL || s.qty[li] !== 0) fail(`empty level ${li + this.base} has tail or quantity`);
          continue;
        }
        if (side === BUY ? best === NIL || li > best : best === NIL) best = li;
        let sum = 0;
        let prev = NIL;
        for (let o = h; o !== NIL; o = this.I[o << 3]!) {
          if (this.I[(o << 3) + 1] !== prev) fail(`broken prev link at level ${li + this.base}`);
          if (this.I[(o << 3) + 4] !== side || this.I[(o << 3) + 3] !== li + this.base) fail(`order ${this.F[(o << 2) + 3]} on the wrong level`);
          if (!(this.I[(o << 3) + 2]! > 0)) fail(`order ${this.F[(o << 2) + 3]} has no quantity`);
          if (this.ids.get(this.F[(o << 2) + 3]!) !== o) fail(`order ${this.F[(o << 2) + 3]} not indexed`);
          sum += this.I[(o << 3) + 2]!;
          prev = o;
          count++;
        }
        if (s.tail[li] !== prev) fail(`wrong tail at level ${li + this.base}`);
        if (s.qty[li] !== sum) fail(`level ${li + this.base} quantity ${s.qty[li]} ≠ ${sum}`);
      }
      if (s.best !== best) fail(`best ${side === BUY ? 'bid' : 'ask'} is ${s.best}, expected ${best}`);
    }
    if (count !== this.ids.size) fail(`${this.ids.size} ids for ${count} resting orders`);
    if (this.bids.best !== NIL && this.asks.best !== NIL && this.bids.best >= this.asks.best) fail('book is crossed');
  }
}
