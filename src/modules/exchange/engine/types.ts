/**
 * Matching-engine vocabulary: commands (plain data, journaled and replayed), the numeric codes
 * the hot path and the journal use, and the event sink the engine reports to.
 *
 * The engine is deterministic: it reads no clock and draws no random numbers. Every command
 * carries its own sequence number (strictly increasing per book) and timestamp (ms since the
 * epoch, chosen by the single writer that journals it).
 */

export type SideName = 'buy' | 'sell';
export type OrderKind = 'limit' | 'market';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';

/**
 * Self-trade prevention, applied when an incoming order would match a resting order of the same
 * owner:
 * - `cancel-incoming` (default): the incoming order's remaining quantity is cancelled; trades it
 *   already made stand and the resting order is untouched;
 * - `cancel-resting`: the resting order is cancelled and matching continues;
 * - `decrement-both`: both are reduced by the smaller remaining quantity without a trade (the
 *   one that reaches zero is done) and matching continues while the incoming order has quantity.
 */
export type StpMode = 'cancel-incoming' | 'cancel-resting' | 'decrement-both';

/**
 * A new order. `orderId` is a positive safe integer unique among live orders of the book (the
 * writer assigns them, e.g. from a sequence); `owner` is a non-negative int32 standing for the
 * trading account (self-trade prevention compares it); `price` is in integer ticks (ignored,
 * conventionally 0, for market orders); `qty` is an integer 1..MAX_QTY. A market order never
 * rests: with GTC or IOC its unfilled remainder is cancelled, with FOK it fills completely or
 * not at all; it trades at most up to the band edge.
 */
export interface NewOrderCommand {
  seq: number;
  type: 'new';
  ts: number;
  orderId: number;
  owner: number;
  side: SideName;
  kind: OrderKind;
  tif: TimeInForce;
  price: number;
  qty: number;
}

export interface CancelCommand {
  seq: number;
  type: 'cancel';
  ts: number;
  orderId: number;
  owner: number;
}

/**
 * Amend a resting order to `price` with `qty` as its new *open* (remaining) quantity. Same price
 * and a smaller quantity keeps time priority; a larger quantity or another price loses it (the
 * order goes to the back of its level, and at a new price it may trade first, as an incoming
 * limit order).
 */
export interface AmendCommand {
  seq: number;
  type: 'amend';
  ts: number;
  orderId: number;
  owner: number;
  price: number;
  qty: number;
}

/** The daily price band [lo, hi] (ticks, inclusive) new limit prices must fall in. */
export interface BandCommand {
  seq: number;
  type: 'band';
  ts: number;
  lo: number;
  hi: number;
}

export type Command = NewOrderCommand | CancelCommand | AmendCommand | BandCommand;

export interface BookConfig {
  /** Lowest and highest limit price accepted, in ticks (0 ≤ lo ≤ hi). */
  lo: number;
  hi: number;
  stp?: StpMode;
  /** Free-form label (the instrument id), carried into the journal header. */
  instrument?: string;
}

// Numeric codes used by the hot path and the journal.
export const BUY = 0;
export const SELL = 1;
export const LIMIT = 0;
export const MARKET = 1;
export const GTC = 0;
export const IOC = 1;
export const FOK = 2;
export const STP_CANCEL_INCOMING = 0;
export const STP_CANCEL_RESTING = 1;
export const STP_DECREMENT_BOTH = 2;

export const SIDE_NAMES: readonly SideName[] = ['buy', 'sell'];
export const KIND_NAMES: readonly OrderKind[] = ['limit', 'market'];
export const TIF_NAMES: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK'];
export const STP_NAMES: readonly StpMode[] = ['cancel-incoming', 'cancel-resting', 'decrement-both'];

export function sideCode(s: SideName): number {
  return s === 'buy' ? BUY : s === 'sell' ? SELL : -1;
}
export function kindCode(k: OrderKind): number {
  return k === 'limit' ? LIMIT : k === 'market' ? MARKET : -1;
}
export function tifCode(t: TimeInForce): number {
  return t === 'GTC' ? GTC : t === 'IOC' ? IOC : t === 'FOK' ? FOK : -1;
}

/** Largest quantity of one order (and of an amend). Level totals are kept exactly as doubles. */
export const MAX_QTY = 0x7fffffff;
/** Largest price in ticks. */
export const MAX_PRICE = 0x7fffffff;
/** Widest band (number of ticks) a book will hold levels for. */
export const MAX_LEVELS = 1 << 20;

/**
 * Why a command was refused. A refused command changes nothing (it still consumes its seq).
 * - invalid_command: malformed side/kind/tif, orderId not a positive safe integer, owner not a
 *   non-negative int32;
 * - invalid_quantity: quantity not an integer in 1..MAX_QTY;
 * - invalid_price: limit price not an integer tick in 0..MAX_PRICE;
 * - price_out_of_band: limit price outside the book's band;
 * - duplicate_order_id: an order with this id is live in the book;
 * - unknown_order: cancel/amend of an order that is not live (never existed, filled, cancelled);
 * - not_owner: cancel/amend by someone other than the order's owner;
 * - invalid_band: band not 0 ≤ lo ≤ hi with at most MAX_LEVELS ticks (including resting orders).
 */
export type RejectReason =
  | 'invalid_command'
  | 'invalid_quantity'
  | 'invalid_price'
  | 'price_out_of_band'
  | 'duplicate_order_id'
  | 'unknown_order'
  | 'not_owner'
  | 'invalid_band';

/**
 * Why quantity left an order without trading:
 * - user: cancel command;
 * - unfilled: the remainder of an IOC limit or of a market order (market orders never rest);
 * - fok: a fill-or-kill order that could not be filled completely (nothing traded);
 * - self_trade: self-trade prevention.
 */
export type CancelReason = 'user' | 'unfilled' | 'fok' | 'self_trade';

/**
 * Receives the engine's events synchronously, in order, while a command is applied. Methods take
 * primitives so the hot path allocates nothing; `EventCollector` turns them into objects.
 *
 * Quantity is conserved: for every order, accepted qty + amend increases
 * = traded + cancelled + amend decreases + resting. `done` comes once per accepted order, after
 * its last event, when it is no longer live (filled, cancelled, or killed).
 */
export interface EngineSink {
  accepted(seq: number, ts: number, orderId: number, owner: number, side: SideName, kind: OrderKind, tif: TimeInForce, price: number, qty: number): void;
  rejected(seq: number, ts: number, orderId: number, reason: RejectReason): void;
  trade(seq: number, ts: number, makerId: number, takerId: number, makerOwner: number, takerOwner: number, price: number, qty: number, aggressor: SideName): void;
  cancelled(seq: number, ts: number, orderId: number, owner: number, qty: number, reason: CancelReason): void;
  amended(seq: number, ts: number, orderId: number, owner: number, oldPrice: number, oldQty: number, price: number, qty: number, keptPriority: boolean): void;
  done(seq: number, ts: number, orderId: number, owner: number): void;
}

export type EngineEvent =
  | { e: 'accepted'; seq: number; ts: number; orderId: number; owner: number; side: SideName; kind: OrderKind; tif: TimeInForce; price: number; qty: number }
  | { e: 'rejected'; seq: number; ts: number; orderId: number; reason: RejectReason }
  | { e: 'trade'; seq: number; ts: number; makerId: number; takerId: number; makerOwner: number; takerOwner: number; price: number; qty: number; aggressor: SideName }
  | { e: 'cancelled'; seq: number; ts: number; orderId: number; owner: number; qty: number; reason: CancelReason }
  | { e: 'amended'; seq: number; ts: number; orderId: number; owner: number; oldPrice: number; oldQty: number; price: number; qty: number; keptPriority: boolean }
  | { e: 'done'; seq: number; ts: number; orderId: number; owner: number };

/** A sink that ignores everything. */
export const NULL_SINK: EngineSink = {
  accepted() {},
  rejected() {},
  trade() {},
  cancelled() {},
  amended() {},
  done() {},
};

/** A sink that records every event as an object (tests, the service's per-command result). */
export class EventCollector implements EngineSink {
  events: EngineEvent[] = [];
  accepted(seq: number, ts: number, orderId: number, owner: number, side: SideName, kind: OrderKind, tif: TimeInForce, price: number, qty: number): void {
    this.events.push({ e: 'accepted', seq, ts, orderId, owner, side, kind, tif, price, qty });
  }
  rejected(seq: number, ts: number, orderId: number, reason: RejectReason): void {
    this.events.push({ e: 'rejected', seq, ts, orderId, reason });
  }
  trade(seq: number, ts: number, makerId: number, takerId: number, makerOwner: number, takerOwner: number, price: number, qty: number, aggressor: SideName): void {
    this.events.push({ e: 'trade', seq, ts, makerId, takerId, makerOwner, takerOwner, price, qty, aggressor });
  }
  cancelled(seq: number, ts: number, orderId: number, owner: number, qty: number, reason: CancelReason): void {
    this.events.push({ e: 'cancelled', seq, ts, orderId, owner, qty, reason });
  }
  amended(seq: number, ts: number, orderId: number, owner: number, oldPrice: number, oldQty: number, price: number, qty: number, keptPriority: boolean): void {
    this.events.push({ e: 'amended', seq, ts, orderId, owner, oldPrice, oldQty, price, qty, keptPriority });
  }
  done(seq: number, ts: number, orderId: number, owner: number): void {
    this.events.push({ e: 'done', seq, ts, orderId, owner });
  }
  /** Returns the events collected so far and starts a new list. */
  take(): EngineEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }
}

/**
 * The low-level command interface (numeric codes, no objects): implemented by `OrderBook`, called
 * by the journal decoder during replay so replay allocates no command objects.
 */
export interface CommandHandler {
  newOrder(seq: number, ts: number, orderId: number, owner: number, side: number, kind: number, tif: number, price: number, qty: number): void;
  cancel(seq: number, ts: number, orderId: number, owner: number): void;
  amend(seq: number, ts: number, orderId: number, owner: number, price: number, qty: number): void;
  setBand(seq: number, ts: number, lo: number, hi: number): void;
}

/** One resting order in a snapshot, in queue order. */
export interface OrderSnapshot {
  id: number;
  owner: number;
  qty: number;
  ts: number;
}
export interface LevelSnapshot {
  price: number;
  qty: number;
  orders: OrderSnapshot[];
}
/** The complete state of a book: bids and asks best-first, each level's queue in time priority. */
export interface BookSnapshot {
  lastSeq: number;
  lo: number;
  hi: number;
  stp: StpMode;
  bids: LevelSnapshot[];
  asks: LevelSnapshot[];
}
export interface DepthLevel {
  price: number;
  qty: number;
}
export interface Depth {
  bids: DepthLevel[];
  asks: DepthLevel[];
}
export interface RestingOrder {
  orderId: number;
  owner: number;
  side: SideName;
  price: number;
  qty: number;
  ts: number;
}
