import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPhone, json, sessionCookie, signIn, testPlatform, TEST_PASSWORD, type TestPlatform } from '../../../test/support/platform.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';

describe('identity', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await testPlatform();
  });
  afterAll(() => t.close());

  async function requestCode(phone: string, purpose = 'register') {
    return t.app.inject({ method: 'POST', url: '/api/v1/auth/sms-codes', payload: { phone, purpose } });
  }
  async function outboxCode(phone: string): Promise<string> {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/dev/sms-outbox?phone=${phone}` });
    expect(res.statusCode).toBe(200);
    const first = json<{ messages: Array<{ code: string; text: string }> }>(res).messages[0];
    expect(first?.text).toContain(first?.code);
    return first!.code;
  }
  async function register(phone: string, smsCode: string, password = TEST_PASSWORD) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { phone, password, smsCode, displayName: '新用户' },
    });
  }

  describe('passwords', () => {
    it('hashes with scrypt and verifies only the right password', async () => {
      const h = await hashPassword('abc12345');
      expect(h.startsWith('scrypt$')).toBe(true);
      expect(await verifyPassword('abc12345', h)).toBe(true);
      expect(await verifyPassword('abc12346', h)).toBe(false);
      expect(await verifyPassword('abc12345', 'garbage')).toBe(false);
    });
    it('requires 8+ characters with letters and digits', () => {
      expect(passwordProblem('a1')).toBe('TOO_SHORT');
      expect(passwordProblem('abcdefgh')).toBe('TOO_WEAK');
      expect(passwordProblem('12345678')).toBe('TOO_WEAK');
      expect(passwordProblem('abcd1234')).toBeNull();
    });
  });

  describe('registration by SMS code', () => {
    it('registers with the code from the dev outbox, signs in, and /me shows the consumer', async () => {
      const phone = freshPhone();
      expect((await requestCode(phone)).statusCode).toBe(202);
      const res = await register(phone, await outboxCode(phone));
      expect(res.statusCode).toBe(201);
      expect(json(res)).toMatchObject({ phone, displayName: '新用户', roles: ['consumer'] });
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: sessionCookie(res) } });
      expect(me.statusCode).toBe(200);
      expect(json(me)).toMatchObject({ phone, roles: ['consumer'], memberships: [] });
    });

    it('sets the session cookie httpOnly and SameSite=Lax', async () => {
      const phone = freshPhone();
      await requestCode(phone);
      const res = await register(phone, await outboxCode(phone));
      const c = res.cookies.find((x) => x.name === 'haitang_sid');
      expect(c?.httpOnly).toBe(true);
      expect(c?.sameSite).toBe('Lax');
    });

    it('refuses a wrong code and kills the code after five wrong tries', async () => {
      const phone = freshPhone();
      await requestCode(phone);
      const code = await outboxCode(phone);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) {
        const res = await register(phone, wrong);
        expect(res.statusCode).toBe(422);
        expect(json(res).code).toBe('SMS_CODE_INVALID');
      }
      expect(json(await register(phone, code)).code).toBe('SMS_CODE_INVALID');
    });

    it('refuses an expired code', async () => {
      const phone = freshPhone();
      await requestCode(phone);
      const code = await outboxCode(phone);
      t.clock.advance(5 * 60_000 + 1);
      const res = await register(phone, code);
      expect(res.statusCode).toBe(422);
      expect(json(res).code).toBe('SMS_CODE_INVALID');
    });

    it('throttles codes to one a minute per phone', async () => {
      const phone = freshPhone();
      expect((await requestCode(phone)).statusCode).toBe(202);
      const again = await requestCode(phone);
      expect(again.statusCode).toBe(429);
      expect(json(again).code).toBe('SMS_TOO_FREQUENT');
      expect(again.headers['retry-after']).toBe('60');
      t.clock.advance(61_000);
      expect((await requestCode(phone)).statusCode).toBe(202);
    });

    it('refuses a second account for the same phone with 409 and writes nothing', async () => {
      const existing = await signIn(t);
      await requestCode(existing.phone);
      const res = await register(existing.phone, await outboxCode(existing.phone));
      expect(res.statusCode).toBe(409);
      expect(json(res).code).toBe('PHONE_TAKEN');
    });

    it('refuses a weak password with a field error before anything else', async () => {
      const phone = freshPhone();
      await requestCode(phone);
      const res = await register(phone, await outboxCode(phone), 'onlyletters');
      expect(res.statusCode).toBe(422);
      expect(json<{ fieldErrors: Array<{ field: string }> }>(res).fieldErrors[0]?.field).toBe('/password');
    });
  });

  describe('login', () => {
    it('signs in with phone and password, and logout ends the session', async () => {
      const u = await signIn(t);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: u.headers })).statusCode).toBe(200);
      const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: u.headers });
      expect(out.statusCode).toBe(204);
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: u.headers });
      expect(me.statusCode).toBe(401);
      expect(json(me).code).toBe('UNAUTHENTICATED');
    });

    it('gives the same answer for an unknown phone and a wrong password', async () => {
      const u = await signIn(t);
      const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: u.phone, password: 'nope12345' } });
      const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: freshPhone(), password: 'nope12345' } });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(json(wrong).code).toBe('INVALID_CREDENTIALS');
      expect(json(unknown).code).toBe('INVALID_CREDENTIALS');
    });

    it('locks a phone out after five failures within the window, even with the right password', async () => {
      const u = await signIn(t);
      for (let i = 0; i < 5; i++) {
        const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: u.phone, password: `wrong${i}abc` } });
        expect(r.statusCode).toBe(401);
      }
      const locked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: u.phone, password: TEST_PASSWORD } });
      expect(locked.statusCode).toBe(429);
      expect(json(locked).code).toBe('TOO_MANY_ATTEMPTS');
      t.clock.advance(15 * 60_000 + 1000);
      const after = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: u.phone, password: TEST_PASSWORD } });
      expect(after.statusCode).toBe(200);
    });

    it('expires sessions after their lifetime', async () => {
      const u = await signIn(t);
      t.clock.advance(7 * 24 * 3600_000 + 1000);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: u.headers })).statusCode).toBe(401);
    });

    it('treats a forged session cookie as anonymous', async () => {
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: 'haitang_sid=forged' } });
      expect(me.statusCode).toBe(401);
    });
  });

  describe('API tokens', () => {
    it('creates a bearer token shown once, which authenticates until revoked', async () => {
      const u = await signIn(t, ['consumer'], '对接系统');
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: u.headers, payload: { name: 'ERP 对接' } });
      expect(created.statusCode).toBe(201);
      const { token, id } = json<{ token: string; id: string }>(created);
      expect(token.startsWith('ht_')).toBe(true);
      const bearer = { authorization: `Bearer ${token}` };
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
      expect(json(me)).toMatchObject({ id: u.userId, via: 'token' });
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: u.headers });
      expect(JSON.stringify(json(list))).not.toContain(token);
      // A token cannot mint more tokens.
      const mint = await t.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: bearer, payload: { name: 'x' } });
      expect(mint.statusCode).toBe(403);
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: u.headers });
      expect(del.statusCode).toBe(204);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
    });

    it("cannot revoke another user's token", async () => {
      const a = await signIn(t);
      const b = await signIn(t);
      const created = json<{ id: string; token: string }>(
        await t.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: a.headers, payload: { name: 'a' } }),
      );
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${created.id}`, headers: b.headers });
      expect(del.statusCode).toBe(404);
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${created.token}` } });
      expect(me.statusCode).toBe(200);
    });

    it('rejects a malformed Authorization header with 401', async () => {
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Basic abc' } });
      expect(me.statusCode).toBe(401);
      expect(json(me).code).toBe('UNAUTHENTICATED');
    });
  });

  describe('dev SMS outbox', () => {
    it('is absent in production', async () => {
      const prod = await testPlatform({ smsDevOutbox: false, env: 'production' });
      try {
        const res = await prod.app.inject({ method: 'GET', url: `/api/v1/dev/sms-outbox?phone=${freshPhone()}` });
        expect(res.statusCode).toBe(404);
      } finally {
        await prod.close();
      }
    });
  });
});
