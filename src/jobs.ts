/**
 * Background work of a running server: periodic sweeps that keep promises made to users
 * (unpaid orders give their stock back when the payment window closes). Each job is
 * idempotent, so several server processes may run them side by side.
 */
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Platform } from './platform.ts';

export interface Job {
  name: string;
  everyMs: number;
  run(platform: Platform): Promise<number>;
}

export const JOBS: Job[] = [
  { name: 'expire-unpaid-orders', everyMs: 30_000, run: (p) => p.services.orders.expireUnpaid() },
  { name: 'expire-payments', everyMs: 60_000, run: (p) => p.services.payments.expirePayments() },
  { name: 'auto-confirm-receipt', everyMs: 10 * 60_000, run: (p) => p.services.orders.autoConfirm() },
  { name: 'settle-auctions', everyMs: 15_000, run: (p) => p.services.auctions.settleDue() },
  { name: 'expire-ledger-reservations', everyMs: 60_000, run: async (p) => (await p.services.ledger.expirePending()).expired.length },
  { name: 'embedded-database-maintenance', everyMs: 15 * 60_000, run: embeddedMaintenance },
];

/**
 * PGlite has no autovacuum: nobody refreshes the planner's statistics (the rollups and orders
 * grow all day) or merges the GIN indexes' pending lists (every product edit lands there and
 * search scans it). A PostgreSQL server does both itself, so this is a no-op there.
 */
export async function embeddedMaintenance(p: Platform): Promise<number> {
  if (p.database.kind !== 'pglite') return 0;
  const db = p.database.db;
  await sql`analyze`.execute(db);
  await sql`select gin_clean_pending_list('products_search'::regclass), gin_clean_pending_list('products_trgm'::regclass)`.execute(db);
  return 0;
}

export function startJobs(platform: Platform, log: FastifyBaseLogger, jobs: Job[] = JOBS): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const job of jobs) {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return; // never overlap a job with itself
      busy = true;
      const p = job
        .run(platform)
        .then((n) => {
          if (n > 0) log.info({ job: job.name, count: n }, 'job ran');
        })
        .catch((err: unknown) => log.error({ err, job: job.name }, 'job failed'))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    };
    timers.push(setInterval(tick, job.everyMs));
    setImmediate(tick);
  }
  return async () => {
    stopped = true;
    for (const t of timers) clearInterval(t);
    await Promise.allSettled([...running]);
  };
}
