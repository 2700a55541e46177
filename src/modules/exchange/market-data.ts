/**
 * Market data read side: the trade tape, daily OHLCV candles (Beijing date, written by the
 * writer in the same transaction as the trades) and the Rongchang live-hog price index — the
 * volume-weighted average price of the day's live-hog trades (fen per kg).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/transaction.ts';

export interface TapeEntry {
  id: string;
  priceFen: number;
  quantity: number;
  aggressor: 'buy' | 'sell';
  at: Date;
}

export interface Candle {
  t: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface CandleState extends Candle {
  /** Σ price × quantity (for the VWAP index). */
  pq: bigint;
}

export async function tape(ex: Executor, instrumentId: string, limit: number): Promise<TapeEntry[]> {
  const r = await sql<{ id: string; price_fen: bigint; quantity: number; aggressor: 'buy' | 'sell'; at: Date }>`
    select id, price_fen, quantity, aggressor, at from exchange_trades
    where instrument_id = ${instrumentId} order by at desc, seq desc, n desc limit ${limit}`.execute(ex);
  return r.rows.map((x) => ({ id: x.id, priceFen: Number(x.price_fen), quantity: x.quantity, aggressor: x.aggressor, at: x.at }));
}

interface CandleRow {
  t: string;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  volume: bigint;
  pq: bigint;
}

const toCandleState = (r: CandleRow): CandleState => ({
  t: r.t,
  open: Number(r.open),
  high: Number(r.high),
  low: Number(r.low),
  close: Number(r.close),
  volume: Number(r.volume),
  pq: r.pq,
});

export const publicCandle = (c: CandleState): Candle => ({ t: c.t, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume });

export async function candles(ex: Executor, instrumentId: string, from: string, to: string): Promise<Candle[]> {
  const r = await sql<CandleRow>`
    select t, open, high, low, close, volume, pq from exchange_candles
    where instrument_id = ${instrumentId} and t between ${from} and ${to} order by t`.execute(ex);
  return r.rows.map((x) => publicCandle(toCandleState(x)));
}

export async function candleOn(ex: Executor, instrumentId: string, t: string): Promise<CandleState | null> {
  const r = await sql<CandleRow>`select t, open, high, low, close, volume, pq from exchange_candles where instrument_id = ${instrumentId} and t = ${t}`.execute(ex);
  return r.rows[0] ? toCandleState(r.rows[0]) : null;
}

/** The last close strictly before `t` (the previous settlement price), if any. */
export async function lastCloseBefore(ex: Executor, instrumentId: string, t: string): Promise<number | null> {
  const r = await sql<{ close: bigint }>`
    select close from exchange_candles where instrument_id = ${instrumentId} and t < ${t} order by t desc limit 1`.execute(ex);
  return r.rows[0] ? Number(r.rows[0].close) : null;
}

export async function upsertCandles(ex: Executor, instrumentId: string, list: CandleState[]): Promise<void> {
  for (const c of list) {
    await sql`
      insert into exchange_candles (instrument_id, t, open, high, low, close, volume, pq)
      values (${instrumentId}, ${c.t}, ${c.open}, ${c.high}, ${c.low}, ${c.close}, ${c.volume}, ${c.pq})
      on conflict (instrument_id, t) do update set high = excluded.high, low = excluded.low, close = excluded.close,
        volume = excluded.volume, pq = excluded.pq`.execute(ex);
  }
}

/** The Rongchang live-hog price index: per day, Σ(price × qty) / Σ qty over live-hog instruments. */
export async function liveHogIndex(ex: Executor, from: string, to: string): Promise<Array<{ t: string; value: number }>> {
  const r = await sql<{ t: string; value: string }>`
    select c.t, round(sum(c.pq)::numeric / nullif(sum(c.volume), 0), 2)::text as value
    from exchange_candles c join exchange_instruments i on i.id = c.instrument_id
    where i.kind = 'live_hog' and c.t between ${from} and ${to} and c.volume > 0
    group by c.t order by c.t`.execute(ex);
  return r.rows.map((x) => ({ t: x.t, value: Number(x.value) }));
}

/** Today's candle of every instrument (for the instrument list's last price and volume). */
export async function candlesOn(ex: Executor, t: string): Promise<Map<string, CandleState>> {
  const r = await sql<CandleRow & { instrument_id: string }>`
    select instrument_id, t, open, high, low, close, volume, pq from exchange_candles where t = ${t}`.execute(ex);
  return new Map(r.rows.map((x) => [x.instrument_id, toCandleState(x)]));
}

/** The latest close per instrument (last price when nothing traded today). */
export async function lastCloses(ex: Executor): Promise<Map<string, number>> {
  const r = await sql<{ instrument_id: string; close: bigint }>`
    select distinct on (instrument_id) instrument_id, close from exchange_candles order by instrument_id, t desc`.execute(ex);
  return new Map(r.rows.map((x) => [x.instrument_id, Number(x.close)]));
}
