/**
 * Lots: animals a trader holds and registers to sell — head count, average weight, pickup farm
 * and, for live animals, the quarantine certificate number (动物检疫合格证明). Sell orders
 * reserve head from a lot (`reserved`); trades move them to `sold`; cancels release them. An
 * auction holds the head it auctions (`reserved`) until settlement sells or releases them.
 * Every change locks the row and writes differences, so the writer and the auctions never
 * overwrite each other's counts.
 */
import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/transaction.ts';
import { AppError, CommonErrors } from '../../kernel/errors.ts';
import { ExchangeErrors } from './errors.ts';

export interface Lot {
  id: string;
  instrumentId: string;
  ownerId: string;
  headCount: number;
  reserved: number;
  sold: number;
  available: number;
  avgWeightKg: number;
  farmName: string;
  townCode: string;
  quarantineCertificateNo: string | null;
  breed: string | null;
  birthDate: string | null;
  pedigree: string | null;
  createdAt: Date;
}

export interface LotInput {
  instrumentId: string;
  headCount: number;
  avgWeightKg: number;
  farmName: string;
  townCode: string;
  quarantineCertificateNo?: string | null;
  breed?: string | null;
  birthDate?: string | null;
  pedigree?: string | null;
}

interface LotRow {
  id: string;
  instrument_id: string;
  owner_id: string;
  head_count: number;
  reserved: number;
  sold: number;
  avg_weight_kg: string;
  farm_name: string;
  town_code: string;
  quarantine_certificate_no: string | null;
  breed: string | null;
  birth_date: string | null;
  pedigree: string | null;
  created_at: Date;
}

export function toLot(r: LotRow): Lot {
  return {
    id: r.id,
    instrumentId: r.instrument_id,
    ownerId: r.owner_id,
    headCount: r.head_count,
    reserved: r.reserved,
    sold: r.sold,
    available: r.head_count - r.reserved - r.sold,
    avgWeightKg: Number(r.avg_weight_kg),
    farmName: r.farm_name,
    townCode: r.town_code,
    quarantineCertificateNo: r.quarantine_certificate_no,
    breed: r.breed,
    birthDate: r.birth_date,
    pedigree: r.pedigree,
    createdAt: r.created_at,
  };
}

export async function insertLot(ex: Executor, id: string, ownerId: string, l: LotInput): Promise<void> {
  await sql`
    insert into exchange_lots (id, instrument_id, owner_id, head_count, avg_weight_kg, farm_name, town_code,
      quarantine_certificate_no, breed, birth_date, pedigree)
    values (${id}, ${l.instrumentId}, ${ownerId}, ${l.headCount}, ${l.avgWeightKg}, ${l.farmName}, ${l.townCode},
      ${l.quarantineCertificateNo ?? null}, ${l.breed ?? null}, ${l.birthDate ?? null}, ${l.pedigree ?? null})`.execute(ex);
}

export async function getLot(ex: Executor, id: string): Promise<Lot | null> {
  const r = await sql<LotRow>`select * from exchange_lots where id = ${id}`.execute(ex);
  return r.rows[0] ? toLot(r.rows[0]) : null;
}

export async function lotsOf(ex: Executor, ownerId: string, instrumentId?: string): Promise<Lot[]> {
  const r = instrumentId
    ? await sql<LotRow>`select * from exchange_lots where owner_id = ${ownerId} and instrument_id = ${instrumentId} order by created_at desc limit 200`.execute(ex)
    : await sql<LotRow>`select * from exchange_lots where owner_id = ${ownerId} order by created_at desc limit 200`.execute(ex);
  return r.rows.map(toLot);
}

/**
 * Locks lots for the rest of the transaction and returns their current counts. The writer calls
 * it before validating sells against a lot, so its view is the committed one and nothing else
 * (an auction reserving, releasing or selling the lot) can change the lot until it commits.
 * Locks in id order, so two lockers never wait on each other in a cycle.
 */
export async function lockLots(ex: Executor, ids: string[]): Promise<Lot[]> {
  if (ids.length === 0) return [];
  const r = await sql<LotRow>`select * from exchange_lots where id = any(${ids}::uuid[]) order by id for update`.execute(ex);
  return r.rows.map(toLot);
}

/**
 * Applies the changes a batch made to lots, as differences (reserved += dReserved, sold += dSold),
 * so changes made by others in between (auctions) are kept.
 */
export async function writeLotDeltas(ex: Executor, lots: Array<{ id: string; dReserved: number; dSold: number }>): Promise<void> {
  const changed = lots.filter((l) => l.dReserved !== 0 || l.dSold !== 0);
  if (changed.length === 0) return;
  await sql`
    update exchange_lots l set reserved = l.reserved + x.dr, sold = l.sold + x.ds
    from (select * from unnest(${changed.map((l) => l.id)}::uuid[], ${changed.map((l) => l.dReserved)}::int[], ${changed.map((l) => l.dSold)}::int[])
          as t(id, dr, ds)) x
    where l.id = x.id`.execute(ex);
}

// ── auctions (挂拍): a lot's head held by an auction, released or sold at settlement ─────────────
// These run in the auction's own transaction. The row lock serialises them with the exchange
// writer, which locks and re-reads a lot before validating a sell against it and writes only
// differences, so neither side overwrites the other.

/**
 * Reserves `headCount` head of the seller's lot for an auction (all available head when null).
 * Returns the lot after the reservation and the head reserved. Refused with `LOT_INSUFFICIENT`
 * when the lot has fewer head available (open sell orders and other holds count).
 */
export async function reserveLotForAuction(tx: Tx, lotId: string, sellerId: string, headCount: number | null): Promise<{ lot: Lot; headCount: number }> {
  const [lot] = await lockLots(tx, [lotId]);
  if (!lot || lot.ownerId !== sellerId) throw new AppError(CommonErrors.NOT_FOUND, { detail: 'lot' });
  const n = headCount ?? lot.available;
  if (n <= 0 || lot.available < n) throw new AppError(ExchangeErrors.LOT_INSUFFICIENT, { detail: `${lot.available} head available` });
  await writeLotDeltas(tx, [{ id: lotId, dReserved: n, dSold: 0 }]);
  return { lot: { ...lot, reserved: lot.reserved + n, available: lot.available - n }, headCount: n };
}

/** Gives back head an auction reserved (reserve not met, no bids, defaulted, cancelled). */
export async function releaseLotFromAuction(tx: Tx, lotId: string, headCount: number): Promise<void> {
  const [lot] = await lockLots(tx, [lotId]);
  if (!lot || lot.reserved < headCount) throw new Error(`lot ${lotId}: cannot release ${headCount} head, ${lot?.reserved ?? 0} reserved`);
  await writeLotDeltas(tx, [{ id: lotId, dReserved: -headCount, dSold: 0 }]);
}

/** The auction sold the head it reserved: they leave the seller's lot (reserved → sold). */
export async function sellLotInAuction(tx: Tx, lotId: string, headCount: number): Promise<void> {
  const [lot] = await lockLots(tx, [lotId]);
  if (!lot || lot.reserved < headCount) throw new Error(`lot ${lotId}: cannot sell ${headCount} head, ${lot?.reserved ?? 0} reserved`);
  await writeLotDeltas(tx, [{ id: lotId, dReserved: -headCount, dSold: headCount }]);
}
