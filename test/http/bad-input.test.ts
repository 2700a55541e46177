/**
 * Every route, fed bad input, answers a 4xx problem+json — never a 500 — and writes nothing.
 * Routes are taken from the generated OpenAPI document, so a new route is covered the day it
 * is added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { signIn, testPlatform, type SignedIn, type TestPlatform } from '../support/platform.ts';

interface Operation {
  method: string;
  path: string;
  hasBody: boolean;
  /** Whether the body has required fields (else an empty object is valid input). */
  bodyRequires: boolean;
  params: string[];
  query: string[];
}

describe('bad input on every route', () => {
  let t: TestPlatform;
  let admin: SignedIn;
  let operations: Operation[];

  beforeAll(async () => {
    t = await testPlatform();
    admin = await signIn(t, ['admin', 'bureau_officer']);
    type Body = { content?: Record<string, { schema?: { required?: string[] } }> };
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { requestBody?: Body; parameters?: Array<{ in: string; name: string }> }>> };
    operations = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        operations.push({
          method: method.toUpperCase(),
          path,
          hasBody: !!op.requestBody,
          bodyRequires: Object.values(op.requestBody?.content ?? {}).some((c) => (c.schema?.required ?? []).length > 0),
          params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        });
      }
    }
  });
  afterAll(() => t.close());

  async function rowCounts(): Promise<Record<string, number>> {
    const db = t.platform.database.db;
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
    const out: Record<string, number> = {};
    for (const { table_name } of tables.rows) {
      // Refused payment notifications are logged on purpose (an audit of forgery attempts).
      if (table_name === 'payment_notifications') continue;
      const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)}`.execute(db);
      out[table_name] = r.rows[0]!.n;
    }
    return out;
  }

  function fillPath(op: Operation, value: string): string {
    let url = op.path;
    for (const p of op.params) url = url.replace(`{${p}}`, encodeURIComponent(value));
    return url;
  }

  async function expectProblem(op: Operation, res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) {
    const context = `${op.method} ${op.path} with ${what}: ${res.statusCode} ${res.body.slice(0, 200)}`;
    expect(res.statusCode, context).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, context).toBeLessThan(500);
    expect(String(res.headers['content-type']), context).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(res.body) as { code?: unknown; titleZh?: unknown; titleEn?: unknown; status?: unknown };
    expect(typeof body.code, context).toBe('string');
    expect(typeof body.titleZh, context).toBe('string');
    expect(typeof body.titleEn, context).toBe('string');
    expect(body.status, context).toBe(res.statusCode);
  }

  it('covers the contract routes', () => {
    const names = operations.map((o) => `${o.method} ${o.path}`);
    for (const required of [
      'POST /api/v1/auth/register',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'GET /api/v1/me',
      'POST /api/v1/enterprises',
      'GET /api/v1/enterprises/{id}',
      'POST /api/v1/enterprises/{id}/verification',
      'GET /api/v1/codes/validate',
    ]) {
      expect(names).toContain(required);
    }
  });

  it('answers malformed JSON, wrong shapes and wrong types with 4xx problem+json and writes nothing', async () => {
    const before = await rowCounts();
    const validId = '01a213be-0000-7000-8000-000000000000';
    for (const op of operations) {
      const url = fillPath(op, validId);
      for (const headers of [admin.headers, {}]) {
        if (op.hasBody) {
          const bodies: Array<[string, string]> = [
            ['malformed JSON', '{"a": '],
            ['an array', '[]'],
            ['a number', '42'],
            ['an empty object', '{}'],
            ['wrong types', JSON.stringify({ phone: 13800000000, password: [], uscc: {}, decision: 'maybe', name: null, kind: 7, townCode: true })],
            ['an unknown field', JSON.stringify({ unexpected: 'x' })],
          ];
          for (const [what, payload] of bodies) {
            if (what === 'an empty object' && !op.bodyRequires) continue;
            const res = await t.app.inject({ method: op.method as 'POST', url, payload, headers: { ...headers, 'content-type': 'application/json' } });
            await expectProblem(op, res, what);
          }
          const xml = await t.app.inject({ method: op.method as 'POST', url, payload: '<a/>', headers: { ...headers, 'content-type': 'application/xml' } });
          await expectProblem(op, xml, 'an XML body');
        }
        if (op.params.length) {
          for (const junk of ['not-a-uuid', "1' or '1'='1", '%00', 'x'.repeat(300)]) {
            const res = await t.app.inject({ method: op.method as 'GET', url: fillPath(op, junk), headers, ...(op.hasBody ? { payload: {} } : {}) });
            await expectProblem(op, res, `path parameter ${junk.slice(0, 20)}`);
          }
        }
        if (op.query.length) {
          const qs = op.query.map((q) => `${q}=${encodeURIComponent('\u0000<script>')}`).join('&');
          const res = await t.app.inject({ method: op.method as 'GET', url: `${url}?${qs}&zzz=1`, headers });
          await expectProblem(op, res, 'junk query');
        }
      }
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('never answers random JSON with a 5xx (property-based)', async () => {
    const before = await rowCounts();
    // Routes whose body has no required field accept some random objects ({}) as valid input.
    const withBody = operations.filter((o) => o.hasBody && o.bodyRequires);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withBody), fc.jsonValue({ maxDepth: 3 }), async (op, value) => {
        const res = await t.app.inject({
          method: op.method as 'POST',
          url: fillPath(op, '01a213be-0000-7000-8000-000000000000'),
          payload: JSON.stringify(value),
          headers: { ...admin.headers, 'content-type': 'application/json' },
        });
        expect(res.statusCode, `${op.method} ${op.path} ${JSON.stringify(value).slice(0, 100)} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 300 },
    );
    expect(await rowCounts()).toEqual(before);
  });
});
