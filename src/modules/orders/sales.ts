/**
 * Sales aggregates over paid orders, for statistics (四(六)). The orders module owns the SQL over
 * its tables; the statistics module embeds the returned query in its own rollup statements, so
 * a rebuild over a million orders is one set-based pass instead of a million reads.
 *
 * "Paid" means `paid_at` is set: the order was paid and has not been refunded in full
 * (`status <> 'refunded'`), unless `includeRefunded` asks for refunded ones too (to subtract an
 * order that has just been refunded). Cancellation only exists before payment.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/transaction.ts';
import { q } from './store.ts';

/** Beijing time (UTC+8, no daylight saving since 1991): the month an order counts in. */
const BEIJING_OFFSET = sql`interval '8 hours'`;

export interface SalesAggregateInput {
  /** Paid at or after this instant. */
  paidFrom?: Date | undefined;
  /** Paid before this instant. */
  paidBefore?: Date | undefined;
  /** Only these orders (the live path: the order that was just paid or refunded). */
  orderIds?: readonly string[] | undefined;
  /** Count orders refunded in full (or cancelled after payment) as well; default: only orders still paid. */
  includeRefunded?: boolean | undefined;
  /**
   * A class per product, chosen by the caller (e.g. 1 = qualifying, 2 = agricultural); an
   * order's class is the highest of its items' classes, 0 when none is listed.
   */
  productClasses: { productIds: readonly string[]; classes: readonly number[] };
  /** The platform's own district, e.g. { province: '重庆市', district: '荣昌区' }. */
  homeDistrict: { province: string; district: string };
}

/** One row per group of paid orders. */
export interface SalesAggregateRow {
  /** First day of the Beijing-time month the order was paid in (a date, 'YYYY-MM-DD'). */
  month: string;
  shop_id: string;
  /** 'home': the buyer's address is in the home district; 'province': elsewhere in its province; else 'elsewhere'. */
  buyer_area: 'home' | 'province' | 'elsewhere';
  /** The address's town (乡镇/街道) name when the buyer is in the home district, else null. */
  buyer_town: string | null;
  /** Collected at a village service station. */
  station_pickup: boolean;
  /** The address names an administrative village (…村), not an urban community (…社区). */
  village_address: boolean;
  /** Highest product class among the order's items. */
  product_class: number;
  orders: number;
  /** Σ total_fen (items and shipping). */
  turnover_fen: string;
}

/**
 * The aggregate as a SQL fragment (to embed in an INSERT … SELECT). Group: month, shop, buyer
 * area and town, station pickup, village address, product class. Hash aggregation keeps it to
 * one pass over the orders; give the transaction enough work_mem for the groups.
 */
export function salesAggregateSql(input: SalesAggregateInput): RawBuilder<SalesAggregateRow> {
  const where = [sql`o.paid_at is not null`];
  if (!input.includeRefunded) where.push(sql`o.status not in ('refunded', 'cancelled')`);
  if (input.paidFrom) where.push(sql`o.paid_at >= ${input.paidFrom}`);
  if (input.paidBefore) where.push(sql`o.paid_at < ${input.paidBefore}`);
  if (input.orderIds) where.push(sql`o.id = any(${[...input.orderIds]}::uuid[])`);
  const { province, district } = input.homeDistrict;
  // Province names are written with or without their suffix (重庆 / 重庆市).
  const inProvince = sql`coalesce(o.address->>'province', '') like ${province.replace(/(省|市|自治区|特别行政区)$/, '') + '%'}`;
  const home = sql`(${inProvince} and o.address->>'district' = ${district})`;
  const village = sql`coalesce(o.address->>'village', '')`;
  // Item classes: for the given orders only (live path), else for every item — one hash join,
  // cheaper than a semi-join on the orders for a rebuild of whole years.
  const items = input.orderIds ? sql`where i.order_id = any(${[...input.orderIds]}::uuid[])` : sql``;
  return sql<SalesAggregateRow>`
    with classes as (
      select i.order_id, max(c.cls) as cls
      from order_items i
      join unnest(${[...input.productClasses.productIds]}::uuid[], ${[...input.productClasses.classes]}::int[]) as c(product_id, cls)
        on c.product_id = i.product_id
      ${items}
      group by i.order_id
    )
    select date_trunc('month', (o.paid_at at time zone 'UTC') + ${BEIJING_OFFSET})::date as month,
           o.shop_id,
           -- Byte order ("C") for the text keys: grouping by them sorts or hashes bytes, not collated Chinese.
           case when ${home} then 'home' when ${inProvince} then 'province' else 'elsewhere' end collate "C" as buyer_area,
           case when ${home} and coalesce(o.address->>'town', '') <> '' then o.address->>'town' end collate "C" as buyer_town,
           o.delivery_option = 'station_pickup' as station_pickup,
           (${village} like '%村%' and ${village} not like '%社区') as village_address,
           coalesce(c.cls, 0) as product_class,
           count(*)::int as orders, sum(o.total_fen)::text as turnover_fen
    from orders o left join classes c on c.order_id = o.id
    where ${sql.join(where, sql` and `)}
    group by 1, 2, 3, 4, 5, 6, 7`;
}

/** The products in the given orders (for classifying them before aggregating). */
export async function orderProductIds(executor: Executor, orderIds: readonly string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const rows = await q(executor).selectFrom('order_items').select('product_id').distinct().where('order_id', 'in', [...orderIds]).execute();
  return rows.map((r) => r.product_id);
}
