/**
 * A fresh platform per test file, cloned from the run's migrated template, with a clock the
 * test can move and the HTTP app built the same way production builds it.
 */
import fs from 'node:fs';
import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { buildHttpApp } from '../../src/http/app.ts';
import { ManualClock } from '../../src/kernel/clock.ts';
import { MemoryStorage } from '../../src/kernel/storage.ts';
import type { GlobalRole } from '../../src/modules/identity/index.ts';
import { createPlatform, type Platform } from '../../src/platform.ts';

let counter = 0;

export async function testDatabase(): Promise<Database> {
  const spec = inject('testDb');
  if (spec.kind === 'postgres') {
    const name = `${spec.prefix}_${process.pid}_${++counter}_${crypto.randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: spec.url });
    await admin.connect();
    try {
      await admin.query(`create database ${name} template ${spec.template}`);
    } finally {
      await admin.end();
    }
    const u = new URL(spec.url);
    u.pathname = `/${name}`;
    return openDatabase({ url: u.toString(), poolSize: 5 });
  }
  const blob = new Blob([fs.readFileSync(spec.templateFile)]);
  return openDatabase({ pgliteLoad: blob });
}

export interface TestPlatform {
  platform: Platform;
  app: FastifyInstance;
  clock: ManualClock;
  close(): Promise<void>;
}

export async function testPlatform(overrides: Partial<Config> = {}): Promise<TestPlatform> {
  const database = await testDatabase();
  const clock = new ManualClock(new Date());
  const config = loadConfig({ NODE_ENV: 'test' }, { seed: 'none', ...overrides });
  const platform = await createPlatform(config, { database, clock, migrate: false, storage: new MemoryStorage() });
  const app = await buildHttpApp(platform, { web: false });
  return {
    platform,
    app,
    clock,
    close: async () => {
      await app.close();
      await platform.close();
    },
  };
}

/** Unique valid mobile numbers per test process. */
let phoneSeq = crypto.randomInt(0, 1_000_000);
export function freshPhone(): string {
  phoneSeq = (phoneSeq + 1) % 100_000_000;
  return `15${(process.pid % 10).toString()}${phoneSeq.toString().padStart(8, '0')}`;
}

export const TEST_PASSWORD = 'Passw0rd-test';

export interface SignedIn {
  userId: string;
  phone: string;
  cookie: string;
  headers: { cookie: string };
}

/** Creates an account with the given platform roles and signs it in over HTTP. */
export async function signIn(t: TestPlatform, roles: GlobalRole[] = ['consumer'], name = '测试用户'): Promise<SignedIn> {
  const phone = freshPhone();
  const user = await t.platform.services.identity.createUser({ phone, password: TEST_PASSWORD, displayName: name, roles }, null);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = sessionCookie(res);
  return { userId: user.id, phone, cookie, headers: { cookie } };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'haitang_sid');
  if (!c) throw new Error('no session cookie set');
  return `haitang_sid=${c.value}`;
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}
