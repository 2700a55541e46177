import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform, type TestPlatform } from '../test/support/platform.ts';
import { listedProduct, merchantWithShop } from '../test/support/marketplace.ts';
import { embeddedMaintenance } from './jobs.ts';

describe('embedded database maintenance', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await testPlatform();
  });
  afterAll(() => t.close());

  it('refreshes planner statistics on PGlite (no autovacuum there) and leaves search working', async () => {
    const m = await merchantWithShop(t);
    await listedProduct(t, m);
    const db = t.platform.database.db;
    await embeddedMaintenance(t.platform);
    if (t.platform.database.kind === 'pglite') {
      const r = await sql<{ reltuples: number }>`select reltuples::float8 as reltuples from pg_class where relname = 'products'`.execute(db);
      expect(r.rows[0]!.reltuples).toBeGreaterThanOrEqual(1);
    }
    const found = await t.platform.services.catalog.search({ q: '夏布', limit: 5 });
    expect(found.items.length).toBeGreaterThanOrEqual(1);
  });
});
