/**
 * A deliberately naive order book used only by the property tests as the specification the
 * engine must agree with: plain arrays kept sorted best-first, linear scans, FOK decided by
 * trying the order on a copy. It emits the same events as the engine (see `types.ts` for the
 * rules) and the same snapshot shape.
 */
import {
  MAX_LEVELS,
  MAX_PRICE,
  MAX_QTY,
  type BookConfig,
  type BookSnapshot,
  type CancelReason,
  type Command,
  type EngineEvent,
  type LevelSnapshot,
  type NewOrderCommand,
  type RejectReason,
  type SideName,
  type StpMode,
} from './types.ts';

interface MOrder {
  id: number;
  owner: number;
  side: SideName;
  price: number;
  qty: number;
  ts: number;
}

const isTick = (x: number): boolean => Number.isInteger(x) && x >= 0 && x <= MAX_PRICE;

export class ReferenceBook {
  bids: MOrder[] = [];
  asks: MOrder[] = [];
  lo: number;
  hi: number;
  stp: StpMode;
  lastSeq = 0;
  events: EngineEvent[] = [];

  constructor(config: BookConfig) {
    this.lo = config.lo;
    this.hi = config.hi;
    this.stp = config.stp ?? 'cancel-incoming';
  }

  private clone(): ReferenceBook {
    const c = new ReferenceBook({ lo: this.lo, hi: this.hi, stp: this.stp });
    c.bids = this.bids.map((o) => ({ ...o }));
    c.asks = this.asks.map((o) => ({ ...o }));
    return c;
  }

  private better(side: SideName, a: number, b: number): boolean {
    return side === 'buy' ? a > b : a < b;
  }

  /** Inserts behind every order at the same or a better price. */
  private insert(o: MOrder): void {
    const list = o.side === 'buy' ? this.bids : this.asks;
    let i = 0;
    while (i < list.length && !this.better(o.side, o.price, list[i]!.price)) i++;
    list.splice(i, 0, o);
  }

  private find(id: number): { list: MOrder[]; i: number } | null {
    for (const list of [this.bids, this.asks]) {
      const i = list.findIndex((o) => o.id === id);
      if (i >= 0) return { list, i };
    }
    return null;
  }

  apply(cmd: Command): void {
    if (!(cmd.seq > this.lastSeq)) throw new RangeError('seq');
    this.lastSeq = cmd.seq;
    const { seq, ts } = cmd;
    const reject = (orderId: number, reason: RejectReason): void => {
      this.events.push({ e: 'rejected', seq, ts, orderId, reason });
    };
    if (cmd.type === 'new') {
      if (
        !(Number.isSafeInteger(cmd.orderId) && cmd.orderId > 0) ||
        !(Number.isInteger(cmd.owner) && cmd.owner >= 0 && cmd.owner <= 0x7fffffff) ||
        !['buy', 'sell'].includes(cmd.side) ||
        !['limit', 'market'].includes(cmd.kind) ||
        !['GTC', 'IOC', 'FOK'].includes(cmd.tif)
      ) {
        return reject(cmd.orderId, 'invalid_command');
      }
      if (!Number.isInteger(cmd.qty) || cmd.qty < 1 || cmd.qty > MAX_QTY) return reject(cmd.orderId, 'invalid_quantity');
      if (cmd.kind === 'limit') {
        if (!isTick(cmd.price)) return reject(cmd.orderId, 'invalid_price');
        if (cmd.price < this.lo || cmd.price > this.hi) return reject(cmd.orderId, 'price_out_of_band');
      }
      if (this.find(cmd.orderId)) return reject(cmd.orderId, 'duplicate_order_id');
      const price = cmd.kind === 'limit' ? cmd.price : 0;
      this.events.push({ e: 'accepted', seq, ts, orderId: cmd.orderId, owner: cmd.owner, side: cmd.side, kind: cmd.kind, tif: cmd.tif, price, qty: cmd.qty });
      this.execute(cmd, price, cmd.kind === 'limit' && cmd.tif === 'GTC', cmd.tif === 'FOK');
      return;
    }
    if (cmd.type === 'cancel') {
      const f = this.find(cmd.orderId);
      if (!f) return reject(cmd.orderId, 'unknown_order');
      const o = f.list[f.i]!;
      if (o.owner !== cmd.owner) return reject(cmd.orderId, 'not_owner');
      f.list.splice(f.i, 1);
      this.events.push({ e: 'cancelled', seq, ts, orderId: o.id, owner: o.owner, qty: o.qty, reason: 'user' });
      this.events.push({ e: 'done', seq, ts, orderId: o.id, owner: o.owner });
      return;
    }
    if (cmd.type === 'amend') {
      if (!Number.isInteger(cmd.qty) || cmd.qty < 1 || cmd.qty > MAX_QTY) return reject(cmd.orderId, 'invalid_quantity');
      if (!isTick(cmd.price)) return reject(cmd.orderId, 'invalid_price');
      const f = this.find(cmd.orderId);
      if (!f) return reject(cmd.orderId, 'unknown_order');
      const o = f.list[f.i]!;
      if (o.owner !== cmd.owner) return reject(cmd.orderId, 'not_owner');
      const amended = (kept: boolean): void => {
        this.events.push({ e: 'amended', seq, ts, orderId: o.id, owner: o.owner, oldPrice: o.price, oldQty: o.qty, price: cmd.price, qty: cmd.qty, keptPriority: kept });
      };
      if (cmd.price === o.price && cmd.qty <= o.qty) {
        amended(true);
        o.qty = cmd.qty;
        return;
      }
      if (cmd.price < this.lo || cmd.price > this.hi) return reject(cmd.orderId, 'price_out_of_band');
      amended(false);
      f.list.splice(f.i, 1);
      if (cmd.price === o.price) {
        this.insert({ ...o, qty: cmd.qty, ts });
        return;
      }
      const asNew: NewOrderCommand = { seq, type: 'new', ts, orderId: o.id, owner: o.owner, side: o.side, kind: 'limit', tif: 'GTC', price: cmd.price, qty: cmd.qty };
      this.execute(asNew, cmd.price, true, false);
      return;
    }
    // band
    const all = [...this.bids, ...this.asks].map((o) => o.price);
    const min = Math.min(cmd.lo, ...all);
    const max = Math.max(cmd.hi, ...all);
    if (!isTick(cmd.lo) || !isTick(cmd.hi) || cmd.lo > cmd.hi || cmd.hi - cmd.lo + 1 > MAX_LEVELS || max - min + 1 > MAX_LEVELS) return reject(0, 'invalid_band');
    this.lo = cmd.lo;
    this.hi = cmd.hi;
  }

  /** Matches, then rests or finishes an accepted order. */
  private execute(cmd: NewOrderCommand, price: number, rests: boolean, fok: boolean): void {
    const { seq, ts, orderId, owner, side } = cmd;
    if (fok) {
      // Fill-or-kill: it goes ahead only if, tried as IOC on a copy, it trades its whole quantity.
      const trial = this.clone();
      const r = trial.match(cmd, price);
      const traded = trial.events.filter((e) => e.e === 'trade').reduce((s, e) => s + (e.e === 'trade' ? e.qty : 0), 0);
      if (traded !== cmd.qty || r.stopped) {
        this.events.push({ e: 'cancelled', seq, ts, orderId, owner, qty: cmd.qty, reason: 'fok' });
        this.events.push({ e: 'done', seq, ts, orderId, owner });
        return;
      }
    }
    const { left, stopped } = this.match(cmd, price);
    if (left > 0) {
      let reason: CancelReason | null = null;
      if (stopped) reason = 'self_trade';
      else if (!rests) reason = 'unfilled';
      if (reason === null) {
        this.insert({ id: orderId, owner, side, price, qty: left, ts });
        return;
      }
      this.events.push({ e: 'cancelled', seq, ts, orderId, owner, qty: left, reason });
    }
    this.events.push({ e: 'done', seq, ts, orderId, owner });
  }

  private match(cmd: NewOrderCommand, price: number): { left: number; stopped: boolean } {
    const { seq, ts, orderId, owner, side } = cmd;
    const opp = side === 'buy' ? this.asks : this.bids;
    const limit = cmd.kind === 'market' ? (side === 'buy' ? this.hi : this.lo) : price;
    let left = cmd.qty;
    while (left > 0 && opp.length > 0) {
      const m = opp[0]!;
      if (side === 'buy' ? m.price > limit : m.price < limit) break;
      if (m.owner === owner) {
        if (this.stp === 'cancel-incoming') return { left, stopped: true };
        if (this.stp === 'cancel-resting') {
          opp.shift();
          this.events.push({ e: 'cancelled', seq, ts, orderId: m.id, owner: m.owner, qty: m.qty, reason: 'self_trade' });
          this.events.push({ e: 'done', seq, ts, orderId: m.id, owner: m.owner });
          continue;
        }
        const d = Math.min(m.qty, left);
        m.qty -= d;
        left -= d;
        this.events.push({ e: 'cancelled', seq, ts, orderId: m.id, owner: m.owner, qty: d, reason: 'self_trade' });
        this.events.push({ e: 'cancelled', seq, ts, orderId, owner, qty: d, reason: 'self_trade' });
        if (m.qty === 0) {
          opp.shift();
          this.events.push({ e: 'done', seq, ts, orderId: m.id, owner: m.owner });
        }
        continue;
      }
      const q = Math.min(m.qty, left);
      m.qty -= q;
      left -= q;
      this.events.push({ e: 'trade', seq, ts, makerId: m.id, takerId: orderId, makerOwner: m.owner, takerOwner: owner, price: m.price, qty: q, aggressor: side });
      if (m.qty === 0) {
        opp.shift();
        this.events.push({ e: 'done', seq, ts, orderId: m.id, owner: m.owner });
      }
    }
    return { left, stopped: false };
  }

  snapshot(): BookSnapshot {
    const levels = (list: MOrder[]): LevelSnapshot[] => {
      const out: LevelSnapshot[] = [];
      for (const o of list) {
        let l = out[out.length - 1];
        if (!l || l.price !== o.price) {
          l = { price: o.price, qty: 0, orders: [] };
          out.push(l);
        }
        l.qty += o.qty;
        l.orders.push({ id: o.id, owner: o.owner, qty: o.qty, ts: o.ts });
      }
      return out;
    };
    return { lastSeq: this.lastSeq, lo: this.lo, hi: this.hi, stp: this.stp, bids: levels(this.bids), asks: levels(this.asks) };
  }
}
