/**
 * Product search benchmark: loads a realistic Rongchang catalogue (100,000 products by default)
 * into PGlite — and into PostgreSQL when BENCH_DATABASE_URL is set — then runs a mix of shopper
 * queries and prints latency percentiles and memory. See bench/README.md for results.
 *
 *   node --import tsx bench/search.ts [--products 100000] [--queries 3000] [--seed 1]
 *        [--shared-buffers 128MB] [--memory] [--slow 50]
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/search.ts
 *
 * Targets (issue): p95 < 50 ms and RSS < 300 MB on PGlite with 100k products. PGlite runs inside
 * the Node process, so that process's RSS is the database server's RSS. As under `npm start`, the
 * database lives in a data directory (a temporary one); the queries then run in a fresh process
 * that opens it, as a restarted server would, so the loader's leftover heap is not counted.
 * `--memory` keeps everything in one process with an in-memory database instead, where every
 * table and index counts towards RSS too.
 *
 * Experiments (the default run measures the code, schema and PGlite settings as they are):
 * `--shared-buffers` starts PGlite with another buffer pool than createPGlite's 32 MB (e.g.
 * PostgreSQL's default 128 MB, to see the latency/memory trade-off); `--slow N` prints every
 * query slower than N ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPGlite, openDatabase, type Database } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { insertProducts, insertShop, type ProductFixture } from '../src/modules/catalog/search/fixtures.ts';
import { searchProducts, type ProductSearchParams } from '../src/modules/catalog/search/query.ts';

// ---------------------------------------------------------------- a reproducible catalogue

/** mulberry32: a small seeded PRNG, so every run loads the same catalogue. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOWNS: Array<[string, string]> = [
  ['500153001', '昌元街道'], ['500153002', '昌州街道'], ['500153003', '广顺街道'], ['500153004', '双河街道'],
  ['500153005', '安富街道'], ['500153006', '峰高街道'], ['500153100', '荣隆镇'], ['500153101', '仁义镇'],
  ['500153102', '盘龙镇'], ['500153103', '吴家镇'], ['500153104', '直升镇'], ['500153105', '万灵镇'],
  ['500153106', '清升镇'], ['500153107', '清江镇'], ['500153108', '古昌镇'], ['500153109', '河包镇'],
  ['500153110', '观胜镇'], ['500153111', '铜鼓镇'], ['500153112', '清流镇'], ['500153113', '远觉镇'],
  ['500153114', '龙集镇'],
];

interface PavilionVocabulary {
  code: string;
  name: string;
  items: string[];
  gi?: string;
  english?: string[];
}

const PAVILIONS: PavilionVocabulary[] = [
  { code: 'pottery', name: '陶器馆', gi: '荣昌陶器', items: ['安陶茶具', '安陶花瓶', '陶壶', '茶杯', '泡菜坛', '陶艺摆件', '刻花陶罐', '香炉', '茶盘', '陶瓷碗'], english: ['ceramic teapot', 'pottery vase', 'tea set'] },
  { code: 'ramie_cloth', name: '夏布馆', gi: '荣昌夏布', items: ['夏布围巾', '夏布桌旗', '夏布团扇', '夏布手提包', '夏布衬衫', '夏布茶席', '夏布靠枕', '夏布书签'], english: ['ramie scarf', 'linen table runner'] },
  { code: 'folding_fan', name: '折扇馆', items: ['折扇', '绢面折扇', '书画折扇', '竹骨折扇', '檀香扇', '纸扇'], english: ['folding fan'] },
  { code: 'food', name: '美食馆', items: ['荣昌卤鹅', '黄凉粉', '铺盖面', '羊肉汤料', '猪油泡粑', '麻花', '豆腐乳', '卤猪蹄', '腊肉', '香肠'], english: ['braised goose'] },
  { code: 'home', name: '家居馆', items: ['竹编篮', '夏布门帘', '陶艺花盆', '竹凉席', '手工地毯', '实木砧板'] },
  { code: 'agri_specialty', name: '农特产品馆', items: ['柑橘', '枇杷', '柚子', '大米', '菜籽油', '蜂蜜', '花椒', '茶叶', '红薯粉条', '土鸡蛋'] },
  { code: 'eco_pork', name: '荣牧生态猪馆', gi: '荣昌猪', items: ['荣昌猪肉', '猪排骨', '五花肉', '猪里脊', '腊肉礼包', '猪肉香肠'], english: ['rongchang pork'] },
  { code: 'livestock_supplies', name: '畜牧商城', items: ['猪饲料', '兽药', '饲料添加剂', '养殖器械', '仔猪', '种猪', '疫苗冷藏箱'] },
];

const PREFIXES = ['荣昌', '手工', '生态', '正宗', '传统', '非遗', '原生态', '农家', '精品', '特级', ''];
const SUFFIXES = ['礼盒', '套装', '家庭装', '组合', '包邮', '新品', '限量版', '2条装', '500g', '1kg', ''];
const PHRASES = ['精选优质原料', '传统工艺制作', '荣昌地方特色', '非物质文化遗产', '产地直发', '顺丰包邮', '送礼佳品', '匠人手作', '绿色生态', '国家地理标志产品', '品质保证', '七天无理由退换'];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

export interface Catalogue {
  count: number;
  seed: number;
  shops: string[];
}

export function catalogue(count: number, seed: number): Catalogue {
  const r = rng(seed);
  const shopCount = Math.max(1, Math.round(count / 250));
  const shops = Array.from({ length: shopCount }, (_, i) => `${pick(r, TOWNS)[1]}${pick(r, ['陶艺', '夏布', '食品', '农业', '生态养殖', '折扇', '电商'])}${i}号店`);
  return { count, seed, shops };
}

/**
 * The catalogue's products, generated lazily (the same ones every time for a seed), so the
 * benchmark's own memory does not count against the database's.
 */
export function* products(c: Catalogue): Generator<Omit<ProductFixture, 'shopId'> & { shop: number }> {
  const r = rng(c.seed + 1);
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < c.count; i++) {
    const pav = pick(r, PAVILIONS);
    const item = pick(r, pav.items);
    const [town, townName] = pick(r, TOWNS);
    const title = `${pick(r, PREFIXES)}${item}${r() < 0.7 ? ` ${pick(r, SUFFIXES)}` : ''}`.trim();
    const english = pav.english && r() < 0.15 ? ` ${pick(r, pav.english)}` : '';
    const subtitle = `${pick(r, PHRASES)} ${pick(r, PHRASES)}${english}`;
    const description = Array.from({ length: 3 + Math.floor(r() * 5) }, () => pick(r, PHRASES)).join('，') + `。产自${townName}。`;
    const status = r() < 0.9 ? 'on_sale' : r() < 0.5 ? 'draft' : 'off_sale';
    yield {
      shop: Math.floor(r() * c.shops.length),
      pavilionCode: pav.code,
      pavilionName: pav.name,
      title,
      subtitle,
      description,
      attributes: { 规格: pick(r, ['250g', '500g', '1kg', '1件', '2条', '礼盒装']), 产地: `荣昌区${townName}` },
      townName,
      originTownCode: town,
      giMarks: pav.gi && r() < 0.5 ? [pav.gi] : [],
      status,
      // Log-uniform from ¥5 to ¥2,000.
      priceMinFen: BigInt(Math.round(500 * Math.exp(r() * Math.log(400)))),
      stockTotal: r() < 0.1 ? 0 : Math.floor(r() * 500),
      salesCount: Math.floor(Math.pow(r(), 4) * 10_000),
      createdAt: new Date(start + Math.floor(r() * 365 * 86_400_000)),
    };
  }
}

export async function load(database: Database, c: Catalogue): Promise<number> {
  const t0 = performance.now();
  const shopIds: string[] = [];
  for (const name of c.shops) shopIds.push(await insertShop(database.db, name));
  let chunk: ProductFixture[] = [];
  for (const { shop, ...p } of products(c)) {
    chunk.push({ ...p, shopId: shopIds[shop]! });
    if (chunk.length === 2000) {
      await insertProducts(database.db, chunk);
      chunk = [];
    }
  }
  await insertProducts(database.db, chunk);
  await sql`analyze products`.execute(database.db);
  return performance.now() - t0;
}

// ---------------------------------------------------------------- the query mix

type Kind = 'single word' | 'two words' | 'one character' | 'filter only' | 'price sort' | 'sales sort' | 'page walk' | 'pages 2-4' | 'pages 5-10' | 'typo';

interface Sample {
  kind: Kind;
  ms: number;
}

function queryMix(r: () => number): Array<{ kind: Kind; params: ProductSearchParams; pages: number }> {
  const single = ['夏布', '荣昌', '安陶', '卤鹅', '折扇', '茶具', '围巾', '花瓶', '猪肉', '礼盒', '黄凉粉', '生态', '手工', '蜂蜜', 'ceramic'];
  const two = ['荣昌 夏布', '安陶 茶具', '手工 围巾', '生态 猪肉', '荣昌卤鹅 礼盒', '夏布 团扇', '荣昌猪 排骨', 'ramie scarf'];
  const chars = ['鹅', '扇', '陶', '猪', '茶'];
  const typos = ['荣昌卤饿', '夏币围巾', '安陶茶俱', '黄凉份', 'ceramik', 'teapto', '荣昌猪内'];
  const pavilions = PAVILIONS.map((p) => p.code);
  const out: Array<{ kind: Kind; params: ProductSearchParams; pages: number }> = [];
  const filters = (): ProductSearchParams => {
    const f: ProductSearchParams = {};
    const x = r();
    if (x < 0.3) f.pavilion = pick(r, pavilions);
    else if (x < 0.5) f.town = pick(r, TOWNS)[0];
    if (r() < 0.3) f.priceMinFen = 1000n;
    if (r() < 0.3) f.priceMaxFen = 20_000n;
    if (r() < 0.3) f.inStock = true;
    return f;
  };
  for (let i = 0; i < 200; i++) {
    out.push({ kind: 'single word', params: { q: pick(r, single), ...(r() < 0.3 ? filters() : {}) }, pages: 1 });
    out.push({ kind: 'two words', params: { q: pick(r, two), ...(r() < 0.3 ? filters() : {}) }, pages: 1 });
    out.push({ kind: 'one character', params: { q: pick(r, chars) }, pages: 1 });
    out.push({ kind: 'filter only', params: { ...filters(), sort: 'newest' }, pages: 1 });
    out.push({ kind: 'price sort', params: { ...(r() < 0.5 ? { q: pick(r, single) } : filters()), sort: r() < 0.5 ? 'price_asc' : 'price_desc' }, pages: 1 });
    out.push({ kind: 'sales sort', params: { ...(r() < 0.5 ? { q: pick(r, single) } : filters()), sort: 'sales' }, pages: 1 });
    const deepSort = pick(r, ['relevance', 'price_asc', 'newest', 'sales'] as const);
    out.push({ kind: 'page walk', params: { ...(deepSort === 'newest' || r() < 0.5 ? filters() : { q: pick(r, single) }), sort: deepSort }, pages: 10 });
    out.push({ kind: 'typo', params: { q: pick(r, typos) }, pages: 1 });
  }
  return out;
}

/** Runs the mix until `total` pages were fetched; a walk's pages 2–4 and 5–10 count separately. */
async function runMix(database: Database, total: number, seed: number, slowMs: number): Promise<{ samples: Sample[]; peakRssMb: number; peakDetail: string }> {
  const r = rng(seed + 7);
  const samples: Sample[] = [];
  let peak = process.memoryUsage();
  const sample = () => {
    const now = process.memoryUsage();
    if (now.rss > peak.rss) peak = now;
  };
  // Warm-up: caches and JIT, not measured.
  for (const { params } of queryMix(rng(seed + 99)).slice(0, 100)) await searchProducts(database.db, params);
  while (samples.length < total) {
    for (const { kind, params, pages } of queryMix(r)) {
      let cursor: string | undefined;
      for (let p = 0; p < pages; p++) {
        const t0 = performance.now();
        const res = await searchProducts(database.db, { ...params, ...(cursor ? { cursor } : {}) });
        const ms = performance.now() - t0;
        const label: Kind = p === 0 ? kind : p < 4 ? 'pages 2-4' : 'pages 5-10';
        samples.push({ kind: label, ms });
        if (ms > slowMs) console.log(`slow: ${ms.toFixed(1)} ms ${label} ${JSON.stringify(params, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}`);
        if (!res.nextCursor) break;
        cursor = res.nextCursor;
      }
      if (samples.length % 50 < pages) sample();
      if (samples.length >= total) break;
    }
  }
  sample();
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
  // `external` holds PGlite's WASM memory; the JS heap is Node's own.
  const peakDetail = `JS heap ${mb(peak.heapTotal)}, external (PGlite WASM memory) ${mb(peak.external)}`;
  return { samples, peakRssMb: peak.rss / 2 ** 20, peakDetail };
}

// ---------------------------------------------------------------- reporting

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function table(samples: Sample[]): string {
  const kinds = [...new Set(samples.map((s) => s.kind))];
  const rows = [...kinds.map((k) => [k, samples.filter((s) => s.kind === k)] as const), ['ALL', samples] as const];
  const lines = [`${'query'.padEnd(14)} ${'n'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`];
  for (const [name, list] of rows) {
    const ms = list.map((s) => s.ms).sort((a, b) => a - b);
    const f = (x: number) => x.toFixed(1).padStart(8);
    lines.push(`${name.padEnd(14)} ${String(ms.length).padStart(6)} ${f(percentile(ms, 50))} ${f(percentile(ms, 95))} ${f(percentile(ms, 99))} ${f(ms.at(-1) ?? NaN)}`);
  }
  return lines.join('\n');
}

async function sizes(database: Database): Promise<string> {
  const r = await sql<{ name: string; mb: string }>`
    select c.relname as name, round(pg_total_relation_size(c.oid) / 1048576.0, 1)::text as mb
    from pg_class c
    where c.relname in ('products', 'products_search', 'products_trgm', 'products_price', 'products_sales', 'products_listing')
    order by c.relname`.execute(database.db);
  const lex = await sql<{ avg: string }>`select round(avg(length(search_vector)), 1)::text as avg from products`.execute(database.db);
  return `${r.rows.map((x) => `${x.name} ${x.mb} MB`).join(', ')}; lexemes per product ${lex.rows[0]!.avg}`;
}

function report(label: string, samples: Sample[], peakRssMb?: number): void {
  console.log(`-- ${label}`);
  console.log(table(samples));
  const all = samples.map((s) => s.ms).sort((a, b) => a - b);
  const rss = peakRssMb === undefined ? '' : `; peak RSS of the process serving the queries ${peakRssMb.toFixed(0)} MB (target < 300)`;
  console.log(`p95 ${percentile(all, 95).toFixed(1)} ms (target < 50)${rss}`);
}

async function openPglite(dir: string | undefined, sharedBuffers: string | undefined): Promise<{ database: Database; close(): Promise<void> }> {
  const pglite = sharedBuffers
    ? await PGlite.create({
        ...(dir ? { dataDir: dir } : {}),
        extensions: { pg_trgm },
        startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
      })
    : await createPGlite(dir);
  const database = await openDatabase({ pglite });
  return {
    database,
    close: async () => {
      await database.close();
      await pglite.close();
    },
  };
}

async function loadAndReport(label: string, database: Database, c: Catalogue): Promise<void> {
  await migrate(database.db);
  const loadMs = await load(database, c);
  console.log(`\n== ${label}: ${c.count.toLocaleString('en')} products loaded in ${(loadMs / 1000).toFixed(1)} s`);
  console.log(`   ${await sizes(database)}`);
}

const OPTIONS = {
  products: { type: 'string', default: '100000' },
  queries: { type: 'string', default: '3000' },
  seed: { type: 'string', default: '1' },
  memory: { type: 'boolean', default: false },
  'shared-buffers': { type: 'string' },
  slow: { type: 'string', default: 'Infinity' },
  // Internal: the query phase, in a fresh process serving an already loaded data directory.
  serve: { type: 'string' },
} as const;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: OPTIONS });
  const queries = Number(values.queries);
  const seed = Number(values.seed);
  const slow = Number(values.slow);
  const sharedBuffers = values['shared-buffers'];

  if (values.serve) {
    const lite = await openPglite(values.serve, sharedBuffers);
    console.log(`   a fresh process opened the data directory: RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
    const { samples, peakRssMb, peakDetail } = await runMix(lite.database, queries, seed, slow);
    report('PGlite, serving from its data directory', samples, peakRssMb);
    console.log(`   at the RSS peak: ${peakDetail}`);
    await lite.close();
    return;
  }

  const c = catalogue(Number(values.products), seed);
  const setup = [
    values.memory ? 'in memory' : 'in a data directory',
    `shared_buffers=${sharedBuffers ?? '32MB (createPGlite)'}`,
  ].join(', ');
  const dir = values.memory ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'haitang-bench-'));
  try {
    const lite = await openPglite(dir, sharedBuffers);
    await loadAndReport(`PGlite (${setup})`, lite.database, c);
    if (!dir) {
      const { samples, peakRssMb, peakDetail } = await runMix(lite.database, queries, seed, slow);
      report('PGlite, in this process', samples, peakRssMb);
      console.log(`   at the RSS peak: ${peakDetail}`);
      await lite.close();
    } else {
      // Loading leaves this process's heap large; a server would start fresh on the directory.
      await lite.close();
      const args = ['--serve', dir, '--queries', String(queries), '--seed', String(seed), '--slow', String(slow)];
      if (sharedBuffers) args.push('--shared-buffers', sharedBuffers);
      const child = fork(fileURLToPath(import.meta.url), args, { execArgv: process.execArgv, stdio: 'inherit' });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      if (code !== 0) throw new Error(`query phase failed with exit code ${code}`);
    }
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }

  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    const name = `haitang_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const u = new URL(url);
      u.pathname = `/${name}`;
      const database = await openDatabase({ url: u.toString(), poolSize: 4 });
      try {
        await loadAndReport('PostgreSQL', database, c);
        const { samples } = await runMix(database, queries, seed, slow);
        report('PostgreSQL (its server processes are not measured)', samples);
      } finally {
        await database.close();
      }
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
