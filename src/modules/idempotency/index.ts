/**
 * Idempotent execution of a state-changing request. The caller's work and the remembered
 * response commit in one transaction; a concurrent duplicate waits on the key's unique index,
 * rolls its own work back and replays the stored response. A key reused with a different
 * request is refused.
 */
import crypto from 'node:crypto';
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

/** Our transaction lost the race for a key; rolled back and answered with the winner's response. */
class LostRace extends Error {}

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

  /** Whether a key has already been used (a read outside any transaction). */
  async seen(owner: string, scope: string, key: string | undefined): Promise<boolean> {
    if (!key) return false;
    const row = await this.db
      .withTables<IdempotencyTables>()
      .selectFrom('idempotency_keys')
      .select('key')
      .where('owner', '=', owner)
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    return row !== undefined;
  }

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
    // No look-up first: the common case is a new key, and a used one is found by the insert
    // below (the work then rolls back and the stored answer is replayed).
    try {
      return await inTransaction(this.db, async (tx) => {
        const result = await work(tx);
        // The key row commits with the work. If a concurrent request with the same key got
        // there first, this insert waits for it, finds the key taken, and our work rolls back.
        const inserted = await tx
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
          .onConflict((oc) => oc.columns(['owner', 'scope', 'key']).doNothing())
          .returning('key')
          .executeTakeFirst();
        if (!inserted) throw new LostRace();
        return { ...result, replayed: false };
      });
    } catch (e) {
      // The other request won (or failed on the same state we did): answer as it did.
      const winner = await this.lookup(owner, scope, key);
      if (winner) return this.replay(winner, hash);
      throw e;
    }
  }

  private async lookup(owner: string, scope: string, key: string) {
    return this.db
      .withTables<IdempotencyTables>()
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('owner', '=', owner)
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  private replay<T>(prior: { request_hash: string; response_status: number; response_body: unknown }, hash: string): Replayable<T> {
    if (prior.request_hash !== hash) throw new AppError(IdempotencyErrors.IDEMPOTENCY_KEY_REUSED);
    return { status: prior.response_status, body: prior.response_body as T, replayed: true };
  }
}
