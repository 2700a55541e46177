/**
 * Opens the one database Haitang runs on: an embedded PGlite (WASM PostgreSQL) under the data
 * directory by default, or a PostgreSQL server when a URL is given. Both speak the same SQL and
 * are driven through Kysely's PostgresDialect over a node-postgres pool; for PGlite that pool
 * is PGlite's own node-postgres adapter (one connection, so transactions are serialised).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';

// int8 (bigint) columns carry money in fen: parse them as BigInt, never as float.
pg.types.setTypeParser(20, (v: string) => BigInt(v));
// `date` columns stay ISO strings (YYYY-MM-DD); turning them into Date would shift by time zone.
pg.types.setTypeParser(1082, (v: string) => v);
// numeric stays a string (exact decimal); callers convert explicitly.

/** The untyped database handle; each module narrows it with `withTables<ItsTables>()`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type Db = Kysely<{}>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The PGlite instance when embedded (for dumps in tests). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL URL; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` or undefined for in-memory. */
  pgliteDir?: string | undefined;
  /** Start PGlite from a tarball of a data directory (tests share a migrated template this way). */
  pgliteLoad?: Blob | undefined;
  /** An already created PGlite instance. */
  pglite?: PGlite | undefined;
  poolSize?: number;
}

export async function createPGlite(dir?: string, load?: Blob): Promise<PGlite> {
  if (dir && !dir.startsWith('memory://')) fs.mkdirSync(path.dirname(dir), { recursive: true });
  const pglite = await PGlite.create({
    ...(dir ? { dataDir: dir } : {}),
    ...(load ? { loadDataDir: load } : {}),
    extensions: { pg_trgm },
    // PostgreSQL's default 128 MB buffer pool lives in PGlite's WASM memory and is touched at
    // start; 32 MB keeps the embedded server under 300 MB RSS with 100,000 products while search
    // stays under 50 ms p95 (bench/README.md). Production runs on a PostgreSQL server.
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
  });
  return pglite;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection can be cut by the server (restart, failover, admin command). The pool
    // drops it and opens another on demand; without this listener Node would crash the process.
    pool.on('error', (err) => {
      process.emitWarning(`PostgreSQL connection lost while idle: ${err.message}`);
    });
    // Fail fast with a clear message when the server is unreachable.
    const client = await pool.connect();
    client.release();
    const db = new Kysely<object>({ dialect: new PostgresDialect({ pool }) }) as Db;
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const pglite = options.pglite ?? (await createPGlite(options.pgliteDir, options.pgliteLoad));
  // One connection: a query issued outside a transaction that holds it would wait forever.
  // Time out instead, so such a bug surfaces as an error rather than a hang.
  const pool = new pg.Pool({ ...(createPgConfig(pglite) as unknown as pg.PoolConfig), connectionTimeoutMillis: 30_000 });
  const db = new Kysely<object>({ dialect: new PostgresDialect({ pool }) }) as Db;
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      if (!options.pglite) await pglite.close();
    },
  };
}
