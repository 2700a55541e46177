/**
 * Idempotent execution of a state-changing request. The caller's work and the remembered
 * response commit in one transaction; a concurrent duplicate waits on the key's row lock and
 * then replays the stored response. A key reused with a different request is refused.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { inTransaction, type Tx } from '../../db/transaction.ts';
import { AppError, defineErrors } from '../../kernel/errors.ts';

export const IdempotencyErrors = defineErrors({
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '该幂等键已用于另一个不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
});

type IdempotencyTables = {
  idempotency_keys: {
    owner: string;
    scope: string;
    key: string;
    request_hash: string;
    response_status: number;
    response_body: unknown;
  };
};

export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9_.:-]{8,128}$';

export function requestHash(body: unknown): string {
  const canonical = JSON.stringify(body, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v,
  );
  return crypto.createHash('sha256').update(canonical ?? '').digest('hex');
}

export interface Replayable<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export class IdempotencyService {
  constructor(private readonly db: Db) {}

  /**
   * Runs `work` once per (owner, scope, key). Without a key, just runs it in a transaction.
   * `toJson` turns the result into what is stored and replayed (bigints as strings).
   */
  async run<T>(
    owner: string,
    scope: string,
    key: string | undefined,
    request: unknown,
    work: (tx: Tx) => Promise<{ status: number; body: T }>,
  ): Promise<Replayable<T>> {
    if (!key) {
      const r = await inTransaction(this.db, work);
      return { ...r, replayed: false };
    }
    const hash = requestHash(request);
    return inTransaction(this.db, async (tx) => {
      // Serialise requests with the same key: the second waits here until the first commits.
      await sql`select pg_advisory_xact_lock(hashtext(${`${owner}:${scope}:${key}`}))`.execute(tx);
      const prior = await tx
        .withTables<IdempotencyTables>()
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('owner', '=', owner)
        .where('scope', '=', scope)
        .where('key', '=', key)
        .executeTakeFirst();
      if (prior) {
        if (prior.request_hash !== hash) throw new AppError(IdempotencyErrors.IDEMPOTENCY_KEY_REUSED);
        return { status: prior.response_status, body: prior.response_body as T, replayed: true };
      }
      const result = await work(tx);
      await tx
        .withTables<IdempotencyTables>()
        .insertInto('idempotency_keys')
        .values({
          owner,
          scope,
          key,
          request_hash: hash,
          response_status: result.status,
          response_body: JSON.stringify(result.body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
        })
        .execute();
      return { ...result, replayed: false };
    });
  }
}
