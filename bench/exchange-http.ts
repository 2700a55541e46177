/**
 * Durable order entry over HTTP (issue 5 goal: ≥ 10 k orders/s acknowledged, p99 < 20 ms on
 * PostgreSQL).
 *
 *   npm run bench -- exchange-http [--backend postgres|pglite] [--seconds 10] [--connections 64,256] [--traders 50]
 *
 * The full path runs for every order: session auth, schema validation, the instrument's single
 * writer (mode, session, tick, band, lot check), the ledger reservation of buys, matching,
 * and one group-committed transaction holding the journal rows, orders, trades, lots, candles
 * and ledger transfers — the answer (201) goes out only after that commit. The load generator
 * (autocannon) runs in its own process; each request is a limit order near the mid from one of
 * `traders` signed-in traders (buy, or sell from the trader's lot), so about half trade.
 * Afterwards the ledger is checked and the journal replayed against the live book.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { buildHttpApp } from '../src/http/app.ts';
import { uuidv7 } from '../src/kernel/ids.ts';
import { MemoryStorage } from '../src/kernel/storage.ts';
import { insertInstrument } from '../src/modules/exchange/index.ts';
import { hashPassword } from '../src/modules/identity/password.ts';
import { createPlatform } from '../src/platform.ts';
import { freshDatabase, type Backend } from './_support.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64,256' },
    traders: { type: 'string', default: '50' },
    client: { type: 'boolean', default: false },
  },
});

if (values.client) {
  // Load generator (child process): cycles through prepared (cookie, body) pairs.
  const { default: autocannon } = await import('autocannon');
  const input = JSON.parse(
    await new Promise<string>((resolve) => {
      let d = '';
      process.stdin.on('data', (c) => (d += c));
      process.stdin.on('end', () => resolve(d));
    }),
  ) as { url: string; requests: Array<{ cookie: string; body: string }>; seconds: number; connections: number };
  let n = 0;
  const r = await autocannon({
    url: input.url,
    method: 'POST',
    connections: input.connections,
    duration: input.seconds,
    requests: [
      {
        setupRequest: (req) => {
          const x = input.requests[n++ % input.requests.length]!;
          return { ...req, body: x.body, headers: { 'content-type': 'application/json', cookie: x.cookie } };
        },
      },
    ],
  });
  process.stdout.write(JSON.stringify({ ok: r['2xx'], non2xx: r.non2xx, errors: r.errors, p50: r.latency.p50, p99: r.latency.p99 }));
  process.exit(0);
}

const SECONDS = Number(values.seconds);
const TRADERS = Number(values.traders);
const backend = values.backend as Backend;

const { database, drop } = await freshDatabase(backend);
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { seed: 'none' });
const platform = await createPlatform(config, { database, storage: new MemoryStorage() });
const { identity, exchange } = platform.services;
const instrumentId = uuidv7();
await insertInstrument(database.db, {
  id: instrumentId,
  code: 'BENCH-LH',
  name: { zh: '压测生猪', en: 'Bench live hog' },
  kind: 'live_hog',
  priceUnit: 'fen_per_kg',
  kgPerHead: 115,
  tickFen: 5,
  modes: ['listing', 'continuous'],
  session: { open: '00:00', close: '24:00' },
  prevSettlementFen: 1500,
  bandBp: 1000,
});
const passwordHash = await hashPassword('bench-password-1');
const requests: Array<{ cookie: string; body: string }> = [];
const traders: Array<{ cookie: string; lotId: string }> = [];
for (let i = 0; i < TRADERS; i++) {
  const u = await identity.createUser({ phone: `133${String(i).padStart(8, '0')}`, passwordHash, displayName: '压测交易员', roles: ['consumer'] }, null);
  const actor = await identity.actorOf(u.id);
  await exchange.depositFor(u.id, 1_000_000_000_000n, crypto.randomUUID());
  const lot = await exchange.registerLot(actor, { instrumentId, headCount: 100_000_000, avgWeightKg: 115, farmName: '压测猪场', townCode: '500153105', quarantineCertificateNo: `BENCH${String(i).padStart(6, '0')}` });
  traders.push({ cookie: `haitang_sid=${(await identity.createSession(u.id)).sessionToken}`, lotId: lot.id });
}
// 10 000 prepared orders: limit, price mid ± 4 ticks, quantity 1–3, buy or sell (sell from the lot).
for (let k = 0; k < 10_000; k++) {
  const t = traders[(k * 7) % TRADERS]!;
  const sell = (k * 13) % 2 === 1;
  const priceFen = 1500 + (((k * 31) % 9) - 4) * 5;
  requests.push({
    cookie: t.cookie,
    body: JSON.stringify({ instrumentId, side: sell ? 'sell' : 'buy', type: 'limit', priceFen, quantity: 1 + (k % 3), ...(sell ? { lotId: t.lotId } : {}) }),
  });
}
const app = await buildHttpApp(platform, { web: false });
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });

async function run(connections: number): Promise<{ ok: number; non2xx: number; errors: number; p50: number; p99: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--client'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stdin.end(JSON.stringify({ url: `${baseUrl}/api/v1/exchange/orders`, requests, seconds: SECONDS, connections }));
  await new Promise((resolve) => child.on('exit', resolve));
  return JSON.parse(out) as { ok: number; non2xx: number; errors: number; p50: number; p99: number };
}

console.log(`exchange-http on ${backend}: ${SECONDS}s per run, ${TRADERS} traders, limit orders near the mid (about half trade)`);
console.log('connections  acknowledged/s  p50 ms  p99 ms  refused  errors  orders/batch');
for (const c of values.connections.split(',').map(Number)) {
  const before = await sql<{ n: number; b: number }>`select count(*)::int as n, count(distinct at)::int as b from exchange_journal where instrument_id = ${instrumentId}`.execute(database.db);
  const r = await run(c);
  const after = await sql<{ n: number; b: number }>`select count(*)::int as n, count(distinct at)::int as b from exchange_journal where instrument_id = ${instrumentId}`.execute(database.db);
  const perBatch = (after.rows[0]!.n - before.rows[0]!.n) / Math.max(1, after.rows[0]!.b - before.rows[0]!.b);
  console.log(
    `${String(c).padStart(11)}  ${(r.ok / SECONDS).toFixed(0).padStart(14)}  ${r.p50.toFixed(1).padStart(6)}  ${r.p99.toFixed(1).padStart(6)}  ${String(r.non2xx).padStart(7)}  ${String(r.errors).padStart(6)}  ${perBatch.toFixed(1).padStart(12)}`,
  );
}
const check = await platform.services.ledger.check();
const replay = await exchange.verifyReplay(instrumentId);
const trades = await sql<{ n: number }>`select count(*)::int as n from exchange_trades`.execute(database.db);
console.log(`trades: ${trades.rows[0]!.n}; resting orders: ${replay.live.bids.reduce((s, l) => s + l.orders.length, 0) + replay.live.asks.reduce((s, l) => s + l.orders.length, 0)}`);
console.log(`ledger balanced: ${check.balanced} (${check.mismatches.length} mismatches); journal replay equals the live book: ${replay.equal}`);
await app.close();
await platform.close();
await drop();
