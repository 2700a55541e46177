/**
 * Historical orders for the demo and the benchmarks: months of completed orders, loaded with a
 * handful of set-based INSERT … SELECT statements over generate_series (seconds for a million
 * orders, not minutes), then the statistics rebuilt over the months loaded.
 *
 * This is a data loader, like a migration: it writes the orders module's tables (orders,
 * order_items, order_events) directly instead of replaying checkout and payment a million times,
 * and reads the shop's SKUs from the catalogue when they are not given. Nothing else may.
 * The orders are marked as history (an `import` event with detail {"source":"history"}); they
 * have no payments in the ledger and take no stock.
 *
 * Deterministic: the same options give the same orders (ids, times, buyers, amounts), computed
 * from `hashint8extended(order number, seed)` rather than random(), so the result does not
 * depend on the query plan. Loading the same options twice inserts nothing the second time.
 *
 * Realism: paid times spread over the months with e-commerce seasonality (年货节 in January,
 * 618 in June, 双11 and 双12) and gentle growth; 1–3 lines of 1–3 units of the shop's SKUs;
 * shipping by the platform's rules; buyers in Rongchang's 21 towns (villages and village-station
 * pickups among them), elsewhere in Chongqing and across other provinces.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/transaction.ts';
import { inTransaction } from '../db/transaction.ts';
import { SHIPPING_RULES } from '../modules/orders/index.ts';
import type { StatsService } from '../modules/stats/index.ts';

export interface HistorySku {
  skuId: string;
  productId: string;
  title: string;
  skuName: string;
  unitPriceFen: bigint;
}

export interface HistoryShop {
  shopId: string;
  /** What the shop sells; default: its active SKUs of products on sale. */
  skus?: HistorySku[] | undefined;
  /** The shop's share of `orders`, relative to the others (default 1). */
  weight?: number | undefined;
}

export interface HistoryOptions {
  shops: HistoryShop[];
  /** 'YYYY-MM', both included. */
  fromMonth: string;
  toMonth: string;
  /** How many orders in all. */
  orders: number;
  seed: number;
  /** Rebuilds the statistics over the months loaded (pass platform.services.stats). */
  stats: StatsService;
  /** Shares of buyers in Rongchang and elsewhere in Chongqing; the rest are in other provinces. Default 0.45 / 0.2. */
  buyerMix?: { rongchang: number; chongqing: number } | undefined;
  /** Village stations buyers in Rongchang villages may collect from (station pickup); default none. */
  pickupPointIds?: string[] | undefined;
  /** Called after each step with its duration (for benchmarks). */
  onStep?: ((step: string, ms: number) => void) | undefined;
}

export interface HistoryReport {
  orders: number;
  items: number;
  loadMs: number;
  rebuildMs: number;
}

/** Relative order volume by calendar month (Jan … Dec). */
const SEASON = [1.25, 0.85, 0.9, 0.9, 0.95, 1.2, 0.9, 0.9, 1.05, 1.0, 1.45, 1.2];

const RONGCHANG_TOWNS: Array<[string, 'sub-district' | 'town']> = [
  ['昌元街道', 'sub-district'], ['昌州街道', 'sub-district'], ['广顺街道', 'sub-district'], ['双河街道', 'sub-district'],
  ['安富街道', 'sub-district'], ['峰高街道', 'sub-district'], ['荣隆镇', 'town'], ['仁义镇', 'town'], ['盘龙镇', 'town'],
  ['吴家镇', 'town'], ['直升镇', 'town'], ['万灵镇', 'town'], ['清升镇', 'town'], ['清江镇', 'town'], ['古昌镇', 'town'],
  ['河包镇', 'town'], ['观胜镇', 'town'], ['铜鼓镇', 'town'], ['清流镇', 'town'], ['远觉镇', 'town'], ['龙集镇', 'town'],
];
const VILLAGES = ['大荣寨村', '石河村', '玉屏村', '金凤村', '宝城村', '永荣村', '河中村', '黄桷村', '新民村', '红岩村', '联合村', '万福村', '夏布村', '古佛村'];
const COMMUNITIES = ['海棠社区', '棠城社区', '昌州社区', '北门社区', '玉带社区'];
const CHONGQING = [
  ['渝中区', '解放碑街道'], ['江北区', '观音桥街道'], ['九龙坡区', '杨家坪街道'], ['沙坪坝区', '三峡广场街道'], ['渝北区', '双龙湖街道'],
  ['永川区', '中山路街道'], ['大足区', '龙岗街道'], ['南岸区', '南坪街道'], ['璧山区', '璧城街道'], ['江津区', '几江街道'],
];
const ELSEWHERE = [
  ['北京市', '北京市', '朝阳区', '建外街道'], ['上海市', '上海市', '浦东新区', '陆家嘴街道'], ['广东省', '广州市', '天河区', '石牌街道'],
  ['广东省', '深圳市', '南山区', '粤海街道'], ['四川省', '成都市', '武侯区', '玉林街道'], ['浙江省', '杭州市', '西湖区', '文新街道'],
  ['江苏省', '南京市', '鼓楼区', '华侨路街道'], ['湖北省', '武汉市', '江汉区', '民族街道'], ['陕西省', '西安市', '雁塔区', '小寨路街道'],
  ['贵州省', '贵阳市', '南明区', '花果园街道'], ['云南省', '昆明市', '五华区', '华山街道'], ['湖南省', '长沙市', '岳麓区', '望岳街道'],
  ['山东省', '济南市', '历下区', '泉城路街道'], ['河南省', '郑州市', '金水区', '经八路街道'], ['福建省', '厦门市', '思明区', '鹭江街道'],
  ['天津市', '天津市', '和平区', '小白楼街道'],
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '罗', '高', '林'];
const CARRIERS = ['中国邮政', '顺丰速运', '京东物流', '中通快递', '圆通速递', '韵达快递'];

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

function months(from: string, to: string): Array<{ month: string; start: Date; seconds: number; calendarMonth: number }> {
  if (!MONTH_RE.test(from) || !MONTH_RE.test(to) || from > to) throw new RangeError(`bad month range ${from}..${to}`);
  const out = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > to) break;
    const start = new Date(`${month}-01T00:00:00+08:00`);
    const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
    const end = new Date(`${ny}-${String(nm).padStart(2, '0')}-01T00:00:00+08:00`);
    out.push({ month, start, seconds: (end.getTime() - start.getTime()) / 1000, calendarMonth: m });
    [y, m] = [ny, nm];
  }
  return out;
}

/** Splits `total` in proportion to `weights` exactly (largest remainder). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new RangeError('weights must be positive');
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length]![1]]!++;
  return out;
}

/** A deterministic 32-bit hash of a string (FNV-1a). */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

async function shopSkus(executor: Executor, shopId: string): Promise<HistorySku[]> {
  const rows = await sql<{ id: string; product_id: string; title: string; name: string; price_fen: bigint }>`
    select s.id, s.product_id, p.title, s.name, s.price_fen
    from skus s join products p on p.id = s.product_id
    where s.shop_id = ${shopId} and s.status = 'active' and p.status = 'on_sale'
    order by s.id`.execute(executor);
  return rows.rows.map((r) => ({ skuId: r.id, productId: r.product_id, title: r.title, skuName: r.name, unitPriceFen: BigInt(r.price_fen) }));
}

export async function generateOrderHistory(db: Executor, options: HistoryOptions): Promise<HistoryReport> {
  const span = months(options.fromMonth, options.toMonth);
  if (!Number.isSafeInteger(options.orders) || options.orders < 0) throw new RangeError('orders must be a non-negative integer');
  if (options.shops.length === 0) throw new RangeError('no shops');
  const mix = options.buyerMix ?? { rongchang: 0.45, chongqing: 0.2 };
  const pickups = options.pickupPointIds ?? [];
  const seed = options.seed;
  const t0 = performance.now();
  let lap = t0;
  const step = (name: string) => {
    const now = performance.now();
    options.onStep?.(name, now - lap);
    lap = now;
  };

  return inTransaction(db, async (tx) => {
    // ---- what each shop sells
    const skus = { shop: [] as number[], pos: [] as number[], id: [] as string[], product: [] as string[], title: [] as string[], name: [] as string[], price: [] as string[] };
    const skuCount: number[] = [];
    for (const [s, shop] of options.shops.entries()) {
      const list = shop.skus ?? (await shopSkus(tx, shop.shopId));
      if (list.length === 0) throw new RangeError(`shop ${shop.shopId} has nothing to sell`);
      skuCount.push(list.length);
      for (const [p, k] of list.entries()) {
        skus.shop.push(s);
        skus.pos.push(p);
        skus.id.push(k.skuId);
        skus.product.push(k.productId);
        skus.title.push(k.title);
        skus.name.push(k.skuName);
        skus.price.push(k.unitPriceFen.toString());
      }
    }

    // ---- how many orders each shop has in each month (seasonality × gentle growth × shop weight)
    const monthWeights = span.map((m, i) => (m.seconds / 86400) * SEASON[m.calendarMonth - 1]! * (1 + 0.015 * i));
    const perMonth = apportion(options.orders, monthWeights);
    const shopWeights = options.shops.map((s) => s.weight ?? 1);
    const cells = { shop: [] as number[], start: [] as string[], seconds: [] as number[], count: [] as number[], base: [] as number[] };
    let base = 0;
    for (const [mi, m] of span.entries()) {
      const perShop = apportion(perMonth[mi]!, shopWeights);
      for (const [s, n] of perShop.entries()) {
        if (n === 0) continue;
        cells.shop.push(s);
        cells.start.push(m.start.toISOString());
        cells.seconds.push(m.seconds);
        cells.count.push(n);
        cells.base.push(base);
        base += n;
      }
    }

    // A uniform number in [0, 1) for order number `i`, independent per purpose `k`.
    const u = (k: number, i: RawBuilder<unknown> = sql`i`) => sql`((hashint8extended(${i}, ${seed * 1009 + k}) & 2147483647)::float8 / 2147483648.0)`;
    const pick = (list: readonly string[], k: number) => sql`(${list}::text[])[1 + floor(${u(k)} * ${list.length})::int]`;
    const orderNoBase = fnv(`haitang-history-${seed}`) % 9_000_000_000;
    const buyers = Math.max(100, Math.floor(options.orders / 3));
    const towns = RONGCHANG_TOWNS.map(([n]) => n);
    const isTown = RONGCHANG_TOWNS.map(([, k]) => k === 'town');

    // ---- 1. the orders' particulars, in a temporary table
    await sql`
      create temp table hist_orders on commit drop as
      with raw as (
        select c.shop_idx, c.base + g.n as i,
               c.start + make_interval(secs => floor(${u(1, sql`c.base + g.n`)} * c.seconds)) as paid_at
        from unnest(${cells.shop}::int[], ${cells.start}::timestamptz[], ${cells.seconds}::int[], ${cells.count}::int[], ${cells.base}::bigint[])
          as c(shop_idx, start, seconds, count, base)
        cross join lateral generate_series(0, c.count - 1) as g(n)
      ), placed as (
        select r.*,
               case when ${u(2)} < ${mix.rongchang} then 'rongchang' when ${u(2)} < ${mix.rongchang + mix.chongqing} then 'chongqing' else 'elsewhere' end as area,
               1 + floor(${u(3)} * ${towns.length})::int as town_idx,
               1 + (${u(4)} < 0.28)::int + (${u(4)} < 0.07)::int as lines,
               r.paid_at - make_interval(secs => 30 + floor(${u(7)} * 600)) as created_at
        from raw r
      ), villaged as (
        select p.*,
               case when p.area = 'rongchang' and (${isTown}::boolean[])[p.town_idx] and ${u(5)} < 0.7 then ${pick(VILLAGES, 6)}
                    when p.area = 'rongchang' and not (${isTown}::boolean[])[p.town_idx] and ${u(5)} < 0.4 then ${pick(COMMUNITIES, 6)}
               end as village
        from placed p
      )
      select v.*,
             (${skuCount}::int[])[v.shop_idx + 1] as sku_count,
             case when ${pickups.length > 0} and v.village like '%村' and ${u(8)} < 0.35 then 'station_pickup'
                  when v.area = 'rongchang' and ${u(8)} < 0.3 then 'same_city'
                  else 'express' end as delivery_option,
             -- A UUIDv7 stamped with the creation time, its random bits from the order number and seed.
             (lpad(to_hex(floor(extract(epoch from v.created_at) * 1000)::bigint), 12, '0') || '7'
               || substr(md5(${`h${seed}:`} || v.i), 1, 3) || '8' || substr(md5(${`h${seed}:`} || v.i), 4, 15))::uuid as id
      from villaged v`.execute(tx);
    // Loaded before (same seed and months): leave those orders as they are.
    await sql`delete from hist_orders h using orders o where o.id = h.id`.execute(tx);
    step('orders planned');

    // ---- 2. their lines
    await sql`
      create temp table hist_items on commit drop as
      select o.i, o.id as order_id, l.line, k.sku_id, k.product_id, k.title, k.sku_name, k.price,
             1 + (${u(20, sql`o.i * 4 + l.line`)} < 0.25)::int + (${u(21, sql`o.i * 4 + l.line`)} < 0.08)::int as quantity
      from hist_orders o
      cross join lateral generate_series(1, o.lines) as l(line)
      join unnest(${skus.shop}::int[], ${skus.pos}::int[], ${skus.id}::uuid[], ${skus.product}::uuid[], ${skus.title}::text[], ${skus.name}::text[], ${skus.price}::bigint[])
        as k(shop_idx, pos, sku_id, product_id, title, sku_name, price)
        on k.shop_idx = o.shop_idx and k.pos = floor(${u(22, sql`o.i * 4 + l.line`)} * o.sku_count)::int`.execute(tx);
    step('lines planned');

    // ---- 3. orders, their items and one history event each
    const express = SHIPPING_RULES.express;
    const sameCity = SHIPPING_RULES.same_city;
    const ordersIn = await sql`
      insert into orders (id, order_no, consumer_id, shop_id, checkout_id, status, items_total_fen, shipping_fen, total_fen, address,
                          delivery_option, pickup_point_id, note, carrier, tracking_no, payment_deadline, paid_at, shipped_at,
                          delivered_at, completed_at, created_at, updated_at)
      select p.id,
             'HT' || to_char(p.created_at at time zone 'UTC' + interval '8 hours', 'YYYYMMDD') || lpad(((${orderNoBase}::bigint + p.i) % 10000000000)::text, 10, '0'),
             md5(${`hb${seed}:`} || (p.i % ${buyers}))::uuid,
             (${options.shops.map((x) => x.shopId)}::uuid[])[p.shop_idx + 1],
             p.id, 'completed', p.items_total, p.shipping_fen, p.items_total + p.shipping_fen,
             jsonb_strip_nulls(jsonb_build_object(
               'recipient', ${pick(SURNAMES, 9)} || case when ${u(10)} < 0.5 then '先生' else '女士' end,
               'phone', '1' || (array['3','5','8','9'])[1 + floor(${u(11)} * 4)::int] || lpad(floor(${u(12)} * 1000000000)::bigint::text, 9, '0'),
               'province', case p.area when 'elsewhere' then (${ELSEWHERE.map((e) => e[0]!)}::text[])[1 + floor(${u(13)} * ${ELSEWHERE.length})::int] else '重庆市' end,
               'city', case p.area when 'elsewhere' then (${ELSEWHERE.map((e) => e[1]!)}::text[])[1 + floor(${u(13)} * ${ELSEWHERE.length})::int] else '重庆市' end,
               'district', case p.area when 'rongchang' then '荣昌区'
                 when 'chongqing' then (${CHONGQING.map((c) => c[0]!)}::text[])[1 + floor(${u(13)} * ${CHONGQING.length})::int]
                 else (${ELSEWHERE.map((e) => e[2]!)}::text[])[1 + floor(${u(13)} * ${ELSEWHERE.length})::int] end,
               'town', case p.area when 'rongchang' then (${towns}::text[])[p.town_idx]
                 when 'chongqing' then (${CHONGQING.map((c) => c[1]!)}::text[])[1 + floor(${u(13)} * ${CHONGQING.length})::int]
                 else (${ELSEWHERE.map((e) => e[3]!)}::text[])[1 + floor(${u(13)} * ${ELSEWHERE.length})::int] end,
               'village', case when p.area = 'rongchang' then p.village end,
               'detail', (1 + floor(${u(14)} * 200)::int)::text || '号'
             )),
             p.delivery_option,
             case when p.delivery_option = 'station_pickup' then (${pickups}::uuid[])[1 + floor(${u(15)} * ${Math.max(1, pickups.length)})::int] end,
             '',
             (${CARRIERS}::text[])[1 + floor(${u(16)} * ${CARRIERS.length})::int],
             'HIST' || lpad(p.i::text, 12, '0'),
             p.created_at + interval '15 minutes',
             p.paid_at,
             p.paid_at + make_interval(secs => 3600 * (6 + floor(${u(17)} * 40))),
             p.paid_at + make_interval(secs => 86400 * 2 + 3600 * floor(${u(18)} * 72)),
             p.paid_at + make_interval(secs => 86400 * 5 + 3600 * floor(${u(19)} * 96)),
             p.created_at,
             p.paid_at + interval '8 days'
      from (
        select o.*, t.items_total,
               case o.delivery_option
                 when 'express' then case when t.items_total >= ${express.freeFromFen} then 0 else ${express.feeFen} end
                 when 'same_city' then case when t.items_total >= ${sameCity.freeFromFen} then 0 else ${sameCity.feeFen} end
                 else 0 end::bigint as shipping_fen
        from hist_orders o
        join (select i, sum(price * quantity) as items_total from hist_items group by i) t using (i)
      ) p
      -- In id order: the primary key (time-ordered UUIDs) then grows at its right edge.
      order by p.id`.execute(tx);
    step('orders inserted');
    const itemsIn = await sql`
      insert into order_items (order_id, line, sku_id, product_id, title, sku_name, unit_price_fen, quantity, line_total_fen)
      select order_id, line, sku_id, product_id, title, sku_name, price, quantity, price * quantity from hist_items order by order_id, line`.execute(tx);
    step('items inserted');
    await sql`
      insert into order_events (order_id, action, from_status, to_status, actor_id, actor_role, detail, at)
      select id, 'import', null, 'completed', null, 'system', ${JSON.stringify({ source: 'history', seed })}::jsonb, created_at
      from hist_orders order by id`.execute(tx);
    step('events inserted');
    await sql`analyze orders`.execute(tx);
    await sql`analyze order_items`.execute(tx);
    step('analyzed');
    const loadMs = performance.now() - t0;
    const rebuilt = await options.stats.rebuild(tx, { from: options.fromMonth, to: options.toMonth });
    step('statistics rebuilt');
    return { orders: Number(ordersIn.numAffectedRows ?? 0n), items: Number(itemsIn.numAffectedRows ?? 0n), loadMs, rebuildMs: rebuilt.ms };
  });
}
