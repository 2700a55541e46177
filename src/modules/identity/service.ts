/**
 * Identity use cases. The only code that writes the identity tables.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { inTransaction, type Executor } from '../../db/transaction.ts';
import { AppError, defineErrors, validationError } from '../../kernel/errors.ts';
import { randomToken, sha256, uuidv7 } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import { normaliseChinaMobile } from '../../kernel/phone.ts';
import type { AuditService } from '../audit/index.ts';
import type { Actor, GlobalRole, Membership, ScopedRole, ScopeType } from './index.ts';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { q, type UserRow } from './store.ts';

export const IdentityErrors = defineErrors({
  PHONE_TAKEN: { status: 409, zh: '该手机号已注册', en: 'This phone number is already registered' },
  INVALID_CREDENTIALS: { status: 401, zh: '手机号或密码错误', en: 'Wrong phone number or password' },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    zh: '登录失败次数过多，请稍后再试',
    en: 'Too many failed logins, try again later',
  },
  SMS_TOO_FREQUENT: { status: 429, zh: '验证码发送过于频繁，请稍后再试', en: 'Codes are sent too often, wait a moment' },
  SMS_CODE_INVALID: { status: 422, zh: '短信验证码错误或已过期', en: 'The SMS code is wrong or has expired' },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  USER_NOT_FOUND: { status: 404, zh: '用户不存在', en: 'No such user' },
  TOKEN_NOT_FOUND: { status: 404, zh: '令牌不存在', en: 'No such API token' },
});

export type SmsPurpose = 'register' | 'login' | 'reset_password';

export interface IdentityOptions {
  clock: Clock;
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginWindowMinutes: number;
}

const SMS_TTL_MS = 5 * 60_000;
const SMS_RESEND_MS = 60_000;
const SMS_MAX_PER_DAY = 10;
const SMS_MAX_FAILED_TRIES = 5;
const TOKEN_PREFIX = 'ht_';

export interface UserView {
  id: string;
  phone: string;
  displayName: string;
  globalRoles: GlobalRole[];
  status: string;
  createdAt: Date;
}

function view(row: UserRow): UserView {
  return {
    id: row.id,
    phone: row.phone,
    displayName: row.display_name,
    globalRoles: row.roles as GlobalRole[],
    status: row.status,
    createdAt: row.created_at,
  };
}

function phoneOrFail(raw: string, field = '/phone'): string {
  const phone = normaliseChinaMobile(raw);
  if (!phone) {
    throw validationError([
      {
        field,
        code: 'PHONE_FORMAT',
        message: { zh: '请输入11位中国大陆手机号', en: 'Enter an 11-digit mainland China mobile number' },
      },
    ]);
  }
  return phone;
}

function passwordOrFail(password: string): void {
  const problem = passwordProblem(password);
  if (problem) {
    throw validationError([
      {
        field: '/password',
        code: `PASSWORD_${problem}`,
        message: {
          zh: '密码须为8至72位，且同时包含字母和数字',
          en: 'The password needs 8 to 72 characters with both letters and digits',
        },
      },
    ]);
  }
}

export type ScopeNamer = (ids: string[]) => Promise<Map<string, string>>;

/** Sessions are looked up on every request; a short-lived cache keeps that off the database. */
const SESSION_CACHE_MS = 15_000;
const SESSION_CACHE_MAX = 10_000;

export class IdentityService {
  private readonly scopeNamers = new Map<ScopeType, ScopeNamer>();
  private readonly sessionCache = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly options: IdentityOptions,
  ) {}

  private now(): Date {
    return this.options.clock.now();
  }

  // ---------------------------------------------------------------- SMS (simulated gateway)

  async requestSmsCode(rawPhone: string, purpose: SmsPurpose): Promise<{ expiresInSeconds: number }> {
    const phone = phoneOrFail(rawPhone);
    const now = this.now();
    return inTransaction(this.db, async (tx) => {
      // Serialise per phone so two quick requests cannot both pass the resend check.
      await sql`select pg_advisory_xact_lock(hashtext(${`sms:${phone}`}))`.execute(tx);
      const recent = await q(tx)
        .selectFrom('sms_messages')
        .select(['created_at'])
        .where('phone', '=', phone)
        .where('created_at', '>', new Date(now.getTime() - 24 * 3600_000))
        .orderBy('created_at', 'desc')
        .execute();
      const last = recent[0];
      if (last && now.getTime() - last.created_at.getTime() < SMS_RESEND_MS) {
        throw new AppError(IdentityErrors.SMS_TOO_FREQUENT, { extra: { retryAfterSeconds: 60 } });
      }
      if (recent.length >= SMS_MAX_PER_DAY) throw new AppError(IdentityErrors.SMS_TOO_FREQUENT);
      const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
      const minutes = SMS_TTL_MS / 60_000;
      await q(tx)
        .insertInto('sms_messages')
        .values({
          id: uuidv7(),
          phone,
          purpose,
          code,
          text: `【海棠电商】您的验证码是${code}，${minutes}分钟内有效。如非本人操作，请忽略本短信。`,
          created_at: now,
          expires_at: new Date(now.getTime() + SMS_TTL_MS),
        })
        .execute();
      return { expiresInSeconds: SMS_TTL_MS / 1000 };
    });
  }

  /** The dev outbox: messages "sent" to a phone, newest first. Never exposed in production. */
  async smsOutbox(rawPhone: string, limit = 10) {
    const phone = phoneOrFail(rawPhone);
    const rows = await q(this.db)
      .selectFrom('sms_messages')
      .select(['phone', 'purpose', 'code', 'text', 'created_at'])
      .where('phone', '=', phone)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ phone: r.phone, purpose: r.purpose, code: r.code, text: r.text, createdAt: r.created_at }));
  }

  /**
   * Marks the newest usable code as consumed when it matches. A wrong code counts a failed
   * try (committed by the caller's transaction); after five, the code is dead.
   */
  private async consumeSmsCode(tx: Executor, phone: string, purpose: SmsPurpose, code: string): Promise<boolean> {
    const now = this.now();
    const msg = await q(tx)
      .selectFrom('sms_messages')
      .selectAll()
      .where('phone', '=', phone)
      .where('purpose', '=', purpose)
      .where('consumed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!msg || msg.expires_at <= now || msg.failed_attempts >= SMS_MAX_FAILED_TRIES) return false;
    const ok = msg.code.length === code.length && crypto.timingSafeEqual(Buffer.from(msg.code), Buffer.from(code));
    await q(tx)
      .updateTable('sms_messages')
      .set(ok ? { consumed_at: now } : (eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', msg.id)
      .execute();
    return ok;
  }

  // ---------------------------------------------------------------- accounts

  /** Self-service registration, proven by an SMS code sent to the phone. */
  async register(input: { phone: string; password: string; smsCode: string; displayName: string }): Promise<UserView> {
    const phone = phoneOrFail(input.phone);
    passwordOrFail(input.password);
    const passwordHash = await hashPassword(input.password);
    // The SMS code is checked before uniqueness, so nobody can probe which numbers are
    // registered without owning the phone. A wrong code's failed try must commit, so the
    // transaction returns instead of throwing.
    const user = await inTransaction(this.db, async (tx) => {
      if (!(await this.consumeSmsCode(tx, phone, 'register', input.smsCode))) return null;
      return this.createUser({ phone, passwordHash, displayName: input.displayName, roles: ['consumer'] }, null, tx);
    });
    if (!user) throw new AppError(IdentityErrors.SMS_CODE_INVALID);
    return user;
  }

  /** Creates an account directly (seed, CLI, admin). */
  async createUser(
    input: { phone: string; password?: string; passwordHash?: string; displayName: string; roles: GlobalRole[] },
    actor: Actor | null,
    executor: Executor = this.db,
  ): Promise<UserView> {
    const phone = phoneOrFail(input.phone);
    let passwordHash = input.passwordHash;
    if (!passwordHash) {
      passwordOrFail(input.password ?? '');
      passwordHash = await hashPassword(input.password!);
    }
    return inTransaction(executor, async (tx) => {
      const row = await q(tx)
        .insertInto('users')
        .values({
          id: uuidv7(),
          phone,
          display_name: input.displayName.trim(),
          password_hash: passwordHash,
          roles: [...new Set(input.roles)],
        })
        .onConflict((oc) => oc.column('phone').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new AppError(IdentityErrors.PHONE_TAKEN);
      await this.audit.record(tx, {
        actor: actor && { userId: actor.userId, displayName: actor.displayName },
        subjectType: 'user',
        subjectId: row.id,
        action: 'user.created',
        after: { phone: row.phone, displayName: row.display_name, roles: row.roles },
      });
      return view(row);
    });
  }

  async findUserByPhone(rawPhone: string, executor: Executor = this.db): Promise<UserView | null> {
    const phone = normaliseChinaMobile(rawPhone);
    if (!phone) return null;
    const row = await q(executor).selectFrom('users').selectAll().where('phone', '=', phone).executeTakeFirst();
    return row ? view(row) : null;
  }

  async getUser(id: string, executor: Executor = this.db): Promise<UserView> {
    const row = await q(executor).selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError(IdentityErrors.USER_NOT_FOUND);
    return view(row);
  }

  async displayNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await q(this.db).selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  async grantGlobalRole(userId: string, role: GlobalRole, actor: Actor | null, executor: Executor = this.db): Promise<void> {
    await inTransaction(executor, async (tx) => {
      const before = await q(tx).selectFrom('users').select('roles').where('id', '=', userId).forUpdate().executeTakeFirst();
      if (!before) throw new AppError(IdentityErrors.USER_NOT_FOUND);
      if (before.roles.includes(role)) return;
      const roles = [...before.roles, role];
      this.forgetUser(userId);
      await q(tx).updateTable('users').set({ roles, updated_at: this.now() }).where('id', '=', userId).execute();
      await this.audit.record(tx, {
        actor: actor && { userId: actor.userId, displayName: actor.displayName },
        subjectType: 'user',
        subjectId: userId,
        action: 'user.role_granted',
        before: { roles: before.roles },
        after: { roles },
      });
    });
  }

  async addMembership(
    executor: Executor,
    userId: string,
    membership: Membership,
    actor: Actor | null,
  ): Promise<void> {
    await inTransaction(executor, async (tx) => {
      const inserted = await q(tx)
        .insertInto('memberships')
        .values({ user_id: userId, role: membership.role, scope_type: membership.scopeType, scope_id: membership.scopeId })
        .onConflict((oc) => oc.doNothing())
        .returning('user_id')
        .executeTakeFirst();
      this.forgetUser(userId);
      if (inserted) {
        await this.audit.record(tx, {
          actor: actor && { userId: actor.userId, displayName: actor.displayName },
          subjectType: 'user',
          subjectId: userId,
          action: 'user.membership_added',
          after: membership,
        });
      }
    });
  }

  async memberships(userId: string, executor: Executor = this.db): Promise<Membership[]> {
    const rows = await q(executor)
      .selectFrom('memberships')
      .select(['role', 'scope_type', 'scope_id'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ role: r.role as ScopedRole, scopeType: r.scope_type as ScopeType, scopeId: r.scope_id }));
  }

  async membersOf(scopeType: ScopeType, scopeId: string): Promise<Array<{ userId: string; role: ScopedRole }>> {
    const rows = await q(this.db)
      .selectFrom('memberships')
      .select(['user_id', 'role'])
      .where('scope_type', '=', scopeType)
      .where('scope_id', '=', scopeId)
      .execute();
    return rows.map((r) => ({ userId: r.user_id, role: r.role as ScopedRole }));
  }

  /**
   * The modules owning enterprises and stations tell identity how to name them, so identity
   * can describe memberships without reading their tables.
   */
  setScopeNamer(scopeType: ScopeType, namer: ScopeNamer): void {
    this.scopeNamers.set(scopeType, namer);
  }

  async describeMemberships(memberships: Membership[]): Promise<Array<Membership & { scopeName: string | null }>> {
    const names = new Map<string, string>();
    for (const [scopeType, namer] of this.scopeNamers) {
      const ids = memberships.filter((m) => m.scopeType === scopeType).map((m) => m.scopeId);
      for (const [id, name] of await namer([...new Set(ids)])) names.set(`${scopeType}:${id}`, name);
    }
    return memberships.map((m) => ({ ...m, scopeName: names.get(`${m.scopeType}:${m.scopeId}`) ?? null }));
  }

  // ---------------------------------------------------------------- login and sessions

  async login(
    input: { phone: string; password: string },
    meta: { ip?: string | undefined; userAgent?: string | undefined } = {},
  ): Promise<{ user: UserView; sessionToken: string; expiresAt: Date }> {
    const phone = phoneOrFail(input.phone);
    const now = this.now();
    const since = new Date(now.getTime() - this.options.loginWindowMinutes * 60_000);
    const failures = await q(this.db)
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('phone', '=', phone)
      .where('succeeded', '=', false)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(failures.n) >= this.options.loginMaxFailures) {
      throw new AppError(IdentityErrors.TOO_MANY_ATTEMPTS, {
        extra: { retryAfterSeconds: this.options.loginWindowMinutes * 60 },
      });
    }
    const row = await q(this.db).selectFrom('users').selectAll().where('phone', '=', phone).executeTakeFirst();
    const ok = await verifyPassword(input.password, row?.password_hash ?? (await dummyPasswordHash()));
    await q(this.db)
      .insertInto('login_attempts')
      .values({ phone, ip: meta.ip ?? null, succeeded: ok && !!row, at: now })
      .execute();
    if (!row || !ok) throw new AppError(IdentityErrors.INVALID_CREDENTIALS);
    if (row.status !== 'active') throw new AppError(IdentityErrors.ACCOUNT_DISABLED);
    const { sessionToken, expiresAt } = await this.createSession(row.id, meta);
    return { user: view(row), sessionToken, expiresAt };
  }

  async logout(sessionToken: string): Promise<void> {
    this.sessionCache.delete(sha256(sessionToken));
    await q(this.db).deleteFrom('sessions').where('token_hash', '=', sha256(sessionToken)).execute();
  }

  private async actorFor(row: UserRow, via: Actor['via']): Promise<Actor | null> {
    if (row.status !== 'active') return null;
    return {
      userId: row.id,
      phone: row.phone,
      displayName: row.display_name,
      globalRoles: row.roles as GlobalRole[],
      memberships: await this.memberships(row.id),
      via,
    };
  }

  /** The actor for a user id, for internal use by trusted code (seed, CLI, background jobs). */
  async actorOf(userId: string, executor: Executor = this.db): Promise<Actor> {
    const row = await q(executor).selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    const actor = row ? await this.actorFor(row, 'session') : null;
    if (!actor) throw new AppError(IdentityErrors.USER_NOT_FOUND);
    return actor;
  }

  /** Opens a session for a user who has just proven who they are (login or registration). */
  async createSession(
    userId: string,
    meta: { ip?: string | undefined; userAgent?: string | undefined } = {},
  ): Promise<{ sessionToken: string; expiresAt: Date }> {
    const now = this.now();
    const sessionToken = randomToken();
    const expiresAt = new Date(now.getTime() + this.options.sessionTtlHours * 3600_000);
    await q(this.db)
      .insertInto('sessions')
      .values({
        token_hash: sha256(sessionToken),
        user_id: userId,
        created_at: now,
        expires_at: expiresAt,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
        ip: meta.ip ?? null,
      })
      .execute();
    return { sessionToken, expiresAt };
  }

  /**
   * The actor behind a session cookie. Answers from a per-process cache for up to fifteen seconds
   * (never past the session's expiry): a role granted or a logout done in another process is
   * seen within that time; in this process, logout takes effect at once.
   */
  async authenticateSession(sessionToken: string): Promise<Actor | null> {
    const hash = sha256(sessionToken);
    const now = this.now().getTime();
    const cached = this.sessionCache.get(hash);
    if (cached && cached.until > now) return cached.actor;
    const row = await q(this.db)
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select('sessions.expires_at as session_expires_at')
      .where('sessions.token_hash', '=', hash)
      .where('sessions.expires_at', '>', this.now())
      .executeTakeFirst();
    const actor = row ? await this.actorFor(row, 'session') : null;
    if (actor && row) {
      if (this.sessionCache.size >= SESSION_CACHE_MAX) this.sessionCache.clear();
      this.sessionCache.set(hash, { actor, until: Math.min(now + SESSION_CACHE_MS, row.session_expires_at.getTime()) });
    } else {
      this.sessionCache.delete(hash);
    }
    return actor;
  }

  /** Forget cached sessions of a user whose roles or memberships changed here. */
  private forgetUser(userId: string): void {
    for (const [hash, entry] of this.sessionCache) if (entry.actor.userId === userId) this.sessionCache.delete(hash);
  }

  // ---------------------------------------------------------------- API tokens

  async createApiToken(actor: Actor, name: string): Promise<{ id: string; name: string; token: string; prefix: string; createdAt: Date }> {
    const token = TOKEN_PREFIX + randomToken();
    const id = uuidv7();
    const row = await q(this.db)
      .insertInto('api_tokens')
      .values({ id, user_id: actor.userId, name: name.trim(), token_hash: sha256(token), prefix: token.slice(0, 10) })
      .returning(['id', 'name', 'prefix', 'created_at'])
      .executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, token, prefix: row.prefix, createdAt: row.created_at };
  }

  async listApiTokens(actor: Actor) {
    const rows = await q(this.db)
      .selectFrom('api_tokens')
      .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  }

  async revokeApiToken(actor: Actor, id: string): Promise<void> {
    const res = await q(this.db)
      .updateTable('api_tokens')
      .set({ revoked_at: this.now() })
      .where('id', '=', id)
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError(IdentityErrors.TOKEN_NOT_FOUND);
  }

  async authenticateBearer(token: string): Promise<Actor | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const row = await q(this.db)
      .updateTable('api_tokens')
      .set({ last_used_at: this.now() })
      .where('token_hash', '=', sha256(token))
      .where('revoked_at', 'is', null)
      .returning('user_id')
      .executeTakeFirst();
    if (!row) return null;
    const user = await q(this.db).selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
    return user ? this.actorFor(user, 'token') : null;
  }
}
