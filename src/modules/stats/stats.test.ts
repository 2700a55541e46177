import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { json, signIn, testPlatform, type SignedIn, type TestPlatform } from '../../../test/support/platform.ts';
import { enterpriseInput } from '../../../test/support/enterprises.ts';
import { ADDRESS, listedProduct, type Merchant } from '../../../test/support/marketplace.ts';
import type { EnterpriseInput } from '../registry/index.ts';
import type { ProductInput } from '../catalog/index.ts';
import type { Address } from '../orders/index.ts';
import { BREAKDOWN_HEADERS, SHEETS, TARGETS, type TargetProgress } from './index.ts';

type Target = Omit<TargetProgress, 'actualFen'> & { actualFen?: number | null };
type Series = { points: Array<{ key: string; value: number; valueFen?: number }> };

/** Beijing 2025-06-15 12:00. */
const JUNE = '2025-06-15T04:00:00Z';

describe('statistics and targets', () => {
  let t: TestPlatform;
  let bureau: SignedIn;
  let farm: Merchant; // a cooperative in 清流镇 selling produce
  let potter: Merchant; // an SME in 安富街道 selling pottery and fans
  let produce: { skuIds: string[] };
  let ramie: { skuIds: string[] };
  let fan: { skuIds: string[] };

  async function seller(overrides: Partial<EnterpriseInput>, shopName: string): Promise<Merchant> {
    const m = await signIn(t, ['consumer'], '测试商家');
    const { identity, registry, catalog } = t.platform.services;
    const e = await registry.register(await identity.actorOf(m.userId), enterpriseInput(overrides));
    await registry.verify(await identity.actorOf(bureau.userId), e.id, 'approve', undefined);
    const shop = await catalog.openShop(await identity.actorOf(m.userId), { enterpriseId: e.id, name: shopName });
    return { ...m, enterpriseId: e.id, shopId: shop.id };
  }

  const product = (m: Merchant, overrides: Partial<ProductInput>) => listedProduct(t, m, overrides);

  /** Checks out one SKU and pays for it at the clock's time; returns the order. */
  async function buy(skuId: string, quantity: number, address: Address = ADDRESS, extra: Record<string, unknown> = {}) {
    const u = await signIn(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/checkout',
      headers: u.headers,
      payload: { address, deliveryOption: 'express', items: [{ skuId, quantity }], ...extra },
    });
    expect(res.statusCode, res.body).toBe(201);
    const order = json<{ orders: Array<{ id: string; totalFen: number }> }>(res).orders[0]!;
    const { orders } = t.platform.services;
    await t.platform.database.db.transaction().execute((tx) => orders.systemTransition(tx, order.id, 'pay', { paymentId: 'test' }));
    return { ...order, buyer: u };
  }

  async function refund(order: { id: string; buyer: SignedIn }, merchant: Merchant) {
    const ask = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/transitions`, headers: order.buyer.headers, payload: { action: 'request_refund', reason: '不想要了' } });
    expect(ask.statusCode, ask.body).toBe(200);
    const ok = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/transitions`, headers: merchant.headers, payload: { action: 'approve_refund' } });
    expect(ok.statusCode, ok.body).toBe(200);
  }

  const targets = async (year: number) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/stats/targets?year=${year}` });
    expect(res.statusCode, res.body).toBe(200);
    return json<Target[]>(res);
  };
  const target = async (year: number, id: string) => (await targets(year)).find((x) => x.id === id)!;
  const series = async (year: number, metric: string, groupBy: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/stats/series?year=${year}&metric=${metric}&groupBy=${groupBy}`, headers: bureau.headers });
    expect(res.statusCode, res.body).toBe(200);
    return json<Series>(res).points;
  };
  const point = <P extends { key: string }>(points: P[], key: string) => points.find((p) => p.key === key)!;

  async function snapshot() {
    const db = t.platform.database.db;
    const cols = 'orders, turnover_fen::text, qualifying_orders, qualifying_turnover_fen::text, rural_orders, rural_turnover_fen::text';
    const read = async (table: string, key: string) =>
      (await sql.raw<Record<string, unknown>>(`select ${key}, ${cols} from ${table} order by ${key}`).execute(db)).rows;
    return {
      fine: await read('stats_sales_monthly', 'month::text, enterprise_id, shop_id, seller_town_code, buyer_town_code, buyer_area, agricultural, village_delivery'),
      yearly: await read('stats_enterprise_year', 'year, enterprise_id'),
      towns: await read('stats_town_monthly', 'month::text, seller_town_code, buyer_town_code, buyer_area'),
    };
  }

  beforeAll(async () => {
    t = await testPlatform();
    t.clock.set(JUNE);
    bureau = await signIn(t, ['bureau_officer'], '统计科');
    farm = await seller({ kind: 'cooperative', industry: 'agriculture', townCode: '500153112', name: '重庆市荣昌区清流镇测试果蔬专业合作社' }, '清流果蔬');
    potter = await seller({ industry: 'pottery', townCode: '500153005' }, '安陶测试店');
    produce = await product(farm, {
      pavilionCode: 'agri_specialty',
      title: '清流镇血橙',
      originTownCode: '500153112',
      giMarks: [],
      skus: [{ code: 'ORANGE-5', name: '5斤装', priceFen: 5000n, stock: 1000 }],
    });
    ramie = await product(potter, {}); // 夏布 with the GI mark: qualifying, not agricultural
    fan = await product(potter, {
      pavilionCode: 'folding_fan',
      title: '荣昌折扇',
      originTownCode: null,
      giMarks: [],
      skus: [{ code: 'FAN-1', name: '绢面', priceFen: 20000n, stock: 1000 }],
    });
  });
  afterAll(() => t.close());

  it('lists every target of the brief, with unmodelled ones null and explained, never zero', async () => {
    const list = await targets(2025);
    expect(list.map((x) => x.id)).toEqual(TARGETS.map((d) => d.id));
    for (const id of ['ecommerce-turnover', 'online-retail', 'rural-ecommerce', 'sme-adoption', 'above-size-adoption', 'district-service-centre', 'village-stations', 'agri-enterprises-online', 'rural-leaders', 'o2o-stores', 'collection-centres', 'cold-chain-centres', 'sorting-centres', 'express-coverage', 'village-info-stations', 'village-info-officers']) {
      expect(list.some((x) => x.id === id), id).toBe(true);
    }
    for (const id of ['rural-leaders', 'collection-centres', 'cold-chain-centres', 'sorting-centres', 'express-coverage', 'village-info-stations', 'village-info-officers']) {
      const x = list.find((y) => y.id === id)!;
      expect(x.actual, id).toBeNull();
      expect(x.progress).toBeNull();
      expect(x.met).toBeNull();
      expect(x.source).toBe('not_modelled');
      expect(x.note!.zh).toMatch(/将由/);
      expect(x.note!.en).toMatch(/will supply/);
    }
    expect(list.find((x) => x.id === 'ecommerce-turnover')).toMatchObject({ clause: '一(二)', target: 2_000_000_000, comparator: '>=', unit: 'yuan' });
    expect(list.find((x) => x.id === 'sme-adoption')).toMatchObject({ target: 60, comparator: '>', unit: 'percent' });
    expect(list.find((x) => x.id === 'above-size-adoption')).toMatchObject({ target: 90, comparator: '>=' });
    // No above-size enterprise is verified: a rate of nothing is unknown, not 0 %.
    expect(list.find((x) => x.id === 'above-size-adoption')).toMatchObject({ actual: null, progress: null });
  });

  it('paying an order moves turnover and its month and town breakdowns; refunding moves them back', async () => {
    const before = await target(2025, 'ecommerce-turnover');
    const beforeRural = await target(2025, 'rural-ecommerce');
    // Two cases of oranges, from 清流镇 to a buyer in 昌元街道 (an urban community): rural as agricultural produce sold upward.
    const order = await buy(produce.skuIds[0]!, 2);
    expect(order.totalFen).toBe(10000);
    const after = await target(2025, 'ecommerce-turnover');
    expect(after.actualFen! - before.actualFen!).toBe(10000);
    expect(after.actual! - before.actual!).toBeCloseTo(100, 6);
    expect((await target(2025, 'rural-ecommerce')).actualFen! - beforeRural.actualFen!).toBe(10000);
    expect((await target(2025, 'online-retail')).actualFen).toBe(after.actualFen);
    expect(point(await series(2025, 'turnover', 'month'), '2025-06')).toMatchObject({ valueFen: after.actualFen });
    expect(point(await series(2025, 'turnover', 'month'), '2025-05').value).toBe(0);
    expect(point(await series(2025, 'turnover', 'town'), '500153112').valueFen).toBe(10000); // the seller's town
    expect(point(await series(2025, 'orders', 'buyerTown'), '500153001').value).toBe(1); // 昌元街道
    const year = await t.platform.services.stats.enterpriseYear(t.platform.database.db, 2025, [farm.enterpriseId]);
    expect(year.get(farm.enterpriseId)).toEqual({ orders: 1, turnoverFen: 10000n, qualifyingOrders: 1, qualifyingTurnoverFen: 10000n });

    await refund(order, farm);
    expect((await target(2025, 'ecommerce-turnover')).actualFen).toBe(before.actualFen);
    expect((await target(2025, 'rural-ecommerce')).actualFen).toBe(beforeRural.actualFen);
    expect(point(await series(2025, 'turnover', 'month'), '2025-06').valueFen).toBe(before.actualFen);
    expect(point(await series(2025, 'turnover', 'town'), '500153112').valueFen).toBe(0);
    expect((await t.platform.services.stats.enterpriseYear(t.platform.database.db, 2025, [farm.enterpriseId])).has(farm.enterpriseId)).toBe(false);
  });

  it('classifies orders: GI goods qualify but are not rural; goods into a village or a station are rural; buyers outside Rongchang', async () => {
    const base = await t.platform.services.stats.breakdown(2025, 'buyerTown');
    const baseOutside = base.find((r) => r.key === 'outside')!;
    const villageAddress: Address = { ...ADDRESS, town: '万灵镇', village: '大荣寨村', detail: '3组12号' };
    const beijing: Address = { ...ADDRESS, province: '北京市', city: '北京市', district: '朝阳区', town: '建外街道', village: undefined, detail: '建国门外大街1号' };
    const station = await t.platform.services.stations.create({ kind: 'village_station', name: '测试村电商服务站', townCode: '500153105', village: '大荣寨村', address: '万灵镇大荣寨村', phone: null, openedOn: '2025-01-01' });
    const orders = {
      ramieToBeijing: await buy(ramie.skuIds[0]!, 1, beijing), // 12800: qualifying, not rural
      fanToVillage: await buy(fan.skuIds[0]!, 1, villageAddress), // 20000: rural (into a village), not qualifying
      fanToStation: await buy(fan.skuIds[0]!, 1, ADDRESS, { deliveryOption: 'station_pickup', pickupPointId: station.id }), // rural
      fanToTown: await buy(fan.skuIds[0]!, 1), // neither
    };
    const year = (await t.platform.services.stats.enterpriseYear(t.platform.database.db, 2025, [potter.enterpriseId])).get(potter.enterpriseId)!;
    expect(year.orders).toBe(4);
    expect(year.turnoverFen).toBe(12800n + 3n * 20000n);
    expect(year.qualifyingOrders).toBe(1);
    expect(year.qualifyingTurnoverFen).toBe(12800n);
    const rural = await t.platform.database.db
      .withTables<{ stats_enterprise_year: { enterprise_id: string; year: number; rural_orders: number; rural_turnover_fen: bigint } }>()
      .selectFrom('stats_enterprise_year')
      .select(['rural_orders', 'rural_turnover_fen'])
      .where('enterprise_id', '=', potter.enterpriseId)
      .where('year', '=', 2025)
      .executeTakeFirstOrThrow();
    expect(rural).toEqual({ rural_orders: 2, rural_turnover_fen: 40000n });
    const now = await t.platform.services.stats.breakdown(2025, 'buyerTown');
    expect(now.find((r) => r.key === 'outside')!.turnoverFen - baseOutside.turnoverFen).toBe(12800n);
    expect(now.find((r) => r.key === '500153105')!.orders).toBe(1); // 万灵镇
    expect(Object.keys(orders)).toHaveLength(4);
  });

  it('counts an order in the Beijing-time month it was paid in', async () => {
    const { stats } = t.platform.services;
    t.clock.set('2025-06-30T15:59:59Z'); // 2025-06-30 23:59:59 in Beijing
    const before = await stats.series(2025, 'orders', 'month');
    await buy(fan.skuIds[0]!, 1);
    t.clock.set('2025-06-30T16:00:00Z'); // 2025-07-01 00:00 in Beijing
    await buy(fan.skuIds[0]!, 1);
    const after = await stats.series(2025, 'orders', 'month');
    expect(point(after, '2025-06').value).toBe(point(before, '2025-06').value + 1);
    expect(point(after, '2025-07').value).toBe(point(before, '2025-07').value + 1);
    t.clock.set(JUNE);
  });

  it('keeps earlier years apart: prior maximum annual turnover, and a new year starts from nothing', async () => {
    t.clock.set('2024-03-10T04:00:00Z');
    await buy(fan.skuIds[0]!, 2); // 40000 in 2024
    t.clock.set('2023-03-10T04:00:00Z');
    await buy(fan.skuIds[0]!, 1); // 20000 in 2023
    t.clock.set(JUNE);
    const { stats } = t.platform.services;
    const db = t.platform.database.db;
    expect((await stats.priorMaxAnnualTurnover(db, 2025, [potter.enterpriseId])).get(potter.enterpriseId)).toBe(40000n);
    expect((await stats.priorMaxAnnualTurnover(db, 2024, [potter.enterpriseId])).get(potter.enterpriseId)).toBe(20000n);
    expect((await stats.priorMaxAnnualTurnover(db, 2023)).has(potter.enterpriseId)).toBe(false);
    expect((await stats.enterpriseYear(db, 2024)).get(potter.enterpriseId)).toMatchObject({ orders: 1, turnoverFen: 40000n });
    expect((await target(2026, 'ecommerce-turnover')).actualFen).toBe(0);
  });

  it('measures adoption among verified SMEs and agricultural enterprises selling online', async () => {
    // Sellers so far: the cooperative (its only order was refunded) and the pottery SME.
    const sme = await target(2025, 'sme-adoption');
    expect(sme).toMatchObject({ numerator: 1, denominator: 2, actual: 50, met: false });
    expect((await target(2025, 'agri-enterprises-online')).actual).toBe(0);
    await buy(produce.skuIds[0]!, 1);
    expect(await target(2025, 'sme-adoption')).toMatchObject({ numerator: 2, denominator: 2, actual: 100, met: true, progress: 100 / 60 });
    expect((await target(2025, 'agri-enterprises-online')).actual).toBe(1);
    // A verified SME without sales lowers the rate; an unverified one does not count.
    await seller({ industry: 'retail' }, '未开张小店');
    const { identity, registry } = t.platform.services;
    const pending = await signIn(t);
    await registry.register(await identity.actorOf(pending.userId), enterpriseInput({ industry: 'retail' }));
    expect(await target(2025, 'sme-adoption')).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it('counts active service points open in the year', async () => {
    const { stations } = t.platform.services;
    await stations.create({ kind: 'service_centre', name: '荣昌区农特产品电子商务服务中心', townCode: '500153001', village: null, address: '昌元街道', phone: null, openedOn: '2024-05-01' });
    await stations.create({ kind: 'o2o_store', name: '海棠社区O2O体验店', townCode: '500153002', village: null, address: '昌州街道', phone: null, openedOn: '2026-03-01' });
    expect(await target(2025, 'district-service-centre')).toMatchObject({ actual: 1, met: true, progress: 1 });
    expect((await target(2025, 'o2o-stores')).actual).toBe(0); // opens in 2026
    expect((await target(2025, 'village-stations')).actual).toBe(1);
    expect((await target(2023, 'district-service-centre')).actual).toBe(0);
  });

  it('rebuilding from the orders gives exactly the live rollups', async () => {
    const live = await snapshot();
    expect(live.fine.length).toBeGreaterThan(3);
    const db = t.platform.database.db;
    await sql`delete from stats_sales_monthly`.execute(db);
    await sql`delete from stats_enterprise_year`.execute(db);
    await sql`delete from stats_town_monthly`.execute(db);
    const r = await t.platform.services.stats.rebuild(db, { from: '2023-01', to: '2025-12' });
    expect(r.rows).toBe(live.fine.length);
    expect(await snapshot()).toEqual(live);
    // Rebuilding a part leaves the rest as it was.
    await t.platform.services.stats.rebuild(db, { from: '2025-06', to: '2025-06' });
    expect(await snapshot()).toEqual(live);
    await expect(t.platform.services.stats.rebuild(db, { from: '2025-13', to: '2025-12' })).rejects.toThrow(/STATS_BAD_RANGE/);
  });

  it('exports the targets and breakdowns as a workbook that reads back with the same numbers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/stats/targets.xlsx?year=2025', headers: bureau.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const list = await targets(2025);
    const ts = wb.getWorksheet(SHEETS.targets)!;
    const turnoverRow = ts.getRows(1, ts.rowCount)!.find((r) => r.getCell(1).value === 'ecommerce-turnover')!;
    expect(turnoverRow.getCell(2).value).toBe('电子商务交易额');
    expect(turnoverRow.getCell(7).value).toBe(list.find((x) => x.id === 'ecommerce-turnover')!.actual);
    const leaders = ts.getRows(1, ts.rowCount)!.find((r) => r.getCell(1).value === 'rural-leaders')!;
    expect(leaders.getCell(7).value).toBeNull();
    expect(leaders.getCell(9).value).toBe('暂无数据');

    const months = wb.getWorksheet(SHEETS.month)!;
    expect(months.getRow(1).values).toEqual([undefined, ...BREAKDOWN_HEADERS]);
    const byMonth = await series(2025, 'turnover', 'month');
    for (let i = 0; i < 12; i++) {
      const row = months.getRow(i + 2);
      expect(row.getCell(1).value).toBe(byMonth[i]!.key);
      expect(row.getCell(3).value).toBe(byMonth[i]!.value);
    }
    const total = months.getRow(14);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(3).value).toBe(list.find((x) => x.id === 'ecommerce-turnover')!.actual);
    const towns = wb.getWorksheet(SHEETS.town)!;
    const qingliu = towns.getRows(2, 21)!.find((r) => r.getCell(1).value === '500153112')!;
    expect(qingliu.getCell(2).value).toBe('清流镇');
    expect(qingliu.getCell(3).value).toBe(point(await series(2025, 'turnover', 'town'), '500153112').value);
    expect(wb.getWorksheet(SHEETS.buyerTown)!.getRows(2, 22)!.some((r) => r.getCell(1).value === 'outside')).toBe(true);
  });

  it('guards the breakdowns and refuses bad input', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/stats/targets' })).statusCode).toBe(200); // public, current year
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/stats/series?metric=turnover&groupBy=month' })).statusCode).toBe(401);
    const consumer = await signIn(t);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/stats/series?metric=turnover&groupBy=month', headers: consumer.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/stats/targets.xlsx', headers: consumer.headers })).statusCode).toBe(403);
    for (const url of [
      '/api/v1/stats/targets?year=1999',
      '/api/v1/stats/targets?year=abc',
      '/api/v1/stats/targets?year=2025.5',
      '/api/v1/stats/targets?zzz=1',
      '/api/v1/stats/series?year=2025&metric=profit&groupBy=month',
      '/api/v1/stats/series?year=2025&metric=turnover&groupBy=county',
      '/api/v1/stats/series?year=2025&metric=turnover',
      '/api/v1/stats/targets.xlsx?year=3000',
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: bureau.headers });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.headers['content-type'], url).toMatch(/problem\+json/);
    }
  });
});

describe('statistics inside a caller’s transaction', () => {
  it('rebuilds and reports on a fresh platform within one transaction (PGlite has one connection)', async () => {
    const t = await testPlatform();
    try {
      const { stats } = t.platform.services;
      const db = t.platform.database.db;
      // Nothing cached yet: every read must go through the transaction, or PGlite waits forever.
      const out = await db.transaction().execute(async (tx) => {
        await stats.rebuild(tx, { from: '2025-01', to: '2025-12' });
        return { targets: await stats.targets(2025, tx), towns: await stats.breakdown(2025, 'town', tx) };
      });
      expect(out.targets.find((x) => x.id === 'ecommerce-turnover')!.actualFen).toBe(0n);
      expect(out.towns).toHaveLength(21);
    } finally {
      await t.close();
    }
  });
});
