import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { discoverMigrations, migrate } from './migrate.ts';
import { testPlatform, type TestPlatform } from '../../test/support/platform.ts';

describe('migrations', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await testPlatform();
  });
  afterAll(() => t.close());

  it('are numbered uniquely and discovered in order, each owned by a module', () => {
    const ms = discoverMigrations();
    expect(ms.length).toBeGreaterThanOrEqual(5);
    const versions = ms.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(ms.every((m) => m.module.length > 0 && m.checksum.length === 64)).toBe(true);
  });

  it('are recorded once and a second run applies nothing', async () => {
    const again = await migrate(t.platform.database.db);
    expect(again.applied).toHaveLength(0);
    expect(again.alreadyApplied).toBe(discoverMigrations().length);
  });

  it('refuse to run when an applied migration was edited', async () => {
    const edited = discoverMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'x'.repeat(64) } : m));
    await expect(migrate(t.platform.database.db, edited)).rejects.toThrow(/edited after being applied/);
  });

  it('keep the audit log append-only at the database level', async () => {
    const db = t.platform.database.db;
    await t.platform.services.audit.record(db, { actor: null, subjectType: 'test', subjectId: '1', action: 'test.created' });
    await expect(sql`update audit_log set action = 'forged'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const rows = await t.platform.services.audit.history(db, 'test', '1');
    expect(rows.map((r) => r.action)).toEqual(['test.created']);
  });

  it('load the 21 towns of Rongchang', async () => {
    const towns = await t.platform.services.reference.listTowns();
    expect(towns).toHaveLength(21);
    expect(towns.filter((x) => x.kind === 'sub-district')).toHaveLength(6);
    expect(towns.every((x) => x.code.startsWith('500153'))).toBe(true);
  });
});
