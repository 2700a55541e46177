import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { listedProduct, merchantWithShop, type Merchant } from '../../test/support/marketplace.ts';
import { generateOrderHistory } from './history.ts';

describe('historical order generator', () => {
  let t: TestPlatform;
  let pottery: Merchant;
  let produce: Merchant;

  beforeAll(async () => {
    t = await testPlatform();
    pottery = await merchantWithShop(t);
    produce = await merchantWithShop(t);
    await listedProduct(t, pottery, { pavilionCode: 'pottery', giMarks: ['rongchang_pottery'], originTownCode: '500153005', title: '安陶茶具' });
    await listedProduct(t, pottery, { pavilionCode: 'home', giMarks: [], originTownCode: null, title: '竹编收纳篮' });
    await listedProduct(t, produce, { pavilionCode: 'agri_specialty', giMarks: [], originTownCode: '500153112', title: '清流镇血橙' });
  });
  afterAll(() => t.close());

  const db = () => t.platform.database.db;

  it('loads completed orders over the months with seasonality, then rebuilds the statistics', async () => {
    const station = await t.platform.services.stations.create({ kind: 'village_station', name: '测试站', townCode: '500153105', village: '大荣寨村', address: '万灵镇', phone: null, openedOn: null });
    const report = await generateOrderHistory(db(), {
      shops: [{ shopId: pottery.shopId, weight: 3 }, { shopId: produce.shopId }],
      fromMonth: '2024-10',
      toMonth: '2025-03',
      orders: 6000,
      seed: 7,
      stats: t.platform.services.stats,
      pickupPointIds: [station.id],
    });
    expect(report.orders).toBe(6000);
    expect(report.items).toBeGreaterThan(6000);

    const byShop = await sql<{ shop_id: string; n: number; bad_total: number; statuses: string[] }>`
      select shop_id, count(*)::int as n,
             count(*) filter (where total_fen <> items_total_fen + shipping_fen or total_fen <> (select sum(line_total_fen) from order_items i where i.order_id = o.id) + shipping_fen)::int as bad_total,
             array_agg(distinct status) as statuses
      from orders o group by shop_id`.execute(db());
    const counts = new Map(byShop.rows.map((r) => [r.shop_id, r]));
    // Weight 3 : 1, apportioned month by month (so within one order a month of 4500 : 1500).
    expect(Math.abs(counts.get(pottery.shopId)!.n - 4500)).toBeLessThanOrEqual(6);
    expect(counts.get(pottery.shopId)!.n + counts.get(produce.shopId)!.n).toBe(6000);
    expect(byShop.rows.every((r) => r.bad_total === 0 && r.statuses.join() === 'completed')).toBe(true);

    // November (双11) outsells February; every month has orders; nothing outside the range.
    const monthly = await sql<{ m: string; n: number }>`
      select to_char(paid_at at time zone 'UTC' + interval '8 hours', 'YYYY-MM') as m, count(*)::int as n from orders group by 1 order by 1`.execute(db());
    expect(monthly.rows.map((r) => r.m)).toEqual(['2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03']);
    const n = Object.fromEntries(monthly.rows.map((r) => [r.m, r.n]));
    expect(n['2024-11']!).toBeGreaterThan(n['2025-02']! * 1.4);

    // Buyers: Rongchang towns (some in villages, some collecting at the station), Chongqing, other provinces.
    const areas = await sql<{ rongchang: number; villages: number; stations: number; other_provinces: number }>`
      select count(*) filter (where address->>'district' = '荣昌区')::int as rongchang,
             count(*) filter (where address->>'village' like '%村')::int as villages,
             count(*) filter (where delivery_option = 'station_pickup' and pickup_point_id = ${station.id})::int as stations,
             count(*) filter (where address->>'province' <> '重庆市')::int as other_provinces
      from orders`.execute(db());
    const a = areas.rows[0]!;
    expect(a.rongchang / 6000).toBeGreaterThan(0.4);
    expect(a.rongchang / 6000).toBeLessThan(0.5);
    expect(a.villages).toBeGreaterThan(500);
    expect(a.stations).toBeGreaterThan(100);
    expect(a.other_provinces / 6000).toBeGreaterThan(0.3);

    // The statistics were rebuilt: they add up to the orders loaded, year by year.
    const { stats } = t.platform.services;
    for (const year of [2024, 2025]) {
      const direct = await sql<{ shop_id: string; n: number; fen: string }>`
        select shop_id, count(*)::int as n, sum(total_fen)::text as fen from orders
        where paid_at >= ${`${year}-01-01T00:00:00+08:00`}::timestamptz and paid_at < ${`${year + 1}-01-01T00:00:00+08:00`}::timestamptz
        group by shop_id`.execute(db());
      const facts = await stats.enterpriseYear(db(), year);
      for (const r of direct.rows) {
        const enterprise = r.shop_id === pottery.shopId ? pottery.enterpriseId : produce.enterpriseId;
        expect(facts.get(enterprise)).toMatchObject({ orders: r.n, turnoverFen: BigInt(r.fen) });
      }
      // The produce shop sells only Rongchang agricultural products: all of its orders qualify.
      expect(facts.get(produce.enterpriseId)!.qualifyingOrders).toBe(facts.get(produce.enterpriseId)!.orders);
      const turnover = (await stats.targets(year)).find((x) => x.id === 'ecommerce-turnover')!;
      expect(turnover.actualFen).toBe(direct.rows.reduce((s, r) => s + BigInt(r.fen), 0n));
    }
  });

  it('is deterministic: loading the same options again adds nothing', async () => {
    const before = await sql<{ n: number; fen: string }>`select count(*)::int as n, sum(total_fen)::text as fen from orders`.execute(db());
    const again = await generateOrderHistory(db(), {
      shops: [{ shopId: pottery.shopId, weight: 3 }, { shopId: produce.shopId }],
      fromMonth: '2024-10',
      toMonth: '2025-03',
      orders: 6000,
      seed: 7,
      stats: t.platform.services.stats,
    });
    expect(again.orders).toBe(0);
    const after = await sql<{ n: number; fen: string }>`select count(*)::int as n, sum(total_fen)::text as fen from orders`.execute(db());
    expect(after.rows[0]).toEqual(before.rows[0]);
    await expect(
      generateOrderHistory(db(), { shops: [{ shopId: pottery.shopId }], fromMonth: '2025-03', toMonth: '2024-10', orders: 1, seed: 1, stats: t.platform.services.stats }),
    ).rejects.toThrow(/bad month range/);
  });
});
