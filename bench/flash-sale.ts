/**
 * Flash sale: 2,000 buyers at once for 100 units of one SKU, over HTTP.
 * Target (issue 3): exactly 100 orders, everyone else a clean 409 OUT_OF_STOCK, p99 < 500 ms.
 *
 *   npm run bench -- flash-sale [--backend pglite|postgres|both] [--buyers 2000] [--stock 100]
 */
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ADDRESS, benchWorld, percentile, type Backend } from './_support.ts';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'both' }, buyers: { type: 'string', default: '2000' }, stock: { type: 'string', default: '100' } } });
const BUYERS = Number(values.buyers);
const STOCK = Number(values.stock);

async function run(backend: Backend) {
  const world = await benchWorld(backend, { stock: STOCK, buyers: BUYERS });
  const body = JSON.stringify({ items: [{ skuId: world.skuId, quantity: 1 }], address: ADDRESS, deliveryOption: 'express' });
  // Before the sale opens every buyer is already on the product page (signed in, connected).
  // The buyers run in a separate process so the load generator does not share the server's CPU.
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./_burst-client.ts', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stdin.end(JSON.stringify({ url: `${world.baseUrl}/api/v1/checkout`, body, cookies: world.buyers, warmUrl: `${world.baseUrl}/api/v1/products/${world.productId}` }));
  await new Promise((resolve) => child.on('exit', resolve));
  const results = JSON.parse(out) as Array<{ status: number; code?: string; ms: number }>;
  const wall = performance.now() - start;
  const lat = results.map((r) => r.ms).sort((a, b) => a - b);
  const okLat = results.filter((r) => r.status === 201).map((r) => r.ms).sort((a, b) => a - b);
  const noLat = results.filter((r) => r.status === 409).map((r) => r.ms).sort((a, b) => a - b);
  if (process.env.BENCH_DEBUG) console.log(`  orders p50 ${percentile(okLat, 50).toFixed(0)} max ${okLat.at(-1)?.toFixed(0)}; refusals p50 ${percentile(noLat, 50).toFixed(0)} min ${noLat[0]?.toFixed(0)} max ${noLat.at(-1)?.toFixed(0)}`);
  const created = results.filter((r) => r.status === 201).length;
  const outOfStock = results.filter((r) => r.status === 409 && r.code === 'OUT_OF_STOCK').length;
  const other = results.length - created - outOfStock;
  const sku = (await world.platform.services.catalog.getProduct(null, world.productId)).skus[0]!;
  await world.close();
  return { backend, created, outOfStock, other, stockLeft: sku.stock, p50: percentile(lat, 50), p99: percentile(lat, 99), max: lat[lat.length - 1]!, wall };
}

const backends: Backend[] = values.backend === 'both' ? ['pglite', 'postgres'] : [values.backend as Backend];
console.log(`flash sale: ${BUYERS} concurrent buyers, ${STOCK} units of one SKU`);
console.log('backend   orders  409 OUT_OF_STOCK  other  stock left  p50 ms  p99 ms  max ms  wall ms  verdict');
for (const b of backends) {
  const r = await run(b);
  const ok = r.created === STOCK && r.outOfStock === BUYERS - STOCK && r.other === 0 && r.stockLeft === 0;
  console.log(
    `${r.backend.padEnd(9)} ${String(r.created).padStart(6)}  ${String(r.outOfStock).padStart(16)}  ${String(r.other).padStart(5)}  ${String(r.stockLeft).padStart(10)}  ${r.p50.toFixed(0).padStart(6)}  ${r.p99.toFixed(0).padStart(6)}  ${r.max.toFixed(0).padStart(6)}  ${r.wall.toFixed(0).padStart(7)}  ${ok ? 'exact' : 'WRONG'}${r.p99 < 500 ? ', p99 < 500 ms' : ', p99 over 500 ms'}`,
  );
}
