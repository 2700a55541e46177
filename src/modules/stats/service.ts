/**
 * Statistics use cases: live rollups of paid orders (kept in the transaction that pays or
 * refunds), their rebuild from the orders, the facts subsidy rules read per enterprise and year,
 * and progress against every target of the source with per-month and per-town breakdowns.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { inTransaction, type Executor, type Tx } from '../../db/transaction.ts';
import { beijingDate, beijingYear, type Clock } from '../../kernel/clock.ts';
import { AppError, defineErrors } from '../../kernel/errors.ts';
import type { CatalogService } from '../catalog/index.ts';
import { orderProductIds, salesAggregateSql, type OrdersService, type OrderStatus } from '../orders/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import type { RegistryService } from '../registry/index.ts';
import type { StationsService } from '../stations/index.ts';
import { HOME_DISTRICT, isAgriculturalEnterprise, productClass } from './classify.ts';
import { analyzeRollups, applyRows, deriveCoarse, dropEmpty, fineRows, lockRollups, q, replaceFine, type Mapping } from './store.ts';
import { evaluateTargets, type Bilingual, type TargetProgress, type YearFacts } from './targets.ts';

export const StatsErrors = defineErrors({
  STATS_BAD_RANGE: { status: 422, zh: '统计月份范围无效', en: 'Invalid range of months' },
});

/** An enterprise's sales in one calendar year (Beijing time), net of full refunds. */
export interface EnterpriseYearSales {
  orders: number;
  turnoverFen: bigint;
  qualifyingOrders: number;
  qualifyingTurnoverFen: bigint;
}

export const METRICS = ['turnover', 'onlineRetail', 'rural', 'orders', 'qualifyingOrders', 'ruralOrders'] as const;
export type Metric = (typeof METRICS)[number];
export const GROUPINGS = ['month', 'town', 'buyerTown'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const METRIC_NAMES: Record<Metric, Bilingual & { unit: 'yuan' | 'count' }> = {
  turnover: { zh: '电子商务交易额', en: 'E-commerce turnover', unit: 'yuan' },
  onlineRetail: { zh: '网络零售额', en: 'Online retail sales', unit: 'yuan' },
  rural: { zh: '农村电子商务交易额', en: 'Rural e-commerce turnover', unit: 'yuan' },
  orders: { zh: '订单数', en: 'Orders', unit: 'count' },
  qualifyingOrders: { zh: '荣昌农特及认定品牌产品订单数', en: 'Orders of Rongchang agricultural or recognised-brand products', unit: 'count' },
  ruralOrders: { zh: '农村电子商务订单数', en: 'Rural e-commerce orders', unit: 'count' },
};

/** One group of a breakdown, with every metric. */
export interface BreakdownRow {
  /** '2025-03', a town code, or 'outside' / 'unknown'. */
  key: string;
  label: Bilingual;
  turnoverFen: bigint;
  onlineRetailFen: bigint;
  ruralFen: bigint;
  orders: number;
  qualifyingOrders: number;
  ruralOrders: number;
}

export interface SeriesPoint {
  key: string;
  label: Bilingual;
  /** Yuan for money metrics, a count otherwise. */
  value: number;
  /** Exact fen for money metrics. */
  valueFen?: bigint;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' → the first day of the month, 'YYYY-MM-01'. */
function firstDay(month: string): string {
  return `${month}-01`;
}

/** The month after 'YYYY-MM', as its first day. */
function nextFirstDay(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The UTC instant a Beijing-time day 'YYYY-MM-DD' begins. */
function beijingStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}


const sumInt = (v: unknown) => Number(v ?? 0);
const sumBig = (v: unknown) => BigInt((v as string | bigint | null) ?? 0);

export class StatsService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      orders: OrdersService;
      catalog: CatalogService;
      registry: RegistryService;
      stations: StationsService;
      reference: ReferenceService;
      clock: Clock;
    },
  ) {
    deps.orders.onTransition((tx, order, _action, from, to) => this.onOrderTransition(tx, order.id, from, to));
  }

  // ------------------------------------------------------------------ keeping the rollups

  /**
   * In the transaction of every order transition: paid → added to its month; refunded (or,
   * should the state machine ever allow it, cancelled after payment) → taken out of the month it
   * was paid in.
   */
  private async onOrderTransition(tx: Tx, orderId: string, from: OrderStatus, to: OrderStatus): Promise<void> {
    if (from === 'awaiting_payment' && to === 'paid') await this.applyOrders(tx, [orderId], 1);
    else if ((to === 'refunded' || to === 'cancelled') && from !== 'awaiting_payment' && from !== 'cancelled' && from !== 'refunded') {
      await this.applyOrders(tx, [orderId], -1);
    }
  }

  private async mapping(executor: Executor, shops: Map<string, string>): Promise<Mapping> {
    const towns = await this.deps.reference.listTowns(executor);
    const sellerTowns = await this.deps.registry.townCodes(executor, [...new Set(shops.values())]);
    const shopIds = [...shops.keys()];
    return {
      shops: {
        shopIds,
        enterpriseIds: shopIds.map((s) => shops.get(s)!),
        sellerTownCodes: shopIds.map((s) => sellerTowns.get(shops.get(s)!) ?? null),
      },
      towns: { names: towns.map((t) => t.name), codes: towns.map((t) => t.code) },
    };
  }

  /** Product classes (only those above 0) and the shop → enterprise map of the given products (all when omitted). */
  private async classes(executor: Executor, productIds?: string[]) {
    const facts = await this.deps.catalog.classifyProducts(executor, productIds);
    const shops = new Map<string, string>();
    const ids: string[] = [];
    const classes: number[] = [];
    for (const f of facts) {
      shops.set(f.shopId, f.enterpriseId);
      const c = productClass(f);
      if (c > 0) {
        ids.push(f.productId);
        classes.push(c);
      }
    }
    return { productClasses: { productIds: ids, classes }, shops };
  }

  private async applyOrders(tx: Tx, orderIds: string[], sign: 1 | -1): Promise<void> {
    const { productClasses, shops } = await this.classes(tx, await orderProductIds(tx, orderIds));
    if (shops.size === 0) return;
    const aggregate = salesAggregateSql({ orderIds, includeRefunded: sign < 0, productClasses, homeDistrict: HOME_DISTRICT });
    const touched = await applyRows(tx, fineRows(aggregate, await this.mapping(tx, shops), sign));
    if (sign < 0) await dropEmpty(tx, touched);
  }

  /**
   * Recomputes the rollups of the months `from`..`to` ('YYYY-MM', both included) from the orders,
   * set-based, in one transaction (live updates wait for it). Used by the history loader, the
   * benchmark, and as a repair tool. The yearly rollup is recomputed for every year touched.
   */
  async rebuild(executor: Executor, range: { from: string; to: string }): Promise<{ rows: number; ms: number }> {
    if (!MONTH_RE.test(range.from) || !MONTH_RE.test(range.to) || range.from > range.to) {
      throw new AppError(StatsErrors.STATS_BAD_RANGE, { detail: `${range.from}..${range.to}` });
    }
    const t0 = performance.now();
    const from = firstDay(range.from);
    const before = nextFirstDay(range.to);
    const rows = await inTransaction(executor, async (tx) => {
      await lockRollups(tx);
      const { productClasses, shops } = await this.classes(tx);
      const aggregate = salesAggregateSql({
        paidFrom: beijingStart(from),
        paidBefore: beijingStart(before),
        productClasses,
        homeDistrict: HOME_DISTRICT,
      });
      const n = await replaceFine(tx, from, before, fineRows(aggregate, await this.mapping(tx, shops), 1));
      await deriveCoarse(tx, from, before);
      // Fresh planner statistics after a bulk rewrite: PGlite has no autovacuum to take them.
      await analyzeRollups(tx);
      return n;
    });
    return { rows, ms: performance.now() - t0 };
  }

  // ------------------------------------------------------------------ per enterprise (subsidy facts)

  /**
   * Sales of each enterprise in `year` (Beijing calendar year), net of full refunds: of the given
   * enterprises (those without sales are absent), or of every enterprise with sales that year.
   */
  async enterpriseYear(executor: Executor, year: number, enterpriseIds?: string[]): Promise<Map<string, EnterpriseYearSales>> {
    if (enterpriseIds && enterpriseIds.length === 0) return new Map();
    // One row of JSON rather than a row per enterprise: PGlite hands rows over one at a time.
    const r = await sql<{ rows: string }>`
      select coalesce(json_agg(json_build_array(enterprise_id, orders, turnover_fen::text, qualifying_orders, qualifying_turnover_fen::text)), '[]')::text as rows
      from stats_enterprise_year
      where year = ${year} ${enterpriseIds ? sql`and enterprise_id in (select unnest(${enterpriseIds}::uuid[]))` : sql``}`.execute(executor);
    const rows = JSON.parse(r.rows[0]!.rows) as Array<[string, number, string, number, string]>;
    return new Map(
      rows.map(([id, orders, turnover, qualifyingOrders, qualifyingTurnover]) => [
        id,
        { orders, turnoverFen: BigInt(turnover), qualifyingOrders, qualifyingTurnoverFen: BigInt(qualifyingTurnover) },
      ]),
    );
  }

  /** The highest annual turnover of each enterprise in any year before `year` (absent: no earlier sales). */
  async priorMaxAnnualTurnover(executor: Executor, year: number, enterpriseIds?: string[]): Promise<Map<string, bigint>> {
    if (enterpriseIds && enterpriseIds.length === 0) return new Map();
    const r = await sql<{ rows: string }>`
      select coalesce(json_agg(json_build_array(enterprise_id, max::text)), '[]')::text as rows
      from (select enterprise_id, max(turnover_fen) as max from stats_enterprise_year
            where year < ${year} ${enterpriseIds ? sql`and enterprise_id in (select unnest(${enterpriseIds}::uuid[]))` : sql``}
            group by enterprise_id) m`.execute(executor);
    return new Map((JSON.parse(r.rows[0]!.rows) as Array<[string, string]>).map(([id, max]) => [id, BigInt(max)]));
  }

  // ------------------------------------------------------------------ targets

  /** The current Beijing-time year (the default for reports). */
  currentYear(): number {
    return beijingYear(this.deps.clock.now());
  }

  /** What the targets of `year` are measured from. */
  async yearFacts(year: number, executor: Executor = this.db): Promise<YearFacts> {
    const totals = await q(executor)
      .selectFrom('stats_town_monthly')
      .select((eb) => [eb.fn.sum('turnover_fen').as('turnover'), eb.fn.sum('rural_turnover_fen').as('rural')])
      .where('month', '>=', `${year}-01-01`)
      .where('month', '<', `${year + 1}-01-01`)
      .executeTakeFirstOrThrow();
    // Sellers of the year, and those with qualifying orders, as a query the registry counts
    // against: no list of ids travels to JS and back.
    const counts = await this.deps.registry.verifiedCounts(executor, {
      query: sql`select enterprise_id as id, orders > 0 as sold, qualifying_orders > 0 as qualifying from stats_enterprise_year where year = ${year}`,
      sets: ['sold', 'qualifying'] as const,
    });
    const adoption = (size: 'sme' | 'above_size') => {
      const of = counts.filter((c) => c.sizeClass === size && c.registeredInRongchang);
      return { sold: of.reduce((n, c) => n + c.among.sold, 0), all: of.reduce((n, c) => n + c.count, 0) };
    };
    const today = this.deps.clock.now();
    const yearEnd = `${year}-12-31`;
    const todayDay = beijingDate(today);
    const servicePoints = await this.deps.stations.countActive(executor, todayDay < yearEnd ? todayDay : yearEnd);
    const turnover = sumBig(totals.turnover);
    return {
      turnoverFen: turnover,
      // Every marketplace order is a retail sale to a consumer; B2B exchanges will add turnover only.
      onlineRetailFen: turnover,
      ruralTurnoverFen: sumBig(totals.rural),
      adoption: { sme: adoption('sme'), aboveSize: adoption('above_size') },
      agriculturalEnterprisesSelling: counts.filter((c) => isAgriculturalEnterprise(c)).reduce((n, c) => n + c.among.qualifying, 0),
      servicePoints,
    };
  }

  /** Every target of 一(二), 二(四), 三(二) and 四(二)8 with its actual value in `year`. */
  async targets(year: number, executor: Executor = this.db): Promise<TargetProgress[]> {
    return evaluateTargets(await this.yearFacts(year, executor));
  }

  /** Every metric of `year` by month (all twelve), seller town (all 21) or buyer town (all 21 and outside). */
  async breakdown(year: number, groupBy: Grouping, executor: Executor = this.db): Promise<BreakdownRow[]> {
    const column = groupBy === 'month' ? sql`to_char(month, 'YYYY-MM')` : groupBy === 'town' ? sql`seller_town_code` : sql`buyer_town_code`;
    const rows = await sql<{ key: string | null; outside: boolean; turnover: string; rural: string; orders: string; qualifying: string; rural_orders: string }>`
      select ${column} as key, ${groupBy === 'buyerTown' ? sql`buyer_area <> 'rongchang'` : sql`false`} as outside,
             sum(turnover_fen)::text as turnover, sum(rural_turnover_fen)::text as rural,
             sum(orders)::text as orders, sum(qualifying_orders)::text as qualifying, sum(rural_orders)::text as rural_orders
      from stats_town_monthly
      where month >= ${`${year}-01-01`}::date and month < ${`${year + 1}-01-01`}::date
      group by 1, 2`.execute(executor);
    const groups: Array<{ key: string; label: Bilingual }> = [];
    if (groupBy === 'month') {
      for (let m = 1; m <= 12; m++) {
        const key = `${year}-${String(m).padStart(2, '0')}`;
        groups.push({ key, label: { zh: `${year}年${m}月`, en: key } });
      }
    } else {
      for (const t of await this.deps.reference.listTowns(executor)) groups.push({ key: t.code, label: { zh: t.name, en: t.name } });
    }
    const known = new Set(groups.map((g) => g.key));
    const keyOf = (r: { key: string | null; outside: boolean }) => (r.outside ? 'outside' : r.key && known.has(r.key) ? r.key : 'unknown');
    const byKey = new Map<string, BreakdownRow>();
    const empty = (key: string, label: Bilingual): BreakdownRow => ({ key, label, turnoverFen: 0n, onlineRetailFen: 0n, ruralFen: 0n, orders: 0, qualifyingOrders: 0, ruralOrders: 0 });
    for (const g of groups) byKey.set(g.key, empty(g.key, g.label));
    if (groupBy === 'buyerTown') byKey.set('outside', empty('outside', { zh: '荣昌区外', en: 'Outside Rongchang' }));
    for (const r of rows.rows) {
      const key = keyOf(r);
      let row = byKey.get(key);
      if (!row) {
        row = empty(key, { zh: '未知镇街', en: 'Unknown town' });
        byKey.set(key, row);
      }
      row.turnoverFen += sumBig(r.turnover);
      row.onlineRetailFen += sumBig(r.turnover);
      row.ruralFen += sumBig(r.rural);
      row.orders += sumInt(r.orders);
      row.qualifyingOrders += sumInt(r.qualifying);
      row.ruralOrders += sumInt(r.rural_orders);
    }
    return [...byKey.values()];
  }

  /** One metric of `year` by month or town. */
  async series(year: number, metric: Metric, groupBy: Grouping, executor: Executor = this.db): Promise<SeriesPoint[]> {
    return (await this.breakdown(year, groupBy, executor)).map((r) => {
      const fen = metric === 'turnover' ? r.turnoverFen : metric === 'onlineRetail' ? r.onlineRetailFen : metric === 'rural' ? r.ruralFen : null;
      if (fen !== null) return { key: r.key, label: r.label, value: Number(fen) / 100, valueFen: fen };
      const value = metric === 'orders' ? r.orders : metric === 'qualifyingOrders' ? r.qualifyingOrders : r.ruralOrders;
      return { key: r.key, label: r.label, value };
    });
  }
}
