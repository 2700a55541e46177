/**
 * The exchange service: one writer per instrument (an in-process async queue) in front of the
 * in-memory matching engine.
 *
 * A writer drains up to `maxBatch` queued commands into ONE database transaction (group commit):
 *   validate (mode, session, tick, band, lot + quarantine certificate) in memory
 *   → reserve buyers' money in the ledger (one batch; unfunded → INSUFFICIENT_FUNDS)
 *   → give each command the next seq, apply it to the OrderBook, collect its events
 *   → ledger: release/re-reserve reservations, post each trade buyer → seller (derived ids)
 *   → insert the journal rows, upsert orders, insert trades, lot counts, candles
 *   → commit → acknowledge the callers, publish to the hub.
 * If the transaction fails, every command of the batch is refused (503) and the writer rebuilds
 * its book from the journal, so memory never holds an effect the database does not.
 * On first use (or `start()`), a book is rebuilt by replaying `exchange_journal` in seq order.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { inTransaction, type Executor, type Tx } from '../../db/transaction.ts';
import { beijingDate, type Clock } from '../../kernel/clock.ts';
import { AppError, CommonErrors } from '../../kernel/errors.ts';
import { isUuid, uuidv7 } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/index.ts';
import { isBureau, type Actor } from '../identity/index.ts';
import { succeeded, transferError, type LedgerService, type TransferInput } from '../ledger/index.ts';
import { EventCollector, OrderBook, type BookSnapshot, type Command, type NewOrderCommand, type OrderKind, type SideName, type TimeInForce } from './engine/index.ts';
import { ExchangeErrors } from './errors.ts';
import { exchangeEscrow, releaseTransfer, reserveTransfer, sandboxClearing, tradeId, tradeTransfer, tradeValue, traderAccount } from './funding.ts';
import { ExchangeHub } from './hub.ts';
import { bandOf, getInstrument, inSession, listInstruments, updateInstrument, type Band, type Instrument, type InstrumentPatch, type TradingMode } from './instruments.ts';
import { getLot, insertLot, lockLots, lotsOf, releaseLotFromAuction, reserveLotForAuction, sellLotInAuction, toLot, writeLotDeltas, type Lot, type LotInput } from './lots.ts';
import * as md from './market-data.ts';

export type OrderStatus = 'open' | 'partially_filled' | 'filled' | 'cancelled';

export interface TradeBrief {
  id: string;
  priceFen: number;
  quantity: number;
}

export interface OrderView {
  id: string;
  instrumentId: string;
  side: SideName;
  type: OrderKind;
  timeInForce: TimeInForce;
  priceFen: number | null;
  quantity: number;
  filledQuantity: number;
  remainingQuantity: number;
  status: OrderStatus;
  lotId: string | null;
  listing: boolean;
  note: string | null;
  reservedFen: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlacedOrder extends OrderView {
  trades: TradeBrief[];
}

export interface TradeConfirmation {
  id: string;
  instrumentId: string;
  priceFen: number;
  quantity: number;
  valueFen: number;
  aggressor: SideName;
  side: SideName;
  buyOrderId: string;
  sellOrderId: string;
  lotId: string | null;
  delivery: Record<string, unknown>;
  at: Date;
}

export interface OrderInput {
  instrumentId: string;
  side: SideName;
  type: OrderKind;
  timeInForce?: TimeInForce;
  priceFen?: number;
  quantity: number;
  lotId?: string;
}

export interface ExchangeOptions {
  /** Commands per group commit. */
  maxBatch?: number;
  /** Sandbox deposits (never in production). */
  depositsEnabled: boolean;
}

interface LiveOrder {
  id: string;
  num: number;
  instrumentId: string;
  userId: string;
  side: SideName;
  type: OrderKind;
  tif: TimeInForce;
  priceFen: number | null;
  quantity: number;
  filled: number;
  cancelled: number;
  remaining: number;
  done: boolean;
  lotId: string | null;
  listing: boolean;
  note: string | null;
  reservePriceFen: number | null;
  reservationGen: number;
  reservedFen: bigint;
  createdAt: Date;
  updatedAt: Date;
}

type Job =
  | {
      kind: 'new';
      userId: string;
      owner: number;
      input: OrderInput & { timeInForce: TimeInForce };
      mode: TradingMode;
      listing: boolean;
      note: string | null;
      /** For a take: the listing it targets (must still be live). */
      takeOf?: string;
      resolve: (v: PlacedOrder) => void;
      reject: (e: unknown) => void;
    }
  | { kind: 'cancel'; userId: string; owner: number; orderId: string; resolve: (v: PlacedOrder) => void; reject: (e: unknown) => void }
  | {
      kind: 'amend';
      userId: string;
      owner: number;
      orderId: string;
      /** The new price, or null to keep the order's price. */
      priceFen: number | null;
      /** The new open quantity. */
      quantity: number;
      resolve: (v: PlacedOrder) => void;
      reject: (e: unknown) => void;
    }
  | { kind: 'config'; actor: Actor; patch: InstrumentPatch; resolve: (v: Instrument) => void; reject: (e: unknown) => void }
  | { kind: 'exclusive'; run: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

const OUT_STATUSES = new Set<OrderStatus>(['filled', 'cancelled']);

function statusOf(o: LiveOrder): OrderStatus {
  if (o.done) return o.filled === o.quantity ? 'filled' : 'cancelled';
  return o.filled > 0 ? 'partially_filled' : 'open';
}

function view(o: LiveOrder): OrderView {
  return {
    id: o.id,
    instrumentId: o.instrumentId,
    side: o.side,
    type: o.type,
    timeInForce: o.tif,
    priceFen: o.priceFen,
    quantity: o.quantity,
    filledQuantity: o.filled,
    remainingQuantity: o.done ? 0 : o.remaining,
    status: statusOf(o),
    lotId: o.lotId,
    listing: o.listing,
    note: o.note,
    reservedFen: Number(o.reservedFen),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

interface OrderRow {
  id: string;
  instrument_id: string;
  num: bigint;
  user_id: string;
  side: SideName;
  type: OrderKind;
  tif: TimeInForce;
  price_fen: bigint | null;
  quantity: number;
  filled: number;
  cancelled: number;
  remaining: number;
  status: OrderStatus;
  lot_id: string | null;
  listing: boolean;
  note: string | null;
  reserve_price_fen: bigint | null;
  reservation_gen: number;
  reserved_fen: bigint;
  created_at: Date;
  updated_at: Date;
}

function fromRow(r: OrderRow): LiveOrder {
  return {
    id: r.id,
    num: Number(r.num),
    instrumentId: r.instrument_id,
    userId: r.user_id,
    side: r.side,
    type: r.type,
    tif: r.tif,
    priceFen: r.price_fen === null ? null : Number(r.price_fen),
    quantity: r.quantity,
    filled: r.filled,
    cancelled: r.cancelled,
    remaining: r.remaining,
    done: OUT_STATUSES.has(r.status),
    lotId: r.lot_id,
    listing: r.listing,
    note: r.note,
    reservePriceFen: r.reserve_price_fen === null ? null : Number(r.reserve_price_fen),
    reservationGen: r.reservation_gen,
    reservedFen: r.reserved_fen,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const REJECT_CODES: Record<string, string> = {
  price_out_of_band: ExchangeErrors.PRICE_OUT_OF_BAND,
  unknown_order: ExchangeErrors.ORDER_NOT_OPEN,
  not_owner: CommonErrors.NOT_FOUND,
};

interface TradeRow {
  id: string;
  seq: number;
  n: number;
  priceFen: number;
  quantity: number;
  valueFen: bigint;
  aggressor: SideName;
  buy: LiveOrder;
  sell: LiveOrder;
  lot: Lot | null;
  at: Date;
}

/** One instrument's single writer. */
class BookWriter {
  book!: OrderBook;
  instrument!: Instrument;
  private readonly live = new Map<number, LiveOrder>();
  private readonly byId = new Map<string, LiveOrder>();
  private readonly lots = new Map<string, Lot>();
  private readonly candles = new Map<string, md.CandleState>();
  private readonly collector = new EventCollector();
  private queue: Job[] = [];
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private loaded: Promise<void> | null = null;

  constructor(
    readonly instrumentId: string,
    private readonly svc: ExchangeService,
  ) {}

  ensureLoaded(): Promise<void> {
    return (this.loaded ??= this.load().catch((e: unknown) => {
      this.loaded = null;
      throw e;
    }));
  }

  /** Rebuilds the book from the journal and the live orders from their rows. */
  private async load(): Promise<void> {
    const db = this.svc.db;
    const instrument = await getInstrument(db, this.instrumentId);
    if (!instrument) throw new AppError(CommonErrors.NOT_FOUND);
    this.instrument = instrument;
    await this.svc.ledger.ensureAccount(db, exchangeEscrow());
    this.book = await replayJournal(db, instrument);
    this.book.setSink(this.collector);
    this.live.clear();
    this.byId.clear();
    this.lots.clear();
    this.candles.clear();
    const rows = await sql<OrderRow>`
      select * from exchange_orders where instrument_id = ${this.instrumentId} and status in ('open', 'partially_filled')`.execute(db);
    for (const r of rows.rows) {
      const o = fromRow(r);
      this.live.set(o.num, o);
      this.byId.set(o.id, o);
    }
    // The replayed journal and the orders table were written in the same transactions: they agree.
    if (this.book.size !== this.live.size) {
      throw new Error(`exchange ${instrument.code}: replayed book holds ${this.book.size} orders, the orders table ${this.live.size}`);
    }
    for (const o of this.live.values()) {
      const resting = this.book.order(o.num);
      if (!resting || resting.qty !== o.remaining || resting.side !== o.side) {
        throw new Error(`exchange ${instrument.code}: order ${o.id} rests ${resting?.qty ?? 0} in the replayed book, ${o.remaining} in the table`);
      }
    }
  }

  liveOrder(id: string): LiveOrder | undefined {
    return this.byId.get(id);
  }

  submit<T>(job: Job & { resolve: (v: T) => void }): void {
    this.queue.push(job as Job);
    if (!this.running) {
      this.running = true;
      this.idle = this.drain();
    }
  }

  /** Resolves when the queue is empty (close, tests). */
  async settled(): Promise<void> {
    while (this.running) await this.idle;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.svc.maxBatch);
        try {
          await this.ensureLoaded();
        } catch (e) {
          for (const j of batch) j.reject(e);
          continue;
        }
        await this.runBatch(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async runBatch(batch: Job[]): Promise<void> {
    // Exclusive jobs run alone, between batches. An amend starts a new group commit when an
    // order or another amend precedes it in the group: its funding (and lot) check is made
    // against the order as it rests before the group, so nothing earlier in the group may
    // trade against it or change it.
    const normal: Job[] = [];
    for (const j of batch) {
      if (j.kind === 'exclusive') {
        if (normal.length) await this.commitBatch(normal.splice(0));
        try {
          j.resolve(await j.run());
        } catch (e) {
          j.reject(e);
        }
      } else {
        if (j.kind === 'amend' && normal.some((x) => x.kind === 'new' || x.kind === 'amend')) await this.commitBatch(normal.splice(0));
        normal.push(j);
      }
    }
    if (normal.length) await this.commitBatch(normal);
  }

  private async commitBatch(batch: Job[]): Promise<void> {
    let outcome: BatchOutcome;
    try {
      await this.ensureLoaded();
      outcome = await inTransaction(this.svc.db, (tx) => this.process(tx, batch));
    } catch (e) {
      // Nothing of the batch is durable: refuse it and rebuild memory from the database.
      this.loaded = null;
      const err = e instanceof AppError ? e : new AppError(ExchangeErrors.EXCHANGE_UNAVAILABLE, { cause: e });
      for (const j of batch) j.reject(err);
      if (!(e instanceof AppError)) this.svc.onError(e);
      return;
    }
    for (const [j, r] of outcome.results) {
      if (r.ok) j.resolve(r.value as never);
      else j.reject(r.error);
    }
    for (const o of outcome.touched) {
      if (o.done) {
        this.live.delete(o.num);
        this.byId.delete(o.id);
      }
    }
    this.publish(outcome);
  }

  private publish(out: BatchOutcome): void {
    const hub = this.svc.hub;
    const ch = this.instrumentId;
    for (const t of out.trades) {
      hub.publish(ch, 'trade', { instrumentId: ch, id: t.id, priceFen: t.priceFen, quantity: t.quantity, aggressor: t.aggressor, at: t.at.toISOString() });
    }
    for (const c of out.candles) hub.publish(ch, 'candle', { instrumentId: ch, ...md.publicCandle(c) });
    if (out.bookChanged) hub.publish(ch, 'book', { instrumentId: ch, ...this.depth(10) });
  }

  depth(levels: number): { bids: Array<{ priceFen: number; quantity: number }>; asks: Array<{ priceFen: number; quantity: number }> } {
    const d = this.book.depth(levels);
    const tick = this.instrument.tickFen;
    return {
      bids: d.bids.map((l) => ({ priceFen: l.price * tick, quantity: l.qty })),
      asks: d.asks.map((l) => ({ priceFen: l.price * tick, quantity: l.qty })),
    };
  }

  private async lotFor(tx: Tx, lotId: string): Promise<Lot | null> {
    let lot = this.lots.get(lotId);
    if (!lot) {
      const l = await getLot(tx, lotId);
      if (!l) return null;
      this.lots.set(lotId, (lot = l));
    }
    return lot;
  }

  private async candleFor(tx: Tx, t: string): Promise<md.CandleState | null> {
    if (this.candles.has(t)) return this.candles.get(t)!;
    const c = await md.candleOn(tx, this.instrumentId, t);
    if (c) this.candles.set(t, c);
    return c;
  }

  /** The whole batch inside one transaction. Mutates memory; a throw makes the caller reload. */
  private async process(tx: Tx, batch: Job[]): Promise<BatchOutcome> {
    const now = this.svc.clock.now();
    const ts = now.getTime();
    const today = beijingDate(now);
    const results = new Map<Job, { ok: true; value: unknown } | { ok: false; error: unknown }>();
    const journal: Command[] = [];
    const touched = new Set<LiveOrder>();
    const trades: TradeRow[] = [];
    const lotsTouched = new Map<string, { id: string; dReserved: number; dSold: number }>();
    const moveLot = (lot: Lot, dReserved: number, dSold: number) => {
      lot.reserved += dReserved;
      lot.sold += dSold;
      const d = lotsTouched.get(lot.id) ?? { id: lot.id, dReserved: 0, dSold: 0 };
      d.dReserved += dReserved;
      d.dSold += dSold;
      lotsTouched.set(lot.id, d);
    };
    const candlesTouched = new Set<md.CandleState>();
    let bookChanged = false;
    const fail = (j: Job, code: string, detail?: string) => results.set(j, { ok: false, error: new AppError(code, detail ? { detail } : {}) });

    const apply = (cmd: Command) => {
      journal.push(cmd);
      this.book.apply(cmd);
      bookChanged = true;
      return this.collector.take();
    };

    // Daily band: the first batch of a Beijing day moves the band to the last close.
    if (this.instrument.bandDate !== today) {
      const prev = (await md.lastCloseBefore(tx, this.instrumentId, today)) ?? this.instrument.prevSettlementFen;
      this.instrument = { ...this.instrument, prevSettlementFen: prev, bandDate: today };
      await updateInstrument(tx, this.instrumentId, { prevSettlementFen: prev, bandDate: today });
      this.applyBand(apply, ts);
    }

    // Validation in memory. The lots this batch sells from are locked and re-read first: auctions
    // reserve, release and sell head of a lot in their own transactions (lots.ts).
    const sellLots = new Set<string>();
    for (const j of batch) {
      if (j.kind === 'new' && j.input.side === 'sell' && j.input.lotId && isUuid(j.input.lotId)) sellLots.add(j.input.lotId);
      if (j.kind === 'amend') {
        const lotId = this.byId.get(j.orderId)?.lotId;
        if (lotId) sellLots.add(lotId);
      }
    }
    for (const lot of await lockLots(tx, [...sellLots])) this.lots.set(lot.id, lot);
    const accepted: Array<Extract<Job, { kind: 'new' | 'cancel' | 'amend' | 'config' }>> = [];
    const inst = this.instrument;
    const band = bandOf(inst);
    const lotUse = new Map<string, number>();
    for (const j of batch) {
      if (j.kind === 'config') {
        accepted.push(j);
        continue;
      }
      if (j.kind === 'exclusive') continue;
      if (j.kind === 'cancel') {
        const o = this.byId.get(j.orderId);
        if (!o || o.userId !== j.userId) fail(j, o ? CommonErrors.NOT_FOUND : ExchangeErrors.ORDER_NOT_OPEN);
        else accepted.push(j);
        continue;
      }
      if (j.kind === 'amend') {
        const code = this.validateAmend(j, now, band, lotUse);
        if (code) fail(j, code.code, code.detail);
        else accepted.push(j);
        continue;
      }
      const input = j.input;
      if (!inst.modes.includes(j.mode)) {
        fail(j, ExchangeErrors.MODE_NOT_ALLOWED);
        continue;
      }
      if (!inSession(inst, now)) {
        fail(j, ExchangeErrors.MARKET_CLOSED);
        continue;
      }
      if (j.takeOf !== undefined) {
        const target = this.byId.get(j.takeOf);
        if (!target || !target.listing) {
          fail(j, ExchangeErrors.ORDER_NOT_OPEN);
          continue;
        }
      }
      if (input.type === 'limit') {
        const p = input.priceFen!;
        if (p % inst.tickFen !== 0) {
          fail(j, ExchangeErrors.INVALID_TICK);
          continue;
        }
        if (p < band.loFen || p > band.hiFen) {
          fail(j, ExchangeErrors.PRICE_OUT_OF_BAND, `${band.loFen}–${band.hiFen}`);
          continue;
        }
      }
      if (input.side === 'sell') {
        const lot = input.lotId && sellLots.has(input.lotId) ? this.lots.get(input.lotId) : null;
        if (!lot || lot.ownerId !== j.userId || lot.instrumentId !== this.instrumentId || !lot.quarantineCertificateNo) {
          fail(j, ExchangeErrors.QUARANTINE_CERTIFICATE_REQUIRED);
          continue;
        }
        const used = lotUse.get(lot.id) ?? 0;
        if (lot.headCount - lot.reserved - lot.sold - used < input.quantity) {
          fail(j, ExchangeErrors.LOT_INSUFFICIENT);
          continue;
        }
        lotUse.set(lot.id, used + input.quantity);
      }
      accepted.push(j);
    }

    // Phase A: reserve buyers' money, one ledger batch; refused reservations are unfunded.
    const ids = new Map<Job, string>();
    const reserve: Array<{ job: Job; t: TransferInput; priceFen: number; amount: bigint }> = [];
    for (const j of accepted) {
      if (j.kind !== 'new') continue;
      const id = uuidv7();
      ids.set(j, id);
      if (j.input.side !== 'buy') continue;
      const priceFen = j.input.type === 'limit' ? j.input.priceFen! : band.hiFen;
      const amount = tradeValue(priceFen, j.input.quantity, inst.kgPerHead);
      reserve.push({ job: j, t: reserveTransfer(j.userId, id, 0, amount), priceFen, amount });
    }
    // An amended buy whose open value grows: void its reservation and reserve the new open value,
    // linked, so an unfunded amend changes nothing. (A smaller value is released in phase B.)
    const regrow: Array<{ job: Job; o: LiveOrder; amount: bigint; at: number }> = [];
    const amendTransfers: TransferInput[] = [];
    for (const j of accepted) {
      if (j.kind !== 'amend') continue;
      const o = this.byId.get(j.orderId)!;
      if (o.side !== 'buy' || o.reservePriceFen === null) continue;
      const amount = tradeValue(j.priceFen ?? o.priceFen!, j.quantity, inst.kgPerHead);
      if (amount <= o.reservedFen) continue;
      if (o.reservedFen > 0n) amendTransfers.push({ ...releaseTransfer(o.userId, o.id, o.reservationGen, o.reservedFen), linked: true });
      amendTransfers.push(reserveTransfer(o.userId, o.id, o.reservationGen + 1, amount));
      regrow.push({ job: j, o, amount, at: amendTransfers.length - 1 });
    }
    const funded = new Map<Job, { priceFen: number; amount: bigint }>();
    if (reserve.length || amendTransfers.length) {
      const res = await this.svc.ledger.createTransfers(tx, [...reserve.map((r) => r.t), ...amendTransfers]);
      reserve.forEach((x, i) => {
        const r = res[i]!;
        if (succeeded(r.result)) funded.set(x.job, { priceFen: x.priceFen, amount: x.amount });
        else if (['exceeds_credits', 'debit_account_not_found'].includes(r.result)) fail(x.job, ExchangeErrors.INSUFFICIENT_FUNDS);
        else throw transferError(r);
      });
      for (const g of regrow) {
        const r = res[reserve.length + g.at]!;
        if (succeeded(r.result)) {
          g.o.reservationGen += 1;
          g.o.reservedFen = g.amount;
          touched.add(g.o);
        } else if (r.result === 'exceeds_credits') fail(g.job, ExchangeErrors.INSUFFICIENT_FUNDS);
        else throw transferError(r);
      }
    }

    // Sequence, apply, collect.
    for (const j of accepted) {
      if (results.has(j)) continue;
      if (j.kind === 'config') {
        const before = this.instrument;
        const next: Instrument = {
          ...before,
          ...(j.patch.modes ? { modes: j.patch.modes } : {}),
          ...(j.patch.bandBp !== undefined ? { bandBp: j.patch.bandBp } : {}),
          ...(j.patch.prevSettlementFen !== undefined ? { prevSettlementFen: j.patch.prevSettlementFen } : {}),
          ...(j.patch.session ? { session: { ...j.patch.session, tz: 'Asia/Shanghai' as const } } : {}),
        };
        await updateInstrument(tx, this.instrumentId, j.patch);
        await this.svc.audit.record(tx, {
          actor: { userId: j.actor.userId, displayName: j.actor.displayName },
          subjectType: 'exchange_instrument',
          subjectId: this.instrumentId,
          action: 'exchange_instrument.updated',
          before: { modes: before.modes, bandBp: before.bandBp, prevSettlementFen: before.prevSettlementFen, session: before.session },
          after: { modes: next.modes, bandBp: next.bandBp, prevSettlementFen: next.prevSettlementFen, session: next.session },
        });
        this.instrument = next;
        if (next.bandBp !== before.bandBp || next.prevSettlementFen !== before.prevSettlementFen) this.applyBand(apply, ts);
        results.set(j, { ok: true, value: next });
        continue;
      }
      const seq = this.book.lastSeq + 1;
      let cmd: Command;
      let order: LiveOrder | null = null;
      if (j.kind === 'cancel') {
        const o = this.byId.get(j.orderId)!;
        cmd = { seq, type: 'cancel', ts, orderId: o.num, owner: j.owner };
        order = o;
      } else if (j.kind === 'amend') {
        const o = this.byId.get(j.orderId)!;
        cmd = { seq, type: 'amend', ts, orderId: o.num, owner: j.owner, price: (j.priceFen ?? o.priceFen!) / inst.tickFen, qty: j.quantity };
        order = o;
      } else {
        const input = j.input;
        const f = funded.get(j);
        order = {
          id: ids.get(j)!,
          num: seq,
          instrumentId: this.instrumentId,
          userId: j.userId,
          side: input.side,
          type: input.type,
          tif: input.timeInForce,
          priceFen: input.type === 'limit' ? input.priceFen! : null,
          quantity: input.quantity,
          filled: 0,
          cancelled: 0,
          remaining: 0,
          done: false,
          lotId: input.side === 'sell' ? input.lotId! : null,
          listing: j.listing,
          note: j.note,
          reservePriceFen: f ? f.priceFen : null,
          reservationGen: 0,
          reservedFen: f ? f.amount : 0n,
          createdAt: now,
          updatedAt: now,
        };
        if (order.lotId) moveLot(this.lots.get(order.lotId)!, input.quantity, 0);
        this.live.set(seq, order);
        this.byId.set(order.id, order);
        const nc: NewOrderCommand = {
          seq,
          type: 'new',
          ts,
          orderId: seq,
          owner: j.owner,
          side: input.side,
          kind: input.type,
          tif: input.timeInForce,
          price: input.type === 'limit' ? input.priceFen! / inst.tickFen : 0,
          qty: input.quantity,
        };
        cmd = nc;
      }
      touched.add(order);
      const events = apply(cmd);
      const briefs: TradeBrief[] = [];
      let selfTraded = false;
      let rejected: string | null = null;
      let n = 0;
      for (const e of events) {
        switch (e.e) {
          case 'accepted':
            order.remaining = e.qty;
            break;
          case 'rejected':
            rejected = e.reason;
            break;
          case 'trade': {
            const maker = this.live.get(e.makerId)!;
            const taker = this.live.get(e.takerId)!;
            const buy = e.aggressor === 'buy' ? taker : maker;
            const sell = e.aggressor === 'buy' ? maker : taker;
            const priceFen = e.price * inst.tickFen;
            maker.filled += e.qty;
            maker.remaining -= e.qty;
            taker.filled += e.qty;
            // An amended order that re-enters at a new price is the taker; it was resting.
            if (j.kind === 'amend' && taker === order) taker.remaining -= e.qty;
            maker.updatedAt = now;
            taker.updatedAt = now;
            touched.add(maker);
            const lot = sell.lotId ? this.lots.get(sell.lotId) ?? (await this.lotFor(tx, sell.lotId)) : null;
            if (lot) moveLot(lot, -e.qty, e.qty);
            const tr: TradeRow = {
              id: tradeId(this.instrumentId, seq, n),
              seq,
              n,
              priceFen,
              quantity: e.qty,
              valueFen: tradeValue(priceFen, e.qty, inst.kgPerHead),
              aggressor: e.aggressor,
              buy,
              sell,
              lot,
              at: now,
            };
            n++;
            trades.push(tr);
            briefs.push({ id: tr.id, priceFen, quantity: e.qty });
            const candle = await this.candleFor(tx, today);
            if (candle) {
              candle.high = Math.max(candle.high, priceFen);
              candle.low = Math.min(candle.low, priceFen);
              candle.close = priceFen;
              candle.volume += e.qty;
              candle.pq += BigInt(priceFen) * BigInt(e.qty);
              candlesTouched.add(candle);
            } else {
              const c: md.CandleState = { t: today, open: priceFen, high: priceFen, low: priceFen, close: priceFen, volume: e.qty, pq: BigInt(priceFen) * BigInt(e.qty) };
              this.candles.set(today, c);
              candlesTouched.add(c);
            }
            break;
          }
          case 'cancelled': {
            const o = this.live.get(e.orderId)!;
            o.cancelled += e.qty;
            if (o !== order || j.kind !== 'new') o.remaining = Math.max(0, o.remaining - e.qty);
            o.updatedAt = now;
            touched.add(o);
            if (e.reason === 'self_trade' && o === order && j.kind !== 'cancel') selfTraded = true;
            if (o.lotId) {
              const lot = this.lots.get(o.lotId) ?? (await this.lotFor(tx, o.lotId));
              if (lot) moveLot(lot, -e.qty, 0);
            }
            break;
          }
          case 'done': {
            const o = this.live.get(e.orderId)!;
            o.done = true;
            o.remaining = 0;
            o.updatedAt = now;
            touched.add(o);
            break;
          }
          case 'amended': {
            // The order's size becomes what it has done plus the new open quantity.
            const o = this.live.get(e.orderId)!;
            o.priceFen = e.price * inst.tickFen;
            o.quantity = o.filled + o.cancelled + e.qty;
            o.remaining = e.qty;
            if (o.side === 'buy' && o.reservePriceFen !== null) o.reservePriceFen = o.priceFen;
            o.updatedAt = now;
            touched.add(o);
            if (o.lotId) {
              const lot = this.lots.get(o.lotId) ?? (await this.lotFor(tx, o.lotId));
              if (lot) moveLot(lot, e.qty - e.oldQty, 0);
            }
            break;
          }
        }
      }
      // An incoming order rests what it did not trade or cancel.
      if (j.kind === 'new' && !order.done && rejected === null) order.remaining = order.quantity - order.filled - order.cancelled;
      if (rejected !== null) {
        if (j.kind === 'new') {
          // Never in practice (validated above); undo the order and its reservation.
          order.done = true;
          order.cancelled = order.quantity;
          if (order.lotId) moveLot(this.lots.get(order.lotId)!, -order.quantity, 0);
        }
        fail(j, REJECT_CODES[rejected] ?? CommonErrors.VALIDATION_FAILED, rejected);
        continue;
      }
      if (selfTraded && (j.kind === 'amend' ? briefs.length === 0 : order.filled === 0)) {
        fail(j, ExchangeErrors.SELF_TRADE);
        continue;
      }
      // A buy's reservation as phase B leaves it for the order's state now (its open value).
      const reservedFen = order.side === 'buy' && order.reservePriceFen !== null ? tradeValue(order.reservePriceFen, order.done ? 0 : order.remaining, inst.kgPerHead) : order.reservedFen;
      results.set(j, { ok: true, value: { ...view(order), reservedFen: Number(reservedFen), trades: briefs } satisfies PlacedOrder });
    }

    // Phase B: reservations follow the open quantity; trades post buyer → seller.
    const releases: TransferInput[] = [];
    const reserves: TransferInput[] = [];
    for (const o of touched) {
      if (o.side !== 'buy' || o.reservePriceFen === null) continue;
      const open = o.done ? 0 : o.remaining;
      const want = tradeValue(o.reservePriceFen, open, inst.kgPerHead);
      if (want === o.reservedFen) continue;
      if (o.reservedFen > 0n) releases.push(releaseTransfer(o.userId, o.id, o.reservationGen, o.reservedFen));
      o.reservationGen += 1;
      o.reservedFen = want;
      if (want > 0n) reserves.push(reserveTransfer(o.userId, o.id, o.reservationGen, want));
    }
    const posts = trades.map((t) =>
      tradeTransfer({ instrumentId: this.instrumentId, seq: t.seq, n: t.n, buyerId: t.buy.userId, sellerId: t.sell.userId, valueFen: t.valueFen, tradeId: t.id }),
    );
    const phaseB = [...releases, ...posts, ...reserves];
    if (phaseB.length) {
      const res = await this.svc.ledger.createTransfers(tx, phaseB);
      const bad = res.find((r) => !succeeded(r.result));
      if (bad) throw transferError(bad);
    }

    // Durable records, same transaction.
    if (journal.length) {
      const at = now.toISOString();
      await sql`
        insert into exchange_journal (instrument_id, seq, command, at)
        select ${this.instrumentId}::uuid, x.seq, x.command, ${at}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(journal.map((c) => ({ seq: c.seq, command: c })))}::jsonb) as x(seq bigint, command jsonb)`.execute(tx);
    }
    if (touched.size) await writeOrders(tx, [...touched]);
    if (trades.length) await writeTrades(tx, this.instrumentId, trades, inst, today);
    if (lotsTouched.size) await writeLotDeltas(tx, [...lotsTouched.values()]);
    if (candlesTouched.size) await md.upsertCandles(tx, this.instrumentId, [...candlesTouched]);

    return { results: [...results], touched: [...touched], trades, candles: [...candlesTouched], bookChanged };
  }

  /** An amend's checks, as for a new order: mode, session, tick, band, the lot's free head. */
  private validateAmend(j: Extract<Job, { kind: 'amend' }>, now: Date, band: Band, lotUse: Map<string, number>): { code: string; detail?: string } | null {
    const inst = this.instrument;
    const o = this.byId.get(j.orderId);
    if (!o) return { code: ExchangeErrors.ORDER_NOT_OPEN };
    if (o.userId !== j.userId) return { code: CommonErrors.NOT_FOUND };
    if (o.type !== 'limit' || o.priceFen === null) return { code: ExchangeErrors.ORDER_NOT_OPEN };
    if (!inst.modes.includes(o.listing ? 'listing' : 'continuous')) return { code: ExchangeErrors.MODE_NOT_ALLOWED };
    if (!inSession(inst, now)) return { code: ExchangeErrors.MARKET_CLOSED };
    const price = j.priceFen ?? o.priceFen;
    if (price % inst.tickFen !== 0) return { code: ExchangeErrors.INVALID_TICK };
    // Reducing in place is allowed outside today's band (the engine's rule); anything else is not.
    if ((price !== o.priceFen || j.quantity > o.remaining) && (price < band.loFen || price > band.hiFen)) {
      return { code: ExchangeErrors.PRICE_OUT_OF_BAND, detail: `${band.loFen}–${band.hiFen}` };
    }
    if (o.lotId) {
      const more = j.quantity - o.remaining;
      const lot = this.lots.get(o.lotId);
      if (more > 0) {
        const used = lotUse.get(o.lotId) ?? 0;
        if (!lot || lot.headCount - lot.reserved - lot.sold - used < more) return { code: ExchangeErrors.LOT_INSUFFICIENT };
        lotUse.set(o.lotId, used + more);
      }
    }
    return null;
  }

  private applyBand(apply: (cmd: Command) => unknown, ts: number): void {
    const b = bandOf(this.instrument);
    apply({ seq: this.book.lastSeq + 1, type: 'band', ts, lo: b.loFen / this.instrument.tickFen, hi: b.hiFen / this.instrument.tickFen });
  }
}

interface BatchOutcome {
  results: Array<[Job, { ok: true; value: unknown } | { ok: false; error: unknown }]>;
  touched: LiveOrder[];
  trades: TradeRow[];
  candles: md.CandleState[];
  bookChanged: boolean;
}

async function writeOrders(tx: Tx, orders: LiveOrder[]): Promise<void> {
  const rows = orders.map((o) => ({
    id: o.id,
    instrument_id: o.instrumentId,
    num: o.num,
    user_id: o.userId,
    side: o.side,
    type: o.type,
    tif: o.tif,
    price_fen: o.priceFen,
    quantity: o.quantity,
    filled: o.filled,
    cancelled: o.cancelled,
    remaining: o.done ? 0 : o.remaining,
    status: statusOf(o),
    lot_id: o.lotId,
    listing: o.listing,
    note: o.note,
    reserve_price_fen: o.reservePriceFen,
    reservation_id: o.reservedFen > 0n ? reserveTransfer(o.userId, o.id, o.reservationGen, o.reservedFen).id : null,
    reserved_fen: o.reservedFen.toString(),
    reservation_gen: o.reservationGen,
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
  }));
  await sql`
    insert into exchange_orders (id, instrument_id, num, user_id, side, type, tif, price_fen, quantity, filled, cancelled, remaining,
      status, lot_id, listing, note, reserve_price_fen, reservation_id, reserved_fen, reservation_gen, created_at, updated_at)
    select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, instrument_id uuid, num bigint, user_id uuid, side text,
      type text, tif text, price_fen bigint, quantity int, filled int, cancelled int, remaining int, status text, lot_id uuid,
      listing boolean, note text, reserve_price_fen bigint, reservation_id uuid, reserved_fen bigint, reservation_gen int,
      created_at timestamptz, updated_at timestamptz)
    on conflict (id) do update set price_fen = excluded.price_fen, quantity = excluded.quantity,
      reserve_price_fen = excluded.reserve_price_fen, filled = excluded.filled, cancelled = excluded.cancelled, remaining = excluded.remaining,
      status = excluded.status, reservation_id = excluded.reservation_id, reserved_fen = excluded.reserved_fen,
      reservation_gen = excluded.reservation_gen, updated_at = excluded.updated_at`.execute(tx);
}

async function writeTrades(tx: Tx, instrumentId: string, trades: TradeRow[], inst: Instrument, today: string): Promise<void> {
  const rows = trades.map((t) => ({
    id: t.id,
    seq: t.seq,
    n: t.n,
    price_fen: t.priceFen,
    quantity: t.quantity,
    value_fen: t.valueFen.toString(),
    aggressor: t.aggressor,
    buy_order_id: t.buy.id,
    sell_order_id: t.sell.id,
    buyer_id: t.buy.userId,
    seller_id: t.sell.userId,
    lot_id: t.lot?.id ?? null,
    delivery: {
      lotId: t.lot?.id ?? null,
      farmName: t.lot?.farmName ?? null,
      townCode: t.lot?.townCode ?? null,
      pickup: t.lot ? `${t.lot.farmName}（${t.lot.townCode}）` : null,
      quarantineCertificateNo: t.lot?.quarantineCertificateNo ?? null,
      avgWeightKg: t.lot?.avgWeightKg ?? null,
      headCount: t.quantity,
      standardWeightKg: inst.priceUnit === 'fen_per_kg' ? t.quantity * inst.kgPerHead : null,
      breed: t.lot?.breed ?? null,
    },
    trade_date: today,
    at: t.at.toISOString(),
  }));
  await sql`
    insert into exchange_trades (id, instrument_id, seq, n, price_fen, quantity, value_fen, aggressor, buy_order_id, sell_order_id,
      buyer_id, seller_id, lot_id, delivery, trade_date, at)
    select x.id, ${instrumentId}::uuid, x.seq, x.n, x.price_fen, x.quantity, x.value_fen, x.aggressor, x.buy_order_id, x.sell_order_id,
      x.buyer_id, x.seller_id, x.lot_id, x.delivery, x.trade_date, x.at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, seq bigint, n int, price_fen bigint, quantity int, value_fen bigint,
      aggressor text, buy_order_id uuid, sell_order_id uuid, buyer_id uuid, seller_id uuid, lot_id uuid, delivery jsonb, trade_date date,
      at timestamptz)`.execute(tx);
}

/** Rebuilds an instrument's book from its journal rows, in seq order. */
export async function replayJournal(ex: Executor, instrument: Instrument): Promise<OrderBook> {
  const band = bandOf(instrument);
  let book: OrderBook | null = null;
  const PAGE = 20_000;
  let after = 0;
  for (;;) {
    const r = await sql<{ seq: bigint; command: Command }>`
      select seq, command from exchange_journal where instrument_id = ${instrument.id} and seq > ${after} order by seq limit ${PAGE}`.execute(ex);
    for (const row of r.rows) {
      const cmd = row.command;
      if (!book) {
        // The first command of a journal is the band the book opened with.
        const cfg = cmd.type === 'band' ? { lo: cmd.lo, hi: cmd.hi } : { lo: band.loFen / instrument.tickFen, hi: band.hiFen / instrument.tickFen };
        book = new OrderBook({ ...cfg, instrument: instrument.id });
      }
      book.apply(cmd);
    }
    if (r.rows.length < PAGE) break;
    after = Number(r.rows[r.rows.length - 1]!.seq);
  }
  return book ?? new OrderBook({ lo: band.loFen / instrument.tickFen, hi: band.hiFen / instrument.tickFen, instrument: instrument.id });
}

export interface InstrumentView extends Omit<Instrument, 'prevSettlementFen' | 'bandBp' | 'bandDate'> {
  quantityUnit: 'head';
  band: Band;
  lastFen: number | null;
  changeBp: number | null;
  volumeToday: number;
}

export interface AccountView {
  balanceFen: number;
  reservedFen: number;
  availableFen: number;
}

export class ExchangeService {
  readonly hub = new ExchangeHub();
  readonly maxBatch: number;
  private readonly writers = new Map<string, BookWriter>();
  private readonly owners = new Map<string, number>();
  private closed = false;
  onError: (e: unknown) => void = () => {};

  constructor(
    readonly db: Db,
    readonly deps: { ledger: LedgerService; audit: AuditService; clock: Clock },
    private readonly options: ExchangeOptions,
  ) {
    this.maxBatch = options.maxBatch ?? 512;
  }

  get ledger(): LedgerService {
    return this.deps.ledger;
  }
  get audit(): AuditService {
    return this.deps.audit;
  }
  get clock(): Clock {
    return this.deps.clock;
  }

  /** Rebuilds every book from its journal (server start; a crash restart). */
  async start(): Promise<{ instruments: number; restingOrders: number }> {
    await this.ledger.ensureAccount(this.db, exchangeEscrow());
    let resting = 0;
    for (const i of await listInstruments(this.db)) {
      const w = this.writer(i.id);
      await w.ensureLoaded();
      resting += w.book.size;
    }
    return { instruments: this.writers.size, restingOrders: resting };
  }

  /** Waits for the queues to drain; later commands are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.writers.values()) await w.settled();
  }

  private writer(instrumentId: string): BookWriter {
    let w = this.writers.get(instrumentId);
    if (!w) this.writers.set(instrumentId, (w = new BookWriter(instrumentId, this)));
    return w;
  }

  private async loadedWriter(instrumentId: string): Promise<BookWriter> {
    const w = this.writer(instrumentId);
    try {
      await w.ensureLoaded();
    } catch (e) {
      this.writers.delete(instrumentId);
      throw e;
    }
    return w;
  }

  private async ownerNum(userId: string): Promise<number> {
    const known = this.owners.get(userId);
    if (known !== undefined) return known;
    await sql`insert into exchange_traders (user_id) values (${userId}) on conflict do nothing`.execute(this.db);
    const r = await sql<{ num: number }>`select num from exchange_traders where user_id = ${userId}`.execute(this.db);
    const num = r.rows[0]!.num;
    this.owners.set(userId, num);
    return num;
  }

  private enqueue<T>(w: BookWriter, make: (resolve: (v: T) => void, reject: (e: unknown) => void) => Job): Promise<T> {
    if (this.closed) return Promise.reject(new AppError(ExchangeErrors.EXCHANGE_UNAVAILABLE));
    return new Promise<T>((resolve, reject) => w.submit(make(resolve, reject) as Job & { resolve: (v: T) => void }));
  }

  // ── instruments ───────────────────────────────────────────────────────────

  async instruments(): Promise<InstrumentView[]> {
    const list = await listInstruments(this.db);
    const today = beijingDate(this.clock.now());
    const candles = await md.candlesOn(this.db, today);
    const closes = await md.lastCloses(this.db);
    return list.map((i) => this.instrumentView(i, candles.get(i.id) ?? null, closes.get(i.id) ?? null));
  }

  async instrument(id: string): Promise<InstrumentView> {
    const i = await getInstrument(this.db, id);
    if (!i) throw new AppError(CommonErrors.NOT_FOUND);
    const today = beijingDate(this.clock.now());
    const c = await md.candleOn(this.db, id, today);
    const closes = await md.lastCloses(this.db);
    return this.instrumentView(i, c, closes.get(id) ?? null);
  }

  private instrumentView(i: Instrument, today: md.CandleState | null, lastClose: number | null): InstrumentView {
    // The writer's instrument is the current one (its band rolls daily).
    const current = this.writers.get(i.id)?.instrument ?? i;
    const { prevSettlementFen, bandBp, bandDate, ...rest } = current;
    void bandDate;
    const band = bandOf({ prevSettlementFen, bandBp, tickFen: current.tickFen });
    const last = today?.close ?? lastClose;
    return {
      ...rest,
      quantityUnit: 'head',
      band,
      lastFen: last,
      changeBp: last === null ? null : Math.round(((last - prevSettlementFen) * 10_000) / prevSettlementFen),
      volumeToday: today?.volume ?? 0,
    };
  }

  /** Bureau/admin: modes, band, session. Journaled (band) and audited. */
  async updateInstrument(actor: Actor, id: string, patch: InstrumentPatch): Promise<InstrumentView> {
    if (!isBureau(actor)) throw new AppError(CommonErrors.FORBIDDEN);
    const w = await this.loadedWriter(id);
    await this.enqueue<Instrument>(w, (resolve, reject) => ({ kind: 'config', actor, patch, resolve, reject }));
    return this.instrument(id);
  }

  // ── lots ──────────────────────────────────────────────────────────────────

  async registerLot(actor: Actor, input: LotInput): Promise<Lot> {
    const inst = await getInstrument(this.db, input.instrumentId);
    if (!inst) throw new AppError(CommonErrors.NOT_FOUND);
    const id = uuidv7();
    await inTransaction(this.db, async (tx) => {
      await this.ledger.ensureAccount(tx, traderAccount(actor.userId));
      await insertLot(tx, id, actor.userId, input);
    });
    return (await getLot(this.db, id))!;
  }

  async lotsOf(actor: Actor, instrumentId?: string): Promise<Lot[]> {
    return lotsOf(this.db, actor.userId, instrumentId);
  }

  async lot(actor: Actor, id: string): Promise<Lot> {
    const l = await getLot(this.db, id);
    if (!l || (l.ownerId !== actor.userId && !isBureau(actor))) throw new AppError(CommonErrors.NOT_FOUND);
    return l;
  }

  // ── lots in auctions (挂拍) ───────────────────────────────────────────────
  // In the auction's transaction. The lot row lock orders these with the writer, which locks and
  // re-reads a lot before validating a sell against it and writes differences (lots.ts).

  /** Holds head of the seller's lot for an auction (all available head when null); LOT_INSUFFICIENT when short. */
  async reserveLotForAuction(tx: Tx, lotId: string, sellerId: string, headCount: number | null): Promise<{ lot: Lot; headCount: number }> {
    return reserveLotForAuction(tx, lotId, sellerId, headCount);
  }

  /** Gives the auction's head back to the lot (no sale). */
  async releaseLotFromAuction(tx: Tx, lotId: string, headCount: number): Promise<void> {
    return releaseLotFromAuction(tx, lotId, headCount);
  }

  /** The auction sold its head: they leave the seller's lot. */
  async sellLotInAuction(tx: Tx, lotId: string, headCount: number): Promise<void> {
    return sellLotInAuction(tx, lotId, headCount);
  }

  // ── orders ────────────────────────────────────────────────────────────────

  async placeOrder(actor: Actor, input: OrderInput, opts: { mode?: TradingMode; listing?: boolean; note?: string | null; takeOf?: string } = {}): Promise<PlacedOrder> {
    if (input.type === 'limit' && input.priceFen === undefined) {
      throw new AppError(CommonErrors.VALIDATION_FAILED, { fieldErrors: [{ field: '/priceFen', code: 'REQUIRED', message: { zh: '限价单须填写价格', en: 'A limit order needs a price' } }] });
    }
    if (input.type === 'market' && input.priceFen !== undefined) {
      throw new AppError(CommonErrors.VALIDATION_FAILED, { fieldErrors: [{ field: '/priceFen', code: 'NOT_ALLOWED', message: { zh: '市价单不填价格', en: 'A market order has no price' } }] });
    }
    const w = await this.loadedWriter(input.instrumentId);
    const owner = await this.ownerNum(actor.userId);
    const tif = input.timeInForce ?? (input.type === 'market' ? 'IOC' : 'GTC');
    return this.enqueue<PlacedOrder>(w, (resolve, reject) => ({
      kind: 'new',
      userId: actor.userId,
      owner,
      input: { ...input, timeInForce: tif },
      mode: opts.mode ?? 'continuous',
      listing: opts.listing ?? false,
      note: opts.note ?? null,
      ...(opts.takeOf ? { takeOf: opts.takeOf } : {}),
      resolve,
      reject,
    }));
  }

  /** 挂牌: a resting GTC limit order with its lot details. */
  async postListing(actor: Actor, input: { instrumentId: string; side: SideName; priceFen: number; quantity: number; lotId?: string; note?: string }): Promise<PlacedOrder> {
    const { note, ...rest } = input;
    return this.placeOrder(actor, { ...rest, type: 'limit', timeInForce: 'GTC' }, { mode: 'listing', listing: true, note: note ?? null });
  }

  /** 摘牌: an IOC order at the listing's price, on the other side. */
  async takeListing(actor: Actor, listingId: string, input: { quantity: number; lotId?: string }): Promise<PlacedOrder> {
    const row = await this.orderRow(listingId);
    if (!row || !row.listing) throw new AppError(CommonErrors.NOT_FOUND);
    if (OUT_STATUSES.has(row.status)) throw new AppError(ExchangeErrors.ORDER_NOT_OPEN);
    return this.placeOrder(
      actor,
      {
        instrumentId: row.instrument_id,
        side: row.side === 'buy' ? 'sell' : 'buy',
        type: 'limit',
        timeInForce: 'IOC',
        priceFen: Number(row.price_fen),
        quantity: input.quantity,
        ...(input.lotId ? { lotId: input.lotId } : {}),
      },
      { mode: 'listing', takeOf: listingId },
    );
  }

  async cancelOrder(actor: Actor, orderId: string): Promise<PlacedOrder> {
    const row = await this.orderRow(orderId);
    if (!row || row.user_id !== actor.userId) throw new AppError(CommonErrors.NOT_FOUND);
    if (OUT_STATUSES.has(row.status)) throw new AppError(ExchangeErrors.ORDER_NOT_OPEN);
    const w = await this.loadedWriter(row.instrument_id);
    const owner = await this.ownerNum(actor.userId);
    return this.enqueue<PlacedOrder>(w, (resolve, reject) => ({ kind: 'cancel', userId: actor.userId, owner, orderId, resolve, reject }));
  }

  /**
   * Amends my resting order: `quantity` is the new open quantity, `priceFen` a new price (kept when
   * absent). Same price and less keeps time priority; more or a new price loses it (a new price
   * may trade). A buy's reservation follows the new open value (INSUFFICIENT_FUNDS when it grows
   * unfunded), a sell's lot reservation the new open head (LOT_INSUFFICIENT).
   */
  async amendOrder(actor: Actor, orderId: string, input: { priceFen?: number; quantity: number }): Promise<PlacedOrder> {
    const row = await this.orderRow(orderId);
    if (!row || row.user_id !== actor.userId) throw new AppError(CommonErrors.NOT_FOUND);
    if (OUT_STATUSES.has(row.status)) throw new AppError(ExchangeErrors.ORDER_NOT_OPEN);
    const w = await this.loadedWriter(row.instrument_id);
    const owner = await this.ownerNum(actor.userId);
    return this.enqueue<PlacedOrder>(w, (resolve, reject) => ({
      kind: 'amend',
      userId: actor.userId,
      owner,
      orderId,
      priceFen: input.priceFen ?? null,
      quantity: input.quantity,
      resolve,
      reject,
    }));
  }

  private async orderRow(id: string): Promise<OrderRow | null> {
    const r = await sql<OrderRow>`select * from exchange_orders where id = ${id}`.execute(this.db);
    return r.rows[0] ?? null;
  }

  async order(actor: Actor, id: string): Promise<OrderView> {
    const row = await this.orderRow(id);
    if (!row || row.user_id !== actor.userId) throw new AppError(CommonErrors.NOT_FOUND);
    return view(fromRow(row));
  }

  async myOrders(actor: Actor, q: { instrumentId?: string; status?: OrderStatus; limit?: number }): Promise<OrderView[]> {
    const r = await sql<OrderRow>`
      select * from exchange_orders where user_id = ${actor.userId}
        ${q.instrumentId ? sql`and instrument_id = ${q.instrumentId}` : sql``}
        ${q.status ? sql`and status = ${q.status}` : sql``}
      order by created_at desc, num desc limit ${q.limit ?? 100}`.execute(this.db);
    return r.rows.map((x) => view(fromRow(x)));
  }

  /** Live listings (挂牌) of an instrument, or of all. */
  async listings(instrumentId?: string): Promise<Array<OrderView & { lot: Lot | null }>> {
    const r = await sql<OrderRow & { lot_json: Record<string, unknown> | null }>`
      select o.*, to_jsonb(l) as lot_json from exchange_orders o left join exchange_lots l on l.id = o.lot_id
      where o.listing and o.status in ('open', 'partially_filled') ${instrumentId ? sql`and o.instrument_id = ${instrumentId}` : sql``}
      order by o.created_at desc limit 200`.execute(this.db);
    return r.rows.map((x) => {
      const v = view(fromRow(x));
      const lj = x.lot_json as Parameters<typeof toLot>[0] | null;
      const lot = lj ? toLot({ ...lj, created_at: new Date(lj.created_at as unknown as string) }) : null;
      return { ...v, reservedFen: 0, lot };
    });
  }

  // ── trades ────────────────────────────────────────────────────────────────

  async myTrades(actor: Actor, q: { instrumentId?: string; limit?: number }): Promise<TradeConfirmation[]> {
    const r = await sql<TradeDbRow>`
      select * from exchange_trades where (buyer_id = ${actor.userId} or seller_id = ${actor.userId})
        ${q.instrumentId ? sql`and instrument_id = ${q.instrumentId}` : sql``}
      order by at desc, seq desc, n desc limit ${q.limit ?? 100}`.execute(this.db);
    return r.rows.map((x) => tradeView(x, actor.userId));
  }

  async trade(actor: Actor, id: string): Promise<TradeConfirmation> {
    const r = await sql<TradeDbRow>`select * from exchange_trades where id = ${id}`.execute(this.db);
    const x = r.rows[0];
    if (!x || (x.buyer_id !== actor.userId && x.seller_id !== actor.userId)) throw new AppError(CommonErrors.NOT_FOUND);
    return tradeView(x, actor.userId);
  }

  // ── market data ───────────────────────────────────────────────────────────

  async book(instrumentId: string, depth: number): Promise<{ bids: Array<{ priceFen: number; quantity: number }>; asks: Array<{ priceFen: number; quantity: number }> }> {
    const w = await this.loadedWriter(instrumentId);
    return w.depth(depth);
  }

  async tape(instrumentId: string, limit: number): Promise<md.TapeEntry[]> {
    await this.requireInstrument(instrumentId);
    return md.tape(this.db, instrumentId, limit);
  }

  async candles(instrumentId: string, from?: string, to?: string): Promise<md.Candle[]> {
    await this.requireInstrument(instrumentId);
    const today = beijingDate(this.clock.now());
    return md.candles(this.db, instrumentId, from ?? '2000-01-01', to ?? today);
  }

  async index(from?: string, to?: string): Promise<Array<{ t: string; value: number }>> {
    const today = beijingDate(this.clock.now());
    return md.liveHogIndex(this.db, from ?? '2000-01-01', to ?? today);
  }

  private async requireInstrument(id: string): Promise<void> {
    if (this.writers.has(id)) return;
    if (!(await getInstrument(this.db, id))) throw new AppError(CommonErrors.NOT_FOUND);
  }

  // ── money ─────────────────────────────────────────────────────────────────

  async account(actor: Actor): Promise<AccountView> {
    const a = await this.ledger.findAccount(traderAccount(actor.userId).code);
    if (!a) return { balanceFen: 0, reservedFen: 0, availableFen: 0 };
    const balance = a.creditsPosted - a.debitsPosted;
    return { balanceFen: Number(balance), reservedFen: Number(a.debitsPending), availableFen: Number(balance - a.debitsPending) };
  }

  /** Sandbox deposit (non-production): bank_clearing:exchange_sandbox → customer:<user>. */
  async deposit(actor: Actor, amountFen: bigint, executor: Executor = this.db): Promise<AccountView> {
    if (!this.options.depositsEnabled) throw new AppError(ExchangeErrors.DEPOSITS_DISABLED);
    await this.depositFor(actor.userId, amountFen, uuidv7(), executor);
    return this.account(actor);
  }

  /** A deposit with a caller-chosen id (the seed uses derived ids, so a second run adds nothing). */
  async depositFor(userId: string, amountFen: bigint, transferId: string, executor: Executor = this.db): Promise<void> {
    await inTransaction(executor, async (tx) => {
      await this.ledger.ensureAccount(tx, sandboxClearing());
      await this.ledger.ensureAccount(tx, traderAccount(userId));
      await this.ledger.ensureAccount(tx, exchangeEscrow());
      await this.ledger.transfer(tx, {
        id: transferId,
        debitAccount: sandboxClearing().code,
        creditAccount: traderAccount(userId).code,
        amountFen,
        code: 'exchange.deposit',
        userData: { userId },
      });
    });
  }

  // ── checks (tests, the crash test, operators) ────────────────────────────

  /** Replays the journal into a fresh book and compares it with the live one (between batches). */
  async verifyReplay(instrumentId: string): Promise<{ live: BookSnapshot; replayed: BookSnapshot; equal: boolean }> {
    const w = await this.loadedWriter(instrumentId);
    return this.enqueue(w, (resolve, reject) => ({
      kind: 'exclusive',
      run: async () => {
        const replayed = (await replayJournal(this.db, w.instrument)).snapshot();
        const live = w.book.snapshot();
        return { live, replayed, equal: JSON.stringify(live) === JSON.stringify(replayed) };
      },
      resolve: resolve as (v: unknown) => void,
      reject,
    }));
  }
}

interface TradeDbRow {
  id: string;
  instrument_id: string;
  seq: bigint;
  n: number;
  price_fen: bigint;
  quantity: number;
  value_fen: bigint;
  aggressor: SideName;
  buy_order_id: string;
  sell_order_id: string;
  buyer_id: string;
  seller_id: string;
  lot_id: string | null;
  delivery: Record<string, unknown>;
  at: Date;
}

function tradeView(x: TradeDbRow, userId: string): TradeConfirmation {
  return {
    id: x.id,
    instrumentId: x.instrument_id,
    priceFen: Number(x.price_fen),
    quantity: x.quantity,
    valueFen: Number(x.value_fen),
    aggressor: x.aggressor,
    side: x.buyer_id === userId ? 'buy' : 'sell',
    buyOrderId: x.buy_order_id,
    sellOrderId: x.sell_order_id,
    lotId: x.lot_id,
    delivery: x.delivery,
    at: x.at,
  };
}
