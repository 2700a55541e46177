/** SQL for the statistics module's own tables (migration 0014_stats.sql). */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/transaction.ts';
import type { SalesAggregateRow } from '../orders/index.ts';
import { ProductClass } from './classify.ts';

type Sums = {
  orders: number;
  turnover_fen: bigint;
  qualifying_orders: number;
  qualifying_turnover_fen: bigint;
  rural_orders: number;
  rural_turnover_fen: bigint;
};

export type StatsTables = {
  stats_sales_monthly: Sums & {
    month: string;
    enterprise_id: string;
    shop_id: string;
    seller_town_code: string | null;
    buyer_town_code: string | null;
    buyer_area: string;
    agricultural: boolean;
    village_delivery: boolean;
  };
  stats_enterprise_year: Sums & { year: number; enterprise_id: string };
  stats_town_monthly: Sums & { month: string; seller_town_code: string | null; buyer_town_code: string | null; buyer_area: string };
};

export function q(db: Executor) {
  return db.withTables<StatsTables>();
}

const SUM_COLUMNS = ['orders', 'turnover_fen', 'qualifying_orders', 'qualifying_turnover_fen', 'rural_orders', 'rural_turnover_fen'] as const;
/** The fine rows' columns before the sums (the unique key leaves out shop and seller town, which follow the enterprise). */
const FINE_KEY = ['month', 'enterprise_id', 'shop_id', 'seller_town_code', 'buyer_town_code', 'buyer_area', 'agricultural', 'village_delivery'] as const;
const TOWN_KEY = ['month', 'seller_town_code', 'buyer_town_code', 'buyer_area'] as const;

const ids = (names: readonly string[]) => sql.join(names.map((n) => sql.ref(n)));
const sums = sql.join(SUM_COLUMNS.map((c) => sql`sum(${sql.ref(c)})`));
const addOnConflict = (table: string) => sql.join(SUM_COLUMNS.map((c) => sql`${sql.ref(c)} = ${sql.table(table)}.${sql.ref(c)} + excluded.${sql.ref(c)}`));

export interface Mapping {
  /** Every shop that may appear, with its enterprise and that enterprise's registered town. */
  shops: { shopIds: string[]; enterpriseIds: string[]; sellerTownCodes: Array<string | null> };
  /** Rongchang's towns by name, to code the buyer's town. */
  towns: { names: string[]; codes: string[] };
}

/**
 * Fine-grain rollup rows (the columns of stats_sales_monthly) from the orders module's aggregate,
 * each sum multiplied by `sign` (+1 to add, −1 to subtract). The flags follow classify.ts:
 * agricultural = product class 2; village delivery = station pickup, or a Rongchang address in a
 * village; rural = agricultural or village delivery; qualifying = product class ≥ 1.
 */
export function fineRows(aggregate: RawBuilder<SalesAggregateRow>, m: Mapping, sign: 1 | -1): RawBuilder<unknown> {
  const village = sql`(s.station_pickup or (s.buyer_area = 'home' and s.village_address))`;
  const qualifying = sql`s.product_class >= ${ProductClass.qualifying}`;
  const rural = sql`(s.product_class >= ${ProductClass.agricultural} or ${village})`;
  return sql`
    select s.month::date as month, sh.enterprise_id, s.shop_id, sh.seller_town_code, t.code as buyer_town_code,
           case s.buyer_area when 'home' then 'rongchang' when 'province' then 'chongqing' else 'elsewhere' end as buyer_area,
           s.product_class >= ${ProductClass.agricultural} as agricultural,
           ${village} as village_delivery,
           (${sign} * sum(s.orders))::int as orders,
           ${sign} * sum(s.turnover_fen::bigint) as turnover_fen,
           (${sign} * coalesce(sum(s.orders) filter (where ${qualifying}), 0))::int as qualifying_orders,
           ${sign} * coalesce(sum(s.turnover_fen::bigint) filter (where ${qualifying}), 0) as qualifying_turnover_fen,
           (${sign} * coalesce(sum(s.orders) filter (where ${rural}), 0))::int as rural_orders,
           ${sign} * coalesce(sum(s.turnover_fen::bigint) filter (where ${rural}), 0) as rural_turnover_fen
    from (${aggregate}) s
    join unnest(${m.shops.shopIds}::uuid[], ${m.shops.enterpriseIds}::uuid[], ${m.shops.sellerTownCodes}::text[])
      as sh(shop_id, enterprise_id, seller_town_code) on sh.shop_id = s.shop_id
    left join unnest(${m.towns.names}::text[], ${m.towns.codes}::text[]) as t(name, code) on t.name = s.buyer_town
    group by 1, 2, 3, 4, 5, 6, 7, 8`;
}

/**
 * Adds (or, with negative rows, subtracts) fine rows to all three rollups in one statement.
 * Returns the months and enterprises touched.
 */
export async function applyRows(executor: Executor, rows: RawBuilder<unknown>): Promise<Array<{ month: string; enterprise_id: string }>> {
  const r = await sql<{ month: string; enterprise_id: string }>`
    with s as (${rows}),
    fine as (
      insert into stats_sales_monthly (${ids(FINE_KEY)}, ${ids(SUM_COLUMNS)})
      select * from s
      on conflict on constraint stats_sales_monthly_key do update set ${addOnConflict('stats_sales_monthly')}
    ),
    yearly as (
      insert into stats_enterprise_year (year, enterprise_id, ${ids(SUM_COLUMNS)})
      select extract(year from month)::int, enterprise_id, ${sums} from s group by 1, 2
      on conflict (year, enterprise_id) do update set ${addOnConflict('stats_enterprise_year')}
    ),
    towns as (
      insert into stats_town_monthly (${ids(TOWN_KEY)}, ${ids(SUM_COLUMNS)})
      select ${ids(TOWN_KEY)}, ${sums} from s group by 1, 2, 3, 4
      on conflict on constraint stats_town_monthly_key do update set ${addOnConflict('stats_town_monthly')}
    )
    -- Data-modifying CTEs run to completion whether or not the outer query reads them.
    select distinct to_char(month, 'YYYY-MM-DD') as month, enterprise_id from s`.execute(executor);
  return r.rows;
}

/** Removes rows a subtraction brought to nothing, so a live rollup equals a rebuilt one. */
export async function dropEmpty(executor: Executor, touched: Array<{ month: string; enterprise_id: string }>): Promise<void> {
  if (touched.length === 0) return;
  const months = [...new Set(touched.map((t) => t.month))];
  const enterprises = [...new Set(touched.map((t) => t.enterprise_id))];
  const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];
  await sql`delete from stats_sales_monthly where orders = 0 and turnover_fen = 0 and month = any(${months}::date[]) and enterprise_id = any(${enterprises}::uuid[])`.execute(executor);
  await sql`delete from stats_enterprise_year where orders = 0 and turnover_fen = 0 and year = any(${years}::int[]) and enterprise_id = any(${enterprises}::uuid[])`.execute(executor);
  await sql`delete from stats_town_monthly where orders = 0 and turnover_fen = 0 and month = any(${months}::date[])`.execute(executor);
}

/**
 * Blocks live updates while a rebuild replaces rows (they wait, then apply on top), and gives the
 * rebuild's hash aggregates room (the setting ends with the transaction).
 */
export async function lockRollups(executor: Executor): Promise<void> {
  await sql`lock table stats_sales_monthly, stats_enterprise_year, stats_town_monthly in share row exclusive mode`.execute(executor);
  await sql`set local work_mem = '64MB'`.execute(executor);
}

/**
 * Replaces the fine rows of months [from, before) with `rows` (under lockRollups, so nothing else
 * writes them meanwhile); returns how many were written.
 */
export async function replaceFine(executor: Executor, from: string, before: string, rows: RawBuilder<unknown>): Promise<number> {
  await sql`delete from stats_sales_monthly where month >= ${from}::date and month < ${before}::date`.execute(executor);
  const r = await sql`insert into stats_sales_monthly (${ids(FINE_KEY)}, ${ids(SUM_COLUMNS)}) select * from (${rows}) s`.execute(executor);
  return Number(r.numAffectedRows ?? 0n);
}

/** Recomputes the coarser rollups of months [from, before) — whole years for the yearly one — from the fine rows. */
export async function deriveCoarse(executor: Executor, from: string, before: string): Promise<void> {
  const firstYear = Number(from.slice(0, 4));
  // The last year touched: the one containing the day before `before`.
  const lastYear = Number(before.slice(5, 7)) === 1 ? Number(before.slice(0, 4)) - 1 : Number(before.slice(0, 4));
  await sql`delete from stats_town_monthly where month >= ${from}::date and month < ${before}::date`.execute(executor);
  await sql`
    insert into stats_town_monthly (${ids(TOWN_KEY)}, ${ids(SUM_COLUMNS)})
    select ${ids(TOWN_KEY)}, ${sums} from stats_sales_monthly
    where month >= ${from}::date and month < ${before}::date
    group by 1, 2, 3, 4`.execute(executor);
  await sql`delete from stats_enterprise_year where year between ${firstYear} and ${lastYear}`.execute(executor);
  await sql`
    insert into stats_enterprise_year (year, enterprise_id, ${ids(SUM_COLUMNS)})
    select extract(year from month)::int, enterprise_id, ${sums} from stats_sales_monthly
    where month >= make_date(${firstYear}::int, 1, 1) and month < make_date(${lastYear + 1}::int, 1, 1)
    group by 1, 2`.execute(executor);
}

export async function analyzeRollups(executor: Executor): Promise<void> {
  await sql`analyze stats_sales_monthly, stats_enterprise_year, stats_town_monthly`.execute(executor);
}
