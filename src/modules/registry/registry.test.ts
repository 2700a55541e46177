import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signIn, testPlatform, type SignedIn, type TestPlatform } from '../../../test/support/platform.ts';
import { enterpriseInput, freshUscc } from '../../../test/support/enterprises.ts';
import { makeResidentId } from '../../kernel/codes/index.ts';
import type { Enterprise } from './model.ts';

type Problem = { code: string; titleZh: string; fieldErrors?: Array<{ field: string; code: string; message: { zh: string } }> };

describe('enterprise registry', () => {
  let t: TestPlatform;
  let bureau: SignedIn;
  let bureau2: SignedIn;
  let regulator: SignedIn;

  beforeAll(async () => {
    t = await testPlatform();
    bureau = await signIn(t, ['bureau_officer'], '商务局甲');
    bureau2 = await signIn(t, ['bureau_officer'], '商务局乙');
    regulator = await signIn(t, ['regulator'], '市场监管');
  });
  afterAll(() => t.close());

  async function register(who: SignedIn, input: object) {
    return t.app.inject({ method: 'POST', url: '/api/v1/enterprises', headers: who.headers, payload: input });
  }
  async function registered(who: SignedIn, overrides = {}): Promise<Enterprise> {
    const res = await register(who, enterpriseInput(overrides));
    expect(res.statusCode).toBe(201);
    return json<Enterprise>(res);
  }
  async function verify(who: SignedIn, id: string, body: object) {
    return t.app.inject({ method: 'POST', url: `/api/v1/enterprises/${id}/verification`, headers: who.headers, payload: body });
  }
  async function count(): Promise<number> {
    const r = await t.platform.database.db.withTables<{ enterprises: { id: string } }>()
      .selectFrom('enterprises').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  describe('registration', () => {
    it('registers a company as pending, makes the applicant its merchant, and names the town', async () => {
      const u = await signIn(t);
      const e = await registered(u, { park: { name: '荣昌区电子商务产业园', since: '2024-03-01' } });
      expect(e).toMatchObject({ status: 'pending', townName: '安富街道', park: { name: '荣昌区电子商务产业园', since: '2024-03-01' } });
      expect(e.orgCode).toBe(e.uscc.slice(8, 17));
      const me = json<{ roles: string[]; memberships: Array<{ role: string; scopeId: string; scopeName: string }> }>(
        await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: u.headers }),
      );
      expect(me.roles).toContain('merchant');
      expect(me.memberships).toContainEqual({ role: 'merchant', scopeType: 'enterprise', scopeId: e.id, scopeName: e.name });
    });

    it('refuses an invalid USCC with a Chinese field error naming the failed check, and writes nothing', async () => {
      const u = await signIn(t);
      const good = freshUscc();
      const last = good.at(-1) === '0' ? '1' : '0';
      const before = await count();
      const res = await register(u, enterpriseInput({ uscc: good.slice(0, 17) + last }));
      expect(res.statusCode).toBe(422);
      const p = json<Problem>(res);
      expect(p.code).toBe('VALIDATION_FAILED');
      expect(p.fieldErrors?.[0]).toMatchObject({ field: '/uscc', code: 'USCC_CHECK_DIGIT' });
      expect(p.fieldErrors?.[0]?.message.zh).toMatch(/校验码/);
      expect(await count()).toBe(before);
    });

    it("refuses a USCC whose entity type contradicts the declared kind", async () => {
      const u = await signIn(t);
      const res = await register(u, enterpriseInput({ kind: 'cooperative', uscc: freshUscc('1') }));
      expect(res.statusCode).toBe(422);
      expect(json<Problem>(res).fieldErrors?.[0]?.code).toBe('USCC_KIND_MISMATCH');
    });

    it("requires a sole trader's valid resident ID, and shows it in full to its members and the authorities", async () => {
      const u = await signIn(t);
      const missing = await register(u, enterpriseInput({ kind: 'sole_trader', legalRepresentativeIdNumber: null }));
      expect(json<Problem>(missing).fieldErrors?.map((f) => f.field)).toContain('/legalRepresentativeIdNumber');
      const badId = makeResidentId('50022619800101123').slice(0, 17) + 'Y';
      const bad = await register(u, enterpriseInput({ kind: 'sole_trader', legalRepresentativeIdNumber: badId }));
      expect(bad.statusCode).toBe(422);
      const ok = await registered(u, { kind: 'sole_trader' });
      expect(ok.legalRepresentativeIdNumber).toBe(makeResidentId('50022619800101123'));
      const seen = json<Enterprise>(await t.app.inject({ method: 'GET', url: `/api/v1/enterprises/${ok.id}`, headers: regulator.headers }));
      expect(seen.legalRepresentativeIdNumber).toBe(ok.legalRepresentativeIdNumber);
    });

    it('refuses an unknown town, a future park date and a bad contact phone, all at once', async () => {
      const u = await signIn(t);
      const res = await register(
        u,
        enterpriseInput({ townCode: '500153999', park: { name: '产业园', since: '2999-01-01' }, contactPhone: '12345' }),
      );
      expect(res.statusCode).toBe(422);
      expect(json<Problem>(res).fieldErrors?.map((f) => f.field).sort()).toEqual(['/contactPhone', '/park/since', '/townCode']);
    });

    it('refuses a USCC that is already registered with 409', async () => {
      const u = await signIn(t);
      const e = await registered(u);
      const other = await signIn(t);
      const res = await register(other, enterpriseInput({ uscc: e.uscc }));
      expect(res.statusCode).toBe(409);
      expect(json<Problem>(res).code).toBe('ENTERPRISE_USCC_TAKEN');
    });

    it('lets exactly one of many concurrent registrations of one USCC win', async () => {
      const users = await Promise.all(Array.from({ length: 6 }, () => signIn(t)));
      const uscc = freshUscc();
      const results = await Promise.all(users.map((u) => register(u, enterpriseInput({ uscc }))));
      expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(results.filter((r) => r.statusCode === 409)).toHaveLength(5);
    });

    it('requires a signed-in user', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/enterprises', payload: enterpriseInput() });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('who sees and changes what', () => {
    it("does not let a merchant read, list, correct or audit another merchant's enterprise", async () => {
      const a = await signIn(t);
      const b = await signIn(t);
      const ea = await registered(a);
      const eb = await registered(b);
      const read = await t.app.inject({ method: 'GET', url: `/api/v1/enterprises/${ea.id}`, headers: b.headers });
      expect(read.statusCode).toBe(404);
      const put = await t.app.inject({ method: 'PUT', url: `/api/v1/enterprises/${ea.id}`, headers: b.headers, payload: enterpriseInput({ name: '篡改后的名称' }) });
      expect(put.statusCode).toBe(404);
      const audit = await t.app.inject({ method: 'GET', url: `/api/v1/enterprises/${ea.id}/audit`, headers: b.headers });
      expect(audit.statusCode).toBe(404);
      const list = json<{ items: Enterprise[] }>(await t.app.inject({ method: 'GET', url: '/api/v1/enterprises', headers: b.headers }));
      expect(list.items.map((e) => e.id)).toEqual([eb.id]);
      const still = json<Enterprise>(await t.app.inject({ method: 'GET', url: `/api/v1/enterprises/${ea.id}`, headers: a.headers }));
      expect(still.name).toBe(ea.name);
    });

    it('lets only bureau roles verify: consumers, merchants and regulators get 403', async () => {
      const m = await signIn(t);
      const e = await registered(m);
      for (const who of [m, await signIn(t), regulator]) {
        const res = await verify(who, e.id, { decision: 'approve' });
        expect(res.statusCode).toBe(403);
      }
      const anon = await t.app.inject({ method: 'POST', url: `/api/v1/enterprises/${e.id}/verification`, payload: { decision: 'approve' } });
      expect(anon.statusCode).toBe(401);
      const admin = await signIn(t, ['admin']);
      expect((await verify(admin, e.id, { decision: 'approve' })).statusCode).toBe(200);
    });

    it('does not let an officer verify an enterprise they belong to', async () => {
      const officer = await signIn(t, ['bureau_officer']);
      const e = await registered(officer);
      const res = await verify(officer, e.id, { decision: 'approve' });
      expect(res.statusCode).toBe(403);
      expect(json<Problem>(res).code).toBe('CONFLICT_OF_INTEREST');
    });

    it('shows regulators and the bureau every enterprise, filtered by status', async () => {
      const m = await signIn(t);
      const e = await registered(m);
      for (const who of [regulator, bureau]) {
        const page = json<{ items: Enterprise[] }>(
          await t.app.inject({ method: 'GET', url: '/api/v1/enterprises?status=pending&limit=100', headers: who.headers }),
        );
        expect(page.items.some((x) => x.id === e.id)).toBe(true);
        expect(page.items.every((x) => x.status === 'pending')).toBe(true);
      }
    });

    it('pages through the list with cursors, newest first, without repeats', async () => {
      const m = await signIn(t);
      for (let i = 0; i < 5; i++) await registered(m);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/enterprises?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = json<{ items: Enterprise[]; nextCursor: string | null }>(await t.app.inject({ method: 'GET', url, headers: m.headers }));
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(5);
      expect([...seen].sort().reverse()).toEqual(seen);
      const bad = await t.app.inject({ method: 'GET', url: '/api/v1/enterprises?cursor=bm90LWEtdXVpZA', headers: m.headers });
      expect(bad.statusCode).toBe(422);
    });
  });

  describe('verification', () => {
    it('approves a pending enterprise, audits who/when/before/after, and refuses a second decision', async () => {
      const m = await signIn(t);
      const e = await registered(m);
      const ok = await verify(bureau, e.id, { decision: 'approve' });
      expect(ok.statusCode).toBe(200);
      expect(json<Enterprise>(ok)).toMatchObject({ status: 'verified', rejectionReason: null });
      expect(json<Enterprise>(ok).verifiedAt).not.toBeNull();
      const again = await verify(bureau2, e.id, { decision: 'reject', reason: '重复' });
      expect(again.statusCode).toBe(409);
      expect(json<Problem>(again).code).toBe('ENTERPRISE_NOT_PENDING');
      const audit = json<{ items: Array<{ action: string; actorName: string; before: unknown; after: unknown }> }>(
        await t.app.inject({ method: 'GET', url: `/api/v1/enterprises/${e.id}/audit`, headers: m.headers }),
      );
      expect(audit.items.map((a) => a.action)).toEqual(['enterprise.registered', 'enterprise.verified']);
      expect(audit.items[1]).toMatchObject({ actorName: '商务局甲', before: { status: 'pending' }, after: { status: 'verified' } });
    });

    it('needs a reason to reject; a rejected enterprise can be corrected and returns to pending', async () => {
      const m = await signIn(t);
      const e = await registered(m);
      const noReason = await verify(bureau, e.id, { decision: 'reject' });
      expect(noReason.statusCode).toBe(422);
      const rejected = await verify(bureau, e.id, { decision: 'reject', reason: '营业执照名称与填写不符' });
      expect(json<Enterprise>(rejected)).toMatchObject({ status: 'rejected', rejectionReason: '营业执照名称与填写不符' });
      const fixed = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/enterprises/${e.id}`,
        headers: m.headers,
        payload: enterpriseInput({ uscc: e.uscc, name: '重庆市荣昌区更正后陶艺有限公司' }),
      });
      expect(fixed.statusCode).toBe(200);
      expect(json<Enterprise>(fixed)).toMatchObject({ status: 'pending', rejectionReason: null, name: '重庆市荣昌区更正后陶艺有限公司' });
      const audit = json<{ items: Array<{ action: string; reason: string | null }> }>(
        await t.app.inject({ method: 'GET', url: `/api/v1/enterprises/${e.id}/audit`, headers: bureau.headers }),
      );
      expect(audit.items.map((a) => a.action)).toEqual(['enterprise.registered', 'enterprise.rejected', 'enterprise.updated']);
      expect(audit.items[1]?.reason).toBe('营业执照名称与填写不符');
    });

    it('does not let a verified enterprise be edited by its merchant', async () => {
      const m = await signIn(t);
      const e = await registered(m);
      await verify(bureau, e.id, { decision: 'approve' });
      const res = await t.app.inject({ method: 'PUT', url: `/api/v1/enterprises/${e.id}`, headers: m.headers, payload: enterpriseInput({ uscc: e.uscc }) });
      expect(res.statusCode).toBe(409);
      expect(json<Problem>(res).code).toBe('ENTERPRISE_LOCKED');
    });

    it('lets exactly one of two officers deciding at the same time win', async () => {
      const m = await signIn(t);
      const e = await registered(m);
      const [a, b] = await Promise.all([
        verify(bureau, e.id, { decision: 'approve' }),
        verify(bureau2, e.id, { decision: 'reject', reason: '材料不全' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const audit = await t.platform.services.audit.history(t.platform.database.db, 'enterprise', e.id);
      expect(audit.filter((x) => x.action !== 'enterprise.registered')).toHaveLength(1);
    });

    it('answers 404 for an unknown enterprise and 422 for a malformed id', async () => {
      expect((await verify(bureau, '01a213be-0000-7000-8000-000000000000', { decision: 'approve' })).statusCode).toBe(404);
      expect((await verify(bureau, 'not-a-uuid', { decision: 'approve' })).statusCode).toBe(422);
    });
  });
});
