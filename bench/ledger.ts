/**
 * Ledger throughput against the raw insert limit of the same backend.
 *
 *   npx tsx bench/ledger.ts
 *
 * For PGlite (in memory) and PostgreSQL (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres; a fresh database haitang_bench_ledger_<pid> is
 * created and dropped), it measures transfers per second:
 *   - single:   one transfer per createTransfers call, i.e. per transaction;
 *   - batch100: 100 transfers per call;
 *   - single×8: (PostgreSQL only) single transfers from 8 concurrent connections;
 * and the same rows written as plain INSERTs into an unindexed, unconstrained table with the same
 * batching and transactions: the ceiling the ledger's locking, reads, checks, balance updates
 * and indexes are measured against. Medians of BENCH_RUNS (3) runs; the books are checked at
 * the end of every backend (Σ debits = Σ credits, no mismatches) or the bench fails.
 *
 * Sizes: BENCH_SINGLE_N (transfers per single run), BENCH_BATCH_N (per batched run).
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'kysely';
import { createPGlite, openDatabase, type Database, type Db } from '../src/db/connect.ts';
import { discoverMigrations, migrate } from '../src/db/migrate.ts';
import { systemClock } from '../src/kernel/clock.ts';
import { uuidv7 } from '../src/kernel/ids.ts';
import { LedgerService, type TransferInput } from '../src/modules/ledger/index.ts';

const RUNS = intEnv('BENCH_RUNS', 3);
const BATCH = 100;
const CONCURRENCY = 8;
const CUSTOMERS = 200;
const MERCHANTS = 50;
const FUNDING = 10n ** 12n;

interface Mode {
  name: string;
  n: number;
  batch: number;
  workers: number;
}

interface Row {
  backend: string;
  mode: string;
  n: number;
  ledger: number;
  raw: number;
}

function intEnv(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Customer → merchant payments of 1–10000 fen; customers are funded far beyond what runs spend. */
function workload(n: number): TransferInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: uuidv7(),
    debitAccount: `customer:b${i % CUSTOMERS}`,
    creditAccount: `merchant_payable:b${(i * 7) % MERCHANTS}`,
    amountFen: BigInt(1 + ((i * 7919) % 10_000)),
    code: 'order.paid',
    userData: { orderId: `o${i}` },
  }));
}

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Runs `jobs` on `workers` concurrent lanes; returns transfers per second. */
async function timed(total: number, jobs: Array<() => Promise<void>>, workers: number): Promise<number> {
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) await jobs[next++]!();
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: workers }, lane));
  return total / ((performance.now() - start) / 1000);
}

async function setUp(db: Db): Promise<LedgerService> {
  await migrate(db, discoverMigrations().filter((m) => m.module === 'ledger'));
  // The raw ceiling: same columns, no keys, no checks, no indexes, no triggers.
  await sql`create table bench_raw_transfers as select * from ledger_transfers with no data`.execute(db);
  const ledger = new LedgerService(db, systemClock);
  await ledger.ensureAccount(db, { code: 'bank_clearing:bench', kind: 'asset' });
  for (let i = 0; i < CUSTOMERS; i++) {
    await ledger.ensureAccount(db, { code: `customer:b${i}`, kind: 'liability', flags: { debitsMustNotExceedCredits: true } });
  }
  for (let i = 0; i < MERCHANTS; i++) {
    await ledger.ensureAccount(db, { code: `merchant_payable:b${i}`, kind: 'liability', flags: { debitsMustNotExceedCredits: true } });
  }
  const funding = Array.from({ length: CUSTOMERS }, (_, i) => ({
    id: uuidv7(),
    debitAccount: 'bank_clearing:bench',
    creditAccount: `customer:b${i}`,
    amountFen: FUNDING,
    code: 'bench.funding',
  }));
  const results = await ledger.createTransfers(db, funding);
  if (!results.every((r) => r.result === 'ok')) throw new Error('bench funding failed');
  return ledger;
}

async function ledgerRun(db: Db, ledger: LedgerService, mode: Mode): Promise<number> {
  const batches = chunks(workload(mode.n), mode.batch);
  const jobs = batches.map((b) => async () => {
    const results = await ledger.createTransfers(db, b);
    for (const r of results) if (r.result !== 'ok') throw new Error(`bench transfer ${r.id}: ${r.result}`);
  });
  return timed(mode.n, jobs, mode.workers);
}

/** The same rows as the ledger writes, as one INSERT … SELECT unnest per batch, in a transaction. */
async function rawRun(db: Db, mode: Mode): Promise<number> {
  const ids = await accountIds(db);
  const batches = chunks(workload(mode.n), mode.batch);
  const jobs = batches.map((b) => async () => {
    const col = <T>(f: (t: TransferInput) => T): T[] => b.map(f);
    const now = new Date();
    await db.transaction().execute(async (tx) => {
      await sql`
        insert into bench_raw_transfers (id, seq, ledger, kind, debit_account_id, credit_account_id, amount_fen, pending_id,
          timeout_seconds, expires_at, linked, chain_id, code, user_data, posted_at,
          debit_account_debits_pending_after, debit_account_debits_posted_after,
          debit_account_credits_pending_after, debit_account_credits_posted_after,
          credit_account_debits_pending_after, credit_account_debits_posted_after,
          credit_account_credits_pending_after, credit_account_credits_posted_after)
        select id, 0, 'CNY', 'single', dr, cr, amount, null, null, null, false, null, code, user_data, ${now}::timestamptz,
               0, amount, 0, ${FUNDING.toString()}::int8, 0, 0, 0, amount
        from unnest(${col((t) => t.id)}::uuid[], ${col((t) => ids.get(t.debitAccount)!)}::uuid[],
                    ${col((t) => ids.get(t.creditAccount)!)}::uuid[], ${col((t) => t.amountFen)}::int8[],
                    ${col((t) => t.code)}::text[], ${col((t) => JSON.stringify(t.userData))}::jsonb[])
          as v(id, dr, cr, amount, code, user_data)`.execute(tx);
    });
  });
  return timed(mode.n, jobs, mode.workers);
}

async function accountIds(db: Db): Promise<Map<string, string>> {
  const r = await sql<{ id: string; code: string }>`select id, code from ledger_accounts`.execute(db);
  return new Map(r.rows.map((x) => [x.code, x.id]));
}

async function assertBooks(ledger: LedgerService, backend: string): Promise<void> {
  const report = await ledger.check();
  if (!report.balanced || report.mismatches.length > 0) {
    throw new Error(`${backend}: books do not balance after the bench: ${JSON.stringify(report.mismatches.slice(0, 5), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
  }
  console.log(`  ${backend}: check ok — ${report.transfers} transfers, ${report.accounts} accounts, Σ debits = Σ credits = ${report.debitsPosted} fen`);
}

async function benchBackend(backend: string, database: Database, modes: Mode[]): Promise<Row[]> {
  const db = database.db;
  const ledger = await setUp(db);
  // Warm-up: plans, JIT and caches, not counted.
  await ledgerRun(db, ledger, { name: 'warm', n: 200, batch: 1, workers: 1 });
  await rawRun(db, { name: 'warm', n: 200, batch: 1, workers: 1 });
  const rows: Row[] = [];
  for (const mode of modes) {
    const l: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      l.push(await ledgerRun(db, ledger, mode));
      r.push(await rawRun(db, mode));
    }
    const row = { backend, mode: mode.name, n: mode.n, ledger: median(l), raw: median(r) };
    console.log(`  ${backend} ${mode.name}: ledger ${l.map(Math.round).join(' / ')}, raw ${r.map(Math.round).join(' / ')} transfers/s`);
    rows.push(row);
  }
  await assertBooks(ledger, backend);
  return rows;
}

async function withPostgres<T>(url: string, work: (database: Database) => Promise<T>): Promise<T | null> {
  const name = `haitang_bench_ledger_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`  postgres: skipped, cannot connect to ${url} (${(e as Error).message})`);
    return null;
  }
  try {
    await admin.query(`create database ${name}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openDatabase({ url: u.toString(), poolSize: CONCURRENCY + 2 });
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  } finally {
    await dropWhenIdle(admin, name);
    await admin.end();
  }
}

/**
 * The pool's sockets may still be closing after it ended; forcing the drop while they are would
 * send them a FATAL that crashes the process. Wait (bounded) for the server to see them gone.
 */
async function dropWhenIdle(admin: pg.Client, name: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const r = await admin.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [name]);
    if (Number(r.rows[0]!.n) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await admin.query(`drop database if exists ${name} with (force)`);
}

function printTable(rows: Row[]): void {
  const header = ['backend', 'mode', 'transfers/run', 'ledger tx/s', 'raw insert tx/s', 'ledger/raw'];
  const body = rows.map((r) => [
    r.backend,
    r.mode,
    String(r.n),
    Math.round(r.ledger).toLocaleString('en-US'),
    Math.round(r.raw).toLocaleString('en-US'),
    (r.ledger / r.raw).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  console.log();
  console.log(line(header));
  console.log('|' + widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const b of body) console.log(line(b));
  console.log(`\nmedians of ${RUNS} runs; "tx/s" = transfers per second; raw = plain INSERTs of the same rows, same batching.`);
}

async function main(): Promise<void> {
  const singleN = intEnv('BENCH_SINGLE_N', 2000);
  const batchN = intEnv('BENCH_BATCH_N', 20_000);
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const common: Mode[] = [
    { name: 'single', n: singleN, batch: 1, workers: 1 },
    { name: `batch${BATCH}`, n: batchN, batch: BATCH, workers: 1 },
  ];
  const rows: Row[] = [];
  console.log('ledger bench');
  const pglite = await createPGlite();
  const embedded = await openDatabase({ pglite });
  try {
    rows.push(...(await benchBackend('pglite', embedded, common)));
  } finally {
    await embedded.close();
    await pglite.close();
  }
  const pgRows = await withPostgres(url, (database) =>
    benchBackend('postgres', database, [...common, { name: `single×${CONCURRENCY}`, n: singleN * 2, batch: 1, workers: CONCURRENCY }]),
  );
  if (pgRows) rows.push(...pgRows);
  printTable(rows);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
