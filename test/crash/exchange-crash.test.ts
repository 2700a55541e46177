/**
 * Crash recovery of the exchange: kill -9 the server while orders pour in; after a restart
 * every acknowledged order is there, the books rebuilt from the journal equal the open orders
 * (the server refuses to start otherwise, and the depth is compared here), the lots agree with
 * the orders and the ledger balances. PGlite by default, PostgreSQL with TEST_DATABASE_URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, startServerProcess, type ServerProcess } from '../support/server-process.ts';

const PASSWORD = 'Haitang2026';
const KILL_AFTER = 120;

async function databaseEnv(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haitang-exchange-crash-'));
  if (!url) return { env: { DATA_DIR: dir }, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  const name = `haitang_xcrash_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: u.toString(), DATA_DIR: dir },
    cleanup: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Order {
  id: string;
  side: 'buy' | 'sell';
  priceFen: number | null;
  remainingQuantity: number;
  status: string;
}

describe('crash recovery of the exchange', () => {
  let server: ServerProcess | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    await cleanup?.();
  });

  it('keeps every acknowledged order across kill -9; books equal the replayed journal; ledger balanced', async () => {
    const db = await databaseEnv();
    cleanup = db.cleanup;
    const env = { ...db.env, HAITANG_SEED: 'demo', HAITANG_SEED_HISTORY: 'false' };
    server = await startServerProcess(env);

    const buyer = new ApiClient(server.baseUrl);
    await buyer.login('13900000003', PASSWORD);
    const seller = new ApiClient(server.baseUrl);
    await seller.login('13900000007', PASSWORD);
    const instruments = await buyer.request<Array<{ id: string; code: string; band: { prevSettlementFen: number } }>>('GET', '/api/v1/exchange/instruments');
    const hog = instruments.body.find((i) => i.code === 'LH-WSY')!;
    expect(hog).toBeDefined();
    const mid = Math.round(hog.band.prevSettlementFen / 5) * 5;
    const lot = await seller.request<{ id: string }>('POST', '/api/v1/exchange/lots', {
      instrumentId: hog.id,
      headCount: 100_000,
      avgWeightKg: 115,
      farmName: '清流农家合作社猪场',
      townCode: '500153110',
      quarantineCertificateNo: 'A5001532026009999',
    });
    expect(lot.status).toBe(201);

    const acknowledged = new Map<string, 'buy' | 'sell'>();
    let killed = false;
    let k = 0;
    const worker = async () => {
      for (;;) {
        if (killed) return;
        const i = k++;
        const sell = i % 2 === 1;
        const price = mid + (((i * 7) % 9) - 4) * 5;
        try {
          const r = await (sell ? seller : buyer).request<{ id: string }>('POST', '/api/v1/exchange/orders', {
            instrumentId: hog.id,
            side: sell ? 'sell' : 'buy',
            type: 'limit',
            priceFen: price,
            quantity: 1 + (i % 3),
            ...(sell ? { lotId: lot.body.id } : {}),
          });
          if (r.status === 201) acknowledged.set(r.body.id, sell ? 'sell' : 'buy');
          else if (r.status !== 409) throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
        } catch (e) {
          if (killed) return;
          throw e;
        }
        if (!killed && acknowledged.size >= KILL_AFTER) {
          killed = true;
          await server!.kill9();
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(killed).toBe(true);

    server = await startServerProcess(env);
    const traders: ApiClient[] = [];
    for (const phone of ['13900000003', '13900000007', '13900000004', '13600000001']) {
      const c = new ApiClient(server.baseUrl);
      await c.login(phone, PASSWORD);
      traders.push(c);
    }
    const [buyer2, seller2] = traders as [ApiClient, ApiClient];
    for (const [id, side] of acknowledged) {
      const r = await (side === 'buy' ? buyer2 : seller2).request<Order>('GET', `/api/v1/exchange/orders/${id}`);
      expect(r.status, id).toBe(200);
    }

    // The book rebuilt from the journal equals the open orders of everyone who trades it.
    const open: Order[] = [];
    for (const c of traders) {
      for (const status of ['open', 'partially_filled']) {
        const r = await c.request<Order[]>('GET', `/api/v1/exchange/orders?instrumentId=${hog.id}&status=${status}&limit=500`);
        open.push(...r.body);
      }
    }
    const depth = (side: 'buy' | 'sell') => {
      const m = new Map<number, number>();
      for (const o of open.filter((x) => x.side === side)) m.set(o.priceFen!, (m.get(o.priceFen!) ?? 0) + o.remainingQuantity);
      return [...m].map(([priceFen, quantity]) => ({ priceFen, quantity })).sort((a, b) => (side === 'buy' ? b.priceFen - a.priceFen : a.priceFen - b.priceFen));
    };
    const book = await buyer2.request<{ bids: unknown[]; asks: unknown[] }>('GET', `/api/v1/exchange/instruments/${hog.id}/book?depth=100`);
    expect(book.body.bids).toEqual(depth('buy'));
    expect(book.body.asks).toEqual(depth('sell'));

    // The lot: what rests plus what sold is what it lost.
    const lots = await seller2.request<Array<{ id: string; reserved: number; sold: number }>>('GET', `/api/v1/exchange/lots?instrumentId=${hog.id}`);
    const big = lots.body.find((l) => l.id === lot.body.id)!;
    const restingFromLot = open.filter((o) => o.side === 'sell' && (o as unknown as { lotId: string }).lotId === lot.body.id).reduce((s, o) => s + o.remainingQuantity, 0);
    expect(big.reserved).toBe(restingFromLot);

    const admin = new ApiClient(server.baseUrl);
    await admin.login('13800000001', PASSWORD);
    const check = await admin.request<{ balanced: boolean; mismatches: unknown[] }>('GET', '/api/v1/ledger/check');
    expect(check.body).toMatchObject({ balanced: true, mismatches: [] });

    // Trading goes on after the restart.
    const after = await buyer2.request<{ status: string }>('POST', '/api/v1/exchange/orders', { instrumentId: hog.id, side: 'buy', type: 'limit', priceFen: mid, quantity: 1 });
    expect(after.status).toBe(201);
  }, 240_000);
});
