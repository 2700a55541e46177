/**
 * Statistics over a million orders (issue 6): targets endpoint p95 < 100 ms; facts for 10,000
 * enterprises fast enough that every programme for all of them runs in < 5 s.
 *
 *   npm run bench -- targets [--orders 1000000] [--enterprises 10000] [--requests 300] [--runs 3]
 *                            [--backend pglite|postgres|both]
 *
 * Per backend (PGlite in a temporary data directory; PostgreSQL on a fresh database at
 * BENCH_DATABASE_URL, or the local server when it answers): 10,000 verified enterprises with a
 * shop and three products each, plus 2,000 verified enterprises that sell nothing (so adoption
 * is not trivially 100 %), written straight into their tables as bench fixtures; 100 village
 * stations; then `generateOrderHistory` loads `--orders` completed orders over 2024–2025 and
 * rebuilds the statistics. Measured: the load, `StatsService.rebuild` of the two years (`--runs`
 * times, median), GET /api/v1/stats/targets and /stats/series over HTTP (p50/p95), and
 * `enterpriseYear` / `priorMaxAnnualTurnover` for all enterprises (p50/p95).
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import http from 'node:http';
import { loadConfig } from '../src/config.ts';
import { buildHttpApp } from '../src/http/app.ts';
import { makeOrgCode, makeUscc } from '../src/kernel/codes/index.ts';
import { uuidv7 } from '../src/kernel/ids.ts';
import { MemoryStorage } from '../src/kernel/storage.ts';
import { hashPassword } from '../src/modules/identity/password.ts';
import { createPlatform, type Platform } from '../src/platform.ts';
import { generateOrderHistory, type HistoryShop } from '../src/seed/history.ts';
import { freshDatabase, httpGet, median, percentile, type Backend } from './_support.ts';
import { rng } from './search.ts';

const { values } = parseArgs({
  strict: false,
  options: {
    orders: { type: 'string', default: '1000000' },
    enterprises: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '300' },
    runs: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'both' },
    seed: { type: 'string', default: '1' },
  },
});
const ORDERS = Number(values.orders);
const ENTERPRISES = Number(values.enterprises);
const REQUESTS = Number(values.requests);
const RUNS = Number(values.runs);
const SEED = Number(values.seed);

const TOWNS = ['500153001', '500153002', '500153003', '500153004', '500153005', '500153006', ...Array.from({ length: 15 }, (_, i) => `5001531${String(i).padStart(2, '0')}`)];
const INDUSTRY_PAVILIONS: Array<[string, string[], string | null]> = [
  ['pottery', ['pottery', 'home'], 'rongchang_pottery'],
  ['ramie_cloth', ['ramie_cloth', 'home'], 'rongchang_ramie_cloth'],
  ['folding_fan', ['folding_fan'], null],
  ['food', ['food'], null],
  ['pig_farming', ['eco_pork', 'livestock_supplies'], 'rongchang_pig'],
  ['agriculture', ['agri_specialty'], null],
  ['home_goods', ['home'], null],
  ['retail', ['food', 'home', 'agri_specialty'], null],
];
const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

/** USCCs that embed a valid organisation code, distinct by sequence number. */
function* usccs(): Generator<{ uscc: string; org: string }> {
  for (let n = 0; ; n++) {
    let body = '';
    for (let k = n + 7_000_000, i = 0; i < 8; i++, k = Math.floor(k / ORG_ALPHABET.length)) body = ORG_ALPHABET[k % ORG_ALPHABET.length] + body;
    const org = makeOrgCode(body);
    if (![...org].every((c) => ORG_ALPHABET.includes(c))) continue;
    yield { uscc: makeUscc(`91500153${org}`), org };
  }
}

/** Verified enterprises with a shop each (and SKUs), written straight into their tables. */
export async function fixtures(platform: Platform, sellers: number, idle: number): Promise<HistoryShop[]> {
  const db = platform.database.db;
  const r = rng(SEED);
  const codes = usccs();
  const creator = uuidv7();
  const shops: HistoryShop[] = [];
  const batch = 1000;
  for (let start = 0; start < sellers + idle; start += batch) {
    const e = { id: [] as string[], uscc: [] as string[], org: [] as string[], name: [] as string[], kind: [] as string[], town: [] as string[], size: [] as string[], industry: [] as string[] };
    const s = { id: [] as string[], enterprise: [] as string[], name: [] as string[] };
    const p = { id: [] as string[], shop: [] as string[], pavilion: [] as string[], title: [] as string[], town: [] as Array<string | null>, gi: [] as string[] };
    const k = { id: [] as string[], product: [] as string[], shop: [] as string[], code: [] as string[], name: [] as string[], price: [] as string[] };
    for (let n = start; n < Math.min(start + batch, sellers + idle); n++) {
      const { uscc, org } = codes.next().value!;
      const [industry, pavilions, gi] = pick(r, INDUSTRY_PAVILIONS);
      const kind = industry === 'agriculture' && r() < 0.6 ? 'cooperative' : 'company';
      const id = uuidv7();
      const town = pick(r, TOWNS);
      e.id.push(id);
      e.uscc.push(uscc);
      e.org.push(org);
      e.name.push(`重庆市荣昌区压测${n}号${kind === 'cooperative' ? '专业合作社' : '有限公司'}`);
      e.kind.push(kind);
      e.town.push(town);
      e.size.push(r() < 0.05 ? 'above_size' : 'sme');
      e.industry.push(industry);
      if (n >= sellers) continue;
      const shopId = uuidv7();
      s.id.push(shopId);
      s.enterprise.push(id);
      s.name.push(`压测${n}号店`);
      const skus = [];
      for (let j = 0; j < 3; j++) {
        const productId = uuidv7();
        const pavilion = pick(r, pavilions);
        const title = `压测商品${n}-${j}`;
        p.id.push(productId);
        p.shop.push(shopId);
        p.pavilion.push(pavilion);
        p.title.push(title);
        p.town.push(r() < 0.8 ? town : null);
        p.gi.push(gi && r() < 0.5 ? gi : '');
        const skuId = uuidv7();
        // Log-uniform ¥10 – ¥800.
        const price = BigInt(Math.round(1000 * Math.exp(r() * Math.log(80))));
        k.id.push(skuId);
        k.product.push(productId);
        k.shop.push(shopId);
        k.code.push(`B${n}-${j}`);
        k.name.push('标准装');
        k.price.push(price.toString());
        skus.push({ skuId, productId, title, skuName: '标准装', unitPriceFen: price });
      }
      // A few large sellers, many small ones (weights from a Pareto-like tail).
      shops.push({ shopId, skus, weight: 1 / Math.pow(1 - r() * 0.999, 0.8) });
    }
    await sql`
      insert into enterprises (id, uscc, org_code, name, kind, legal_representative, town_code, registered_in_rongchang, size_class, industry,
                               status, verified_at, created_by)
      select id, uscc, org, name, kind, '压测', town, true, size, industry, 'verified', now(), ${creator}
      from unnest(${e.id}::uuid[], ${e.uscc}::text[], ${e.org}::text[], ${e.name}::text[], ${e.kind}::text[], ${e.town}::text[], ${e.size}::text[], ${e.industry}::text[])
        as t(id, uscc, org, name, kind, town, size, industry)`.execute(db);
    if (s.id.length === 0) continue;
    await sql`insert into shops (id, enterprise_id, name, created_by) select id, e, n, ${creator} from unnest(${s.id}::uuid[], ${s.enterprise}::uuid[], ${s.name}::text[]) as t(id, e, n)`.execute(db);
    await sql`
      insert into products (id, shop_id, pavilion_code, title, origin_town_code, gi_marks, status, price_min_fen, stock_total)
      select id, shop, pav, title, town, case when gi = '' then '{}'::text[] else array[gi] end, 'on_sale', 0, 1000
      from unnest(${p.id}::uuid[], ${p.shop}::uuid[], ${p.pavilion}::text[], ${p.title}::text[], ${p.town}::text[], ${p.gi}::text[]) as t(id, shop, pav, title, town, gi)`.execute(db);
    await sql`
      insert into skus (id, product_id, shop_id, code, name, price_fen, stock)
      select id, product, shop, code, name, price, 1000
      from unnest(${k.id}::uuid[], ${k.product}::uuid[], ${k.shop}::uuid[], ${k.code}::text[], ${k.name}::text[], ${k.price}::bigint[]) as t(id, product, shop, code, name, price)`.execute(db);
  }
  // A PostgreSQL server's autovacuum would analyze these after the bulk insert; PGlite has none,
  // and the registry writes one row at a time in real life, so give both the statistics once.
  await sql`analyze enterprises, shops, products, skus`.execute(db);
  for (let i = 0; i < 100; i++) {
    await platform.services.stations.create({
      kind: 'village_station', name: `压测村电商服务站${i}`, townCode: pick(r, TOWNS.slice(6)), village: `压测${i}村`, address: '荣昌区', phone: null, openedOn: '2024-03-01',
    });
  }
  return shops;
}

interface Timing {
  p50: number;
  p95: number;
}

function timing(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95) };
}

async function timeIt(n: number, f: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < Math.min(10, n); i++) await f();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    samples.push(performance.now() - t0);
  }
  return timing(samples);
}

async function overHttp(agent: http.Agent, url: string, headers: Record<string, string>, n: number): Promise<Timing> {
  return timeIt(n, async () => {
    const res = await httpGet(agent, url, headers);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body.slice(0, 200)}`);
  });
}

type Row = [string, string];

async function run(backend: Backend): Promise<Row[]> {
  const { database, drop } = await freshDatabase(backend);
  const rows: Row[] = [];
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { seed: 'none' });
  const platform = await createPlatform(config, { database, storage: new MemoryStorage() });
  const db = platform.database.db;
  try {
    let t0 = performance.now();
    const shops = await fixtures(platform, ENTERPRISES, Math.round(ENTERPRISES / 5));
    rows.push(['fixtures: enterprises, shops, products', `${((performance.now() - t0) / 1000).toFixed(1)} s`]);

    t0 = performance.now();
    const steps: string[] = [];
    const loaded = await generateOrderHistory(db, {
      shops, fromMonth: '2024-01', toMonth: '2025-12', orders: ORDERS, seed: SEED, stats: platform.services.stats,
      onStep: (step, ms) => steps.push(`${step} ${(ms / 1000).toFixed(1)} s`),
    });
    rows.push([`history: ${loaded.orders.toLocaleString('en')} orders, ${loaded.items.toLocaleString('en')} items`, `${(loaded.loadMs / 1000).toFixed(1)} s load + ${(loaded.rebuildMs / 1000).toFixed(1)} s rebuild`]);
    rows.push(['  steps', steps.join('; ')]);
    const sizes = await sql<{ fine: number; yearly: number; towns: number }>`
      select (select count(*) from stats_sales_monthly)::int as fine, (select count(*) from stats_enterprise_year)::int as yearly,
             (select count(*) from stats_town_monthly)::int as towns`.execute(db);
    const z = sizes.rows[0]!;
    rows.push(['rollup rows (fine / enterprise-year / town-month)', `${z.fine.toLocaleString('en')} / ${z.yearly.toLocaleString('en')} / ${z.towns.toLocaleString('en')}`]);

    const rebuilds: number[] = [];
    for (let i = 0; i < RUNS; i++) rebuilds.push((await platform.services.stats.rebuild(db, { from: '2024-01', to: '2025-12' })).ms);
    rows.push([`rebuild 2024-01..2025-12 (median of ${RUNS})`, `${(median(rebuilds) / 1000).toFixed(2)} s (${rebuilds.map((m) => (m / 1000).toFixed(2)).join(', ')})`]);

    const app = await buildHttpApp(platform, { web: false });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const passwordHash = await hashPassword('bench-password-1');
    const officer = await platform.services.identity.createUser({ phone: '13100000009', passwordHash, displayName: '统计科', roles: ['bureau_officer'] }, null);
    const cookie = `haitang_sid=${(await platform.services.identity.createSession(officer.id)).sessionToken}`;
    const targets = JSON.parse((await httpGet(agent, `${base}/api/v1/stats/targets?year=2025`, {})).body) as Array<{ id: string; actual: number | null }>;
    const show = (id: string) => targets.find((x) => x.id === id)!.actual;
    rows.push(['2025 turnover / rural (yuan)', `${show('ecommerce-turnover')!.toLocaleString('en')} / ${show('rural-ecommerce')!.toLocaleString('en')}`]);
    rows.push(['2025 SME adoption / agri enterprises online', `${show('sme-adoption')!.toFixed(1)} % / ${show('agri-enterprises-online')}`]);
    const t = await overHttp(agent, `${base}/api/v1/stats/targets?year=2025`, {}, REQUESTS);
    rows.push([`GET /stats/targets (${REQUESTS} requests)`, `p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms (target p95 < 100)`]);
    const sm = await overHttp(agent, `${base}/api/v1/stats/series?year=2025&metric=turnover&groupBy=month`, { cookie }, Math.ceil(REQUESTS / 3));
    rows.push(['GET /stats/series by month', `p50 ${sm.p50.toFixed(1)} ms, p95 ${sm.p95.toFixed(1)} ms`]);
    const st = await overHttp(agent, `${base}/api/v1/stats/series?year=2025&metric=rural&groupBy=town`, { cookie }, Math.ceil(REQUESTS / 3));
    rows.push(['GET /stats/series by town', `p50 ${st.p50.toFixed(1)} ms, p95 ${st.p95.toFixed(1)} ms`]);
    const xl = await overHttp(agent, `${base}/api/v1/stats/targets.xlsx?year=2025`, { cookie }, 20);
    rows.push(['GET /stats/targets.xlsx', `p50 ${xl.p50.toFixed(1)} ms, p95 ${xl.p95.toFixed(1)} ms`]);
    agent.destroy();
    await app.close();

    const { stats, orders } = platform.services;
    // The live path: paying an order (its transition, stock, audit event and the rollup upserts in one transaction).
    const sample = await sql<{ id: string }>`select id from orders order by id limit 200`.execute(db);
    const fresh: string[] = [];
    for (const [n, { id }] of sample.rows.entries()) {
      const copy = uuidv7();
      await sql`
        insert into orders (id, order_no, consumer_id, shop_id, checkout_id, status, items_total_fen, shipping_fen, total_fen, address,
                            delivery_option, pickup_point_id, note, payment_deadline, created_at, updated_at)
        select ${copy}, ${`BENCHPAY${n}`}, consumer_id, shop_id, ${copy}, 'awaiting_payment', items_total_fen, shipping_fen, total_fen, address,
               delivery_option, pickup_point_id, '', now() + interval '1 day', now(), now()
        from orders where id = ${id}`.execute(db);
      await sql`
        insert into order_items (order_id, line, sku_id, product_id, title, sku_name, unit_price_fen, quantity, line_total_fen)
        select ${copy}, line, sku_id, product_id, title, sku_name, unit_price_fen, quantity, line_total_fen from order_items where order_id = ${id}`.execute(db);
      fresh.push(copy);
    }
    const pays: number[] = [];
    for (const id of fresh) {
      const t1 = performance.now();
      await db.transaction().execute((tx) => orders.systemTransition(tx, id, 'pay', { paymentId: 'bench' }));
      pays.push(performance.now() - t1);
    }
    const pay = timing(pays);
    rows.push([`pay an order, rollups included (${fresh.length})`, `p50 ${pay.p50.toFixed(1)} ms, p95 ${pay.p95.toFixed(1)} ms`]);

    const all = await stats.enterpriseYear(db, 2025);
    const ids = [...all.keys()];
    const ey = await timeIt(30, () => stats.enterpriseYear(db, 2025));
    rows.push([`enterpriseYear(2025), all ${all.size.toLocaleString('en')} enterprises`, `p50 ${ey.p50.toFixed(1)} ms, p95 ${ey.p95.toFixed(1)} ms`]);
    const eyIds = await timeIt(30, () => stats.enterpriseYear(db, 2025, ids));
    rows.push([`enterpriseYear(2025, ${ids.length.toLocaleString('en')} ids)`, `p50 ${eyIds.p50.toFixed(1)} ms, p95 ${eyIds.p95.toFixed(1)} ms`]);
    const pm = await timeIt(30, () => stats.priorMaxAnnualTurnover(db, 2025));
    rows.push(['priorMaxAnnualTurnover(2025), all', `p50 ${pm.p50.toFixed(1)} ms, p95 ${pm.p95.toFixed(1)} ms`]);
    return rows;
  } finally {
    await platform.close();
    await drop();
  }
}

async function postgresAvailable(): Promise<boolean> {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const backends: Backend[] = [];
  if (values.backend !== 'postgres') backends.push('pglite');
  if (values.backend !== 'pglite') {
    if (await postgresAvailable()) backends.push('postgres');
    else console.log('PostgreSQL not reachable (BENCH_DATABASE_URL or 127.0.0.1:5432): PGlite only');
  }
  console.log(`statistics bench: ${ORDERS.toLocaleString('en')} orders, ${ENTERPRISES.toLocaleString('en')} selling enterprises, seed ${SEED}`);
  for (const backend of backends) {
    const rows = await run(backend);
    console.log(`\n== ${backend}`);
    const w = Math.max(...rows.map((r) => r[0].length));
    for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
