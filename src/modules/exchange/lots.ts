/**
 * Lots: animals a trader holds and registers to sell — head count, average weight, pickup farm
 * and, for live animals, the quarantine certificate number (动物检疫合格证明). Sell orders
 * reserve head from a lot (`reserved`); trades move them to `sold`; cancels release them. Only
 * the instrument's writer changes `reserved`/`sold` (it caches them between batches).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/transaction.ts';

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

/** Writes the writer's cached reserved/sold counts of the lots a batch touched. */
export async function writeLotCounts(ex: Executor, lots: Array<{ id: string; reserved: number; sold: number }>): Promise<void> {
  if (lots.length === 0) return;
  await sql`
    update exchange_lots l set reserved = x.reserved, sold = x.sold
    from (select * from unnest(${lots.map((l) => l.id)}::uuid[], ${lots.map((l) => l.reserved)}::int[], ${lots.map((l) => l.sold)}::int[])
          as t(id, reserved, sold)) x
    where l.id = x.id`.execute(ex);
}
