/**
 * Shared bench plumbing: a fresh platform on PGlite (temporary directory) or on a fresh
 * PostgreSQL database (BENCH_DATABASE_URL), a verified shop with one product, and buyers with
 * sessions (created without scrypt so thousands are cheap).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/connect.ts';
import { buildHttpApp } from '../src/http/app.ts';
import { makeOrgCode, makeUscc } from '../src/kernel/codes/index.ts';
import { MemoryStorage } from '../src/kernel/storage.ts';
import { hashPassword } from '../src/modules/identity/password.ts';
import { createPlatform, type Platform } from '../src/platform.ts';

export type Backend = 'pglite' | 'postgres';

export async function freshDatabase(backend: Backend): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (backend === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haitang-bench-'));
    const database = await openDatabase({ pgliteDir: path.join(dir, 'pgdata') });
    return { database, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `haitang_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ url: u.toString(), poolSize: 20 });
  return {
    database,
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export interface BenchWorld {
  platform: Platform;
  baseUrl: string;
  skuId: string;
  productId: string;
  shopId: string;
  buyers: string[];
  close(): Promise<void>;
}

let orgSeq = 0;

export async function benchWorld(backend: Backend, options: { stock: number; buyers: number }): Promise<BenchWorld> {
  const { database, drop } = await freshDatabase(backend);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { seed: 'none' });
  const platform = await createPlatform(config, { database, storage: new MemoryStorage() });
  const { identity, registry, catalog } = platform.services;
  const passwordHash = await hashPassword('bench-password-1');
  const mk = async (phone: string, roles: Array<'consumer' | 'bureau_officer'>) =>
    identity.createUser({ phone, passwordHash, displayName: '压测用户', roles }, null);
  const bureau = await identity.actorOf((await mk('13100000000', ['bureau_officer'])).id);
  const merchantUser = await mk('13100000001', ['consumer']);
  const merchant = await identity.actorOf(merchantUser.id);
  const uscc = makeUscc(`91500153${makeOrgCode(`MA6${String(++orgSeq).padStart(5, '0')}`)}`);
  const e = await registry.register(merchant, {
    uscc, name: '压测商贸有限公司', kind: 'company', legalRepresentative: '压测', townCode: '500153001',
    registeredInRongchang: true, sizeClass: 'sme', industry: 'food', park: null,
  });
  await registry.verify(bureau, e.id, 'approve', undefined);
  const m = await identity.actorOf(merchantUser.id);
  const shop = await catalog.openShop(m, { enterpriseId: e.id, name: '压测旗舰店' });
  const productId = await catalog.createProduct(m, shop.id, {
    pavilionCode: 'food', title: '荣昌卤鹅压测款', status: 'on_sale',
    skus: [{ code: 'BENCH-1', name: '整只', priceFen: 13800n, stock: options.stock }],
  });
  const skuId = (await catalog.getProduct(m, productId)).skus[0]!.id;
  const buyers: string[] = [];
  for (let i = 0; i < options.buyers; i++) {
    const u = await mk(`132${String(i).padStart(8, '0')}`, ['consumer']);
    buyers.push(`haitang_sid=${(await identity.createSession(u.id)).sessionToken}`);
  }
  const app = await buildHttpApp(platform, { web: false });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    platform, baseUrl, skuId, productId, shopId: shop.id, buyers,
    close: async () => {
      await app.close();
      await platform.close();
      await drop();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export const ADDRESS = {
  recipient: '压测', phone: '13600000001', province: '重庆市', city: '重庆市', district: '荣昌区', town: '昌元街道', detail: '海棠大道1号',
};



/** A POST over node:http with its own agent, so thousands of requests can be in flight at once. */
export function httpPost(agent: http.Agent, url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function httpGet(agent: http.Agent, url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', agent, headers }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    req.end();
  });
}
