/**
 * Forward-only numbered migrations. Each module keeps its SQL in
 * `src/modules/<module>/migrations/NNNN_name.sql`; numbers are global across modules so the
 * order is total. Applied ones are recorded with a checksum: editing an applied migration is an
 * error, not a silent drift.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './connect.ts';

export interface Migration {
  version: number;
  name: string;
  module: string;
  file: string;
  sql: string;
  checksum: string;
}

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Arbitrary constant key for the advisory lock that serialises concurrent migrators.
const LOCK_KEY = 7_042_153;

export function discoverMigrations(root = SRC): Migration[] {
  const dirs: Array<{ module: string; dir: string }> = [];
  const modules = path.join(root, 'modules');
  for (const m of fs.readdirSync(modules)) {
    const dir = path.join(modules, m, 'migrations');
    if (fs.existsSync(dir)) dirs.push({ module: m, dir });
  }
  const found: Migration[] = [];
  for (const { module, dir } of dirs) {
    for (const file of fs.readdirSync(dir).sort()) {
      const match = FILE_RE.exec(file);
      if (!match) {
        if (file.endsWith('.sql')) throw new Error(`migration file name ${file} must look like 0001_name.sql`);
        continue;
      }
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      found.push({
        version: Number(match[1]),
        name: match[2]!,
        module,
        file: path.join(dir, file),
        sql: text,
        checksum: crypto.createHash('sha256').update(text).digest('hex'),
      });
    }
  }
  found.sort((a, b) => a.version - b.version);
  for (let i = 1; i < found.length; i++) {
    if (found[i]!.version === found[i - 1]!.version) {
      throw new Error(`two migrations share number ${found[i]!.version}: ${found[i - 1]!.file} and ${found[i]!.file}`);
    }
  }
  return found;
}

export interface MigrateResult {
  applied: Migration[];
  alreadyApplied: number;
}

export async function migrate(db: Db, migrations = discoverMigrations()): Promise<MigrateResult> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${LOCK_KEY})`.execute(conn);
    try {
      await sql`
        create table if not exists schema_migrations (
          version integer primary key,
          name text not null,
          module text not null,
          checksum text not null,
          applied_at timestamptz not null default now()
        )`.execute(conn);
      const rows = await sql<{ version: number; checksum: string; name: string }>`
        select version, checksum, name from schema_migrations order by version`.execute(conn);
      const done = new Map(rows.rows.map((r) => [r.version, r]));
      const applied: Migration[] = [];
      for (const m of migrations) {
        const prior = done.get(m.version);
        if (prior) {
          if (prior.checksum !== m.checksum) {
            throw new Error(`migration ${m.version}_${m.name} was edited after being applied (checksum differs)`);
          }
          continue;
        }
        await conn.transaction().execute(async (tx) => {
          await sql.raw(m.sql).execute(tx);
          await sql`insert into schema_migrations (version, name, module, checksum)
                    values (${m.version}, ${m.name}, ${m.module}, ${m.checksum})`.execute(tx);
        });
        applied.push(m);
      }
      return { applied, alreadyApplied: done.size };
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_KEY})`.execute(conn);
    }
  });
}
