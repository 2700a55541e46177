/**
 * Instruments: what trades, how (declared modes), when (session, Beijing time), and within what
 * daily band around the previous settlement price. The trading modes are a deliberate setting
 * per instrument (国发〔2011〕38号 restricts centralised continuous trading of standardised
 * contracts to approved venues).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/transaction.ts';
import { beijingWallClock } from '../../kernel/clock.ts';

export type InstrumentKind = 'live_hog' | 'piglet' | 'breeding_pig';
export type TradingMode = 'listing' | 'auction' | 'continuous';
export const INSTRUMENT_KINDS: readonly InstrumentKind[] = ['live_hog', 'piglet', 'breeding_pig'];
export const TRADING_MODES: readonly TradingMode[] = ['listing', 'auction', 'continuous'];
export type PriceUnit = 'fen_per_kg' | 'fen_per_head';

export interface Instrument {
  id: string;
  code: string;
  name: { zh: string; en: string };
  kind: InstrumentKind;
  priceUnit: PriceUnit;
  /** Value of one head = price × kgPerHead (1 for per-head prices). */
  kgPerHead: number;
  tickFen: number;
  modes: TradingMode[];
  session: { open: string; close: string; tz: 'Asia/Shanghai' };
  prevSettlementFen: number;
  bandBp: number;
  bandDate: string | null;
}

export interface Band {
  prevSettlementFen: number;
  bandBp: number;
  loFen: number;
  hiFen: number;
}

interface InstrumentRow {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  kind: InstrumentKind;
  price_unit: PriceUnit;
  kg_per_head: number;
  tick_fen: number;
  modes: TradingMode[];
  session_open: string;
  session_close: string;
  prev_settlement_fen: bigint;
  band_bp: number;
  band_date: string | null;
}

function toInstrument(r: InstrumentRow): Instrument {
  return {
    id: r.id,
    code: r.code,
    name: { zh: r.name_zh, en: r.name_en },
    kind: r.kind,
    priceUnit: r.price_unit,
    kgPerHead: r.kg_per_head,
    tickFen: r.tick_fen,
    modes: r.modes,
    session: { open: r.session_open, close: r.session_close, tz: 'Asia/Shanghai' },
    prevSettlementFen: Number(r.prev_settlement_fen),
    bandBp: r.band_bp,
    bandDate: r.band_date,
  };
}

/** The band in fen: lo/hi rounded inwards to whole ticks. */
export function bandOf(i: Pick<Instrument, 'prevSettlementFen' | 'bandBp' | 'tickFen'>): Band {
  const p = i.prevSettlementFen;
  const loRaw = Math.ceil((p * (10_000 - i.bandBp)) / 10_000);
  const hiRaw = Math.floor((p * (10_000 + i.bandBp)) / 10_000);
  const lo = Math.max(i.tickFen, Math.ceil(loRaw / i.tickFen) * i.tickFen);
  const hi = Math.max(lo, Math.floor(hiRaw / i.tickFen) * i.tickFen);
  return { prevSettlementFen: p, bandBp: i.bandBp, loFen: lo, hiFen: hi };
}


/** Minutes since Beijing midnight. */
function beijingMinutes(at: Date): number {
  const d = beijingWallClock(at);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` falls in the session [open, close) (Beijing time). */
export function inSession(i: Pick<Instrument, 'session'>, at: Date): boolean {
  const m = beijingMinutes(at);
  return m >= minutes(i.session.open) && m < minutes(i.session.close);
}

export async function listInstruments(ex: Executor): Promise<Instrument[]> {
  const r = await sql<InstrumentRow>`select * from exchange_instruments order by code`.execute(ex);
  return r.rows.map(toInstrument);
}

export async function getInstrument(ex: Executor, id: string, forUpdate = false): Promise<Instrument | null> {
  const r = forUpdate
    ? await sql<InstrumentRow>`select * from exchange_instruments where id = ${id} for update`.execute(ex)
    : await sql<InstrumentRow>`select * from exchange_instruments where id = ${id}`.execute(ex);
  return r.rows[0] ? toInstrument(r.rows[0]) : null;
}

export interface InstrumentInput {
  id: string;
  code: string;
  name: { zh: string; en: string };
  kind: InstrumentKind;
  priceUnit: PriceUnit;
  kgPerHead: number;
  tickFen: number;
  modes: TradingMode[];
  session: { open: string; close: string };
  prevSettlementFen: number;
  bandBp: number;
}

export async function insertInstrument(ex: Executor, i: InstrumentInput): Promise<void> {
  await sql`
    insert into exchange_instruments (id, code, name_zh, name_en, kind, price_unit, kg_per_head, tick_fen, modes,
      session_open, session_close, prev_settlement_fen, band_bp)
    values (${i.id}, ${i.code}, ${i.name.zh}, ${i.name.en}, ${i.kind}, ${i.priceUnit}, ${i.kgPerHead}, ${i.tickFen},
      ${sql.raw(`array[${i.modes.map((m) => `'${m}'`).join(',')}]::text[]`)},
      ${i.session.open}, ${i.session.close}, ${i.prevSettlementFen}, ${i.bandBp})
    on conflict (code) do nothing`.execute(ex);
}

export interface InstrumentPatch {
  modes?: TradingMode[];
  bandBp?: number;
  prevSettlementFen?: number;
  session?: { open: string; close: string };
  bandDate?: string;
}

export async function updateInstrument(ex: Executor, id: string, p: InstrumentPatch): Promise<void> {
  const sets = [sql`updated_at = now()`];
  if (p.modes) sets.push(sql`modes = ${sql.raw(`array[${p.modes.map((m) => `'${m}'`).join(',')}]::text[]`)}`);
  if (p.bandBp !== undefined) sets.push(sql`band_bp = ${p.bandBp}`);
  if (p.prevSettlementFen !== undefined) sets.push(sql`prev_settlement_fen = ${p.prevSettlementFen}`);
  if (p.session) sets.push(sql`session_open = ${p.session.open}, session_close = ${p.session.close}`);
  if (p.bandDate !== undefined) sets.push(sql`band_date = ${p.bandDate}`);
  await sql`update exchange_instruments set ${sql.join(sets)} where id = ${id}`.execute(ex);
}
