/**
 * The one transaction helper every module uses. A use case that spans modules receives the
 * transaction explicitly and passes it on, so it commits or rolls back as a whole.
 *
 * Rule: inside a transaction, every query goes through `tx`. The embedded PGlite database has
 * one connection; a query on the outer handle while a transaction holds it would wait forever.
 */
import type { Transaction } from 'kysely';
import type { Db } from './connect.ts';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type Tx = Transaction<{}>;
/** Anything that can run queries: the database or an open transaction. */
export type Executor = Db | Tx;

export type Isolation = 'read committed' | 'repeatable read' | 'serializable';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock
const MAX_ATTEMPTS = 5;

/**
 * Runs `work` in a transaction. If already given a transaction, runs inside it (no nesting
 * surprises). Serialization failures and deadlocks are retried a bounded number of times.
 */
export async function inTransaction<T>(
  db: Executor,
  work: (tx: Tx) => Promise<T>,
  options: { isolation?: Isolation } = {},
): Promise<T> {
  if (db.isTransaction) return work(db as Tx);
  for (let attempt = 1; ; attempt++) {
    try {
      let builder = (db as Db).transaction();
      if (options.isolation) builder = builder.setIsolationLevel(options.isolation);
      return await builder.execute(work);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt < MAX_ATTEMPTS && code && RETRYABLE.has(code)) {
        await new Promise((r) => setTimeout(r, 5 * attempt * Math.random()));
        continue;
      }
      throw e;
    }
  }
}
