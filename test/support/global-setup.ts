/**
 * Migrates one template database per test run; every test file then starts from a copy
 * instead of migrating again (PGlite takes seconds and hundreds of MB to create a database).
 * - PGlite (default): the migrated data directory is dumped to a tarball that files load.
 * - PostgreSQL (TEST_DATABASE_URL set): a template database that files clone with
 *   CREATE DATABASE … TEMPLATE; all of this run's databases are dropped at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPGlite, openDatabase } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: { kind: 'pglite'; templateFile: string } | { kind: 'postgres'; url: string; template: string; prefix: string };
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const prefix = `haitang_t_${runId}`;
    const template = `${prefix}_tmpl`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${template}`);
    const database = await openDatabase({ url: withDatabase(url, template), poolSize: 1 });
    await migrate(database.db);
    await database.close();
    project.provide('testDb', { kind: 'postgres', url, template, prefix });
    return async () => {
      const dbs = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${prefix}%`]);
      for (const { datname } of dbs.rows) await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.end();
    };
  }
  const pglite = await createPGlite();
  const database = await openDatabase({ pglite });
  await migrate(database.db);
  const dump = await pglite.dumpDataDir('none');
  await database.close();
  await pglite.close();
  const dir = path.resolve('.tmp');
  fs.mkdirSync(dir, { recursive: true });
  const templateFile = path.join(dir, `pglite-template-${runId}.tar`);
  fs.writeFileSync(templateFile, Buffer.from(await dump.arrayBuffer()));
  project.provide('testDb', { kind: 'pglite', templateFile });
  return () => fs.rmSync(templateFile, { force: true });
}
