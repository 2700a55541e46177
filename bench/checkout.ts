/**
 * Checkout throughput over HTTP against the raw SQL of the same transaction issued directly,
 * on the same backend, in one run. Target (issue 3): HTTP ≥ 0.5× raw.
 *
 *   npm run bench -- checkout [--backend pglite|postgres|both] [--seconds 8] [--concurrency 16]
 *
 * HTTP: autocannon (in its own process) POSTs /api/v1/checkout (buy-now, one line) with a signed-in buyer; the full
 * path runs — auth, schema validation, idempotency key, stock gate, order + items + events +
 * reservation in one transaction, response. Raw: the same statements (conditional stock update,
 * product total, order, item, reservation, event) in one transaction per checkout, issued by
 * `concurrency` loops straight through the same pool.
 */
import { parseArgs } from 'node:util';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { ADDRESS, benchWorld, median, type Backend } from './_support.ts';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'both' }, seconds: { type: 'string', default: '8' }, concurrency: { type: 'string', default: '16' }, runs: { type: 'string', default: '3' } } });
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const RUNS = Number(values.runs);

async function httpRun(world: Awaited<ReturnType<typeof benchWorld>>): Promise<{ perSec: number; p99: number; errors: number }> {
  const body = JSON.stringify({ items: [{ skuId: world.skuId, quantity: 1 }], address: ADDRESS, deliveryOption: 'express' });
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./_autocannon-client.ts', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stdin.end(JSON.stringify({ url: `${world.baseUrl}/api/v1/checkout`, body, cookies: world.buyers, seconds: SECONDS, connections: CONCURRENCY }));
  await new Promise((resolve) => child.on('exit', resolve));
  const r = JSON.parse(out) as { total: number; p99: number; errors: number };
  return { perSec: r.total / SECONDS, p99: r.p99, errors: r.errors };
}

async function rawRun(world: Awaited<ReturnType<typeof benchWorld>>): Promise<{ perSec: number }> {
  const db = world.platform.database.db;
  const consumer = crypto.randomUUID();
  const deadline = Date.now() + SECONDS * 1000;
  let done = 0;
  const loop = async () => {
    while (Date.now() < deadline) {
      await db.transaction().execute(async (tx) => {
        const orderId = crypto.randomUUID();
        const taken = await sql<{ product_id: string; price_fen: string }>`
          update skus set stock = stock - 1 where id = ${world.skuId} and stock >= 1 returning product_id, price_fen`.execute(tx);
        const row = taken.rows[0];
        if (!row) throw new Error('out of stock in raw run');
        await sql`update products set stock_total = stock_total - 1 where id = ${row.product_id}`.execute(tx);
        await sql`insert into orders (id, order_no, consumer_id, shop_id, checkout_id, status, items_total_fen, shipping_fen, total_fen, address, delivery_option, payment_deadline)
                  values (${orderId}, ${`RAW${orderId.slice(0, 16)}`}, ${consumer}, ${world.shopId}, ${orderId}, 'awaiting_payment', ${row.price_fen}, 0, ${row.price_fen}, ${JSON.stringify(ADDRESS)}, 'express', now() + interval '15 minutes')`.execute(tx);
        await sql`insert into order_items (order_id, line, sku_id, product_id, title, sku_name, unit_price_fen, quantity, line_total_fen)
                  values (${orderId}, 1, ${world.skuId}, ${row.product_id}, '荣昌卤鹅压测款', '整只', ${row.price_fen}, 1, ${row.price_fen})`.execute(tx);
        await sql`insert into stock_reservations (id, order_id, sku_id, quantity, expires_at) values (${crypto.randomUUID()}, ${orderId}, ${world.skuId}, 1, now() + interval '15 minutes')`.execute(tx);
        await sql`insert into order_events (order_id, action, to_status, actor_id, actor_role) values (${orderId}, 'place', 'awaiting_payment', ${consumer}, 'consumer')`.execute(tx);
      });
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return { perSec: done / SECONDS };
}

const backends: Backend[] = values.backend === 'both' ? ['pglite', 'postgres'] : [values.backend as Backend];
console.log(`checkout: ${SECONDS}s per run, ${CONCURRENCY} concurrent, median of ${RUNS} runs`);
console.log('backend   HTTP checkouts/s  HTTP p99 ms  raw SQL tx/s  HTTP/raw');
for (const backend of backends) {
  const world = await benchWorld(backend, { stock: 1_000_000, buyers: 50 });
  const https: number[] = [];
  const raws: number[] = [];
  const p99s: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const h = await httpRun(world);
    if (h.errors > 0) console.log(`  (HTTP run had ${h.errors} errors)`);
    https.push(h.perSec);
    p99s.push(h.p99);
    raws.push((await rawRun(world)).perSec);
  }
  const h = median(https);
  const r = median(raws);
  console.log(`${backend.padEnd(9)} ${h.toFixed(0).padStart(16)}  ${median(p99s).toFixed(0).padStart(11)}  ${r.toFixed(0).padStart(12)}  ${(h / r).toFixed(2).padStart(8)}${h / r >= 0.5 ? '' : '  (below 0.5× goal)'}`);
  await world.close();
}
