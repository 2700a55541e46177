import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signIn, testPlatform, type TestPlatform } from '../support/platform.ts';
import { enterpriseInput } from '../support/enterprises.ts';

describe('HTTP platform', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await testPlatform();
  });
  afterAll(() => t.close());

  it('reports health with the database kind', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'ok', database: t.platform.database.kind });
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas, and renders it at /docs', async () => {
    const doc = json<{ openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>(
      await t.app.inject({ method: 'GET', url: '/openapi.json' }),
    );
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/enterprises/{id}/verification', '/api/v1/auth/login', '/api/v1/me']));
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const codes = Object.keys(op.responses);
        expect(codes.some((c) => c.startsWith('2')), `${method} ${path} documents its success response`).toBe(true);
        expect(codes, `${method} ${path} documents its problem responses`).toContain('4XX');
      }
    }
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('exposes Prometheus metrics labelled by route pattern, not by URL', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/towns' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(/haitang_http_requests_total\{method="GET",route="\/api\/v1\/towns",status="200"\} \d+/);
    expect(res.body).toContain('haitang_http_request_duration_seconds_bucket');
  });

  it("echoes the caller's request id, or mints one, and puts it in problems", async () => {
    const given = await t.app.inject({ method: 'GET', url: '/api/v1/nowhere', headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers['x-request-id']).toBe('trace-123');
    expect(json(given)).toMatchObject({ code: 'ROUTE_NOT_FOUND', requestId: 'trace-123', titleZh: '接口不存在' });
    const minted = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses an oversized body with 413 problem+json', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ phone: '13800000000', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(json(res).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a cookie-authenticated write from another origin', async () => {
    const u = await signIn(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enterprises',
      headers: { ...u.headers, origin: 'https://evil.example', host: 'localhost:3000' },
      payload: enterpriseInput(),
    });
    expect(res.statusCode).toBe(403);
    const same = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enterprises',
      headers: { ...u.headers, origin: 'http://localhost:3000', host: 'localhost:3000' },
      payload: enterpriseInput(),
    });
    expect(same.statusCode).toBe(201);
  });

  it('lists the 21 towns of Rongchang', async () => {
    const towns = json<Array<{ code: string; name: string }>>(await t.app.inject({ method: 'GET', url: '/api/v1/towns' }));
    expect(towns).toHaveLength(21);
    expect(towns[0]).toEqual({ code: '500153001', name: '昌元街道', kind: 'sub-district' });
  });

  describe('GET /api/v1/codes/validate', () => {
    const cases: Array<[string, string, boolean, string?]> = [
      ['uscc', '91350100M000100Y43', true],
      ['uscc', '91350100M000100Y44', false, 'CHECK_DIGIT'],
      ['orgcode', 'D2143569-X', true],
      ['resident_id', '11010519491231002X', true],
      ['resident_id', '110105194912310021', false, 'CHECK_DIGIT'],
      ['gtin', '6901234567892', true],
      ['gtin', '6901234567891', false, 'CHECK_DIGIT'],
      ['gln', '0614141000005', true],
      ['sscc', '106141411234567897', true],
    ];
    for (const [type, value, valid, reason] of cases) {
      it(`says ${type} ${value} is ${valid ? 'valid' : `invalid (${reason})`}`, async () => {
        const res = await t.app.inject({ method: 'GET', url: `/api/v1/codes/validate?type=${type}&value=${encodeURIComponent(value)}` });
        expect(res.statusCode).toBe(200);
        const body = json<{ valid: boolean; type: string; reason?: string; message?: { zh: string } }>(res);
        expect(body).toMatchObject({ valid, type });
        if (reason) {
          expect(body.reason).toBe(reason);
          expect(body.message?.zh).toBeTruthy();
        }
      });
    }
    it('refuses an unknown type with 422', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/codes/validate?type=isbn&value=1' });
      expect(res.statusCode).toBe(422);
      expect(json<{ fieldErrors: Array<{ field: string }> }>(res).fieldErrors[0]?.field).toBe('/querystring/type');
    });
  });
});

describe('schema validation errors', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await testPlatform();
  });
  afterAll(() => t.close());

  it('reports one readable error per field, the most telling one, in Chinese and English', async () => {
    const u = await signIn(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enterprises',
      headers: u.headers,
      payload: { uscc: '', name: 'x', kind: 'plc', park: 'yes', townCode: '500153001', registeredInRongchang: true, sizeClass: 'sme', industry: 'food', legalRepresentative: '某' },
    });
    expect(res.statusCode).toBe(422);
    const errors = json<{ fieldErrors: Array<{ field: string; code: string; message: { zh: string; en: string } }> }>(res).fieldErrors;
    const fields = errors.map((e) => e.field);
    expect(new Set(fields).size).toBe(fields.length);
    expect(errors.find((e) => e.field === '/name')).toMatchObject({ code: 'SCHEMA_MIN_LENGTH', message: { zh: '长度太短', en: 'Is too short' } });
    expect(errors.find((e) => e.field === '/kind')).toMatchObject({ code: 'SCHEMA_CONST', message: { zh: '不是允许的取值' } });
    expect(errors.find((e) => e.field === '/park')).toBeDefined();
  });
});
