/**
 * Crash recovery: kill -9 the server while payment notifications pour in; after a restart the
 * ledger balances, every acknowledged payment is there exactly once, and a provider retrying
 * every notification (as providers do until acknowledged) completes the rest without doubling.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { signBody } from '../../src/modules/payments/providers.ts';
import { ApiClient, startServerProcess, type ServerProcess } from '../support/server-process.ts';

const SECRET = 'crash-test-sandbox-secret-0123456789';
const PASSWORD = 'Haitang2026';
const ORDERS = 60;

interface Prepared {
  orderId: string;
  paymentId: string;
  providerRef: string;
  totalFen: number;
}

async function databaseEnv(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haitang-crash-'));
    return { env: { DATA_DIR: dir }, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `haitang_crash_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haitang-crash-'));
  return {
    env: { DATABASE_URL: u.toString(), DATA_DIR: dir },
    cleanup: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('crash recovery of payments', () => {
  let server: ServerProcess | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    await cleanup?.();
  });

  it('keeps every acknowledged payment exactly once across kill -9, and the ledger balanced', async () => {
    const db = await databaseEnv();
    cleanup = db.cleanup;
    const env = { ...db.env, HAITANG_SEED: 'demo', HAITANG_SEED_HISTORY: 'false', PAYMENT_SANDBOX_SECRET: SECRET, SANDBOX_DUPLICATE_RATE: '0' };
    server = await startServerProcess(env);

    // Orders and payments to notify about.
    const buyer = new ApiClient(server.baseUrl);
    await buyer.login('13600000001', PASSWORD);
    const hits = await buyer.request<{ items: Array<{ id: string; stockTotal: number }> }>('GET', '/api/v1/products?inStock=true&limit=50&sort=sales');
    const skus: string[] = [];
    for (const h of hits.body.items.filter((i) => i.stockTotal >= 20).slice(0, 12)) {
      const p = await buyer.request<{ skus: Array<{ id: string; stock: number }> }>('GET', `/api/v1/products/${h.id}`);
      const sku = p.body.skus.find((s) => s.stock >= 5);
      if (sku) skus.push(sku.id);
    }
    expect(skus.length).toBeGreaterThanOrEqual(6);
    const prepared: Prepared[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const c = await buyer.request<{ orders: Array<{ id: string; totalFen: number }> }>('POST', '/api/v1/checkout', {
        items: [{ skuId: skus[i % skus.length], quantity: 1 }],
        address: { recipient: '林小姐', phone: '13600000001', province: '重庆市', city: '重庆市', district: '荣昌区', town: '昌元街道', detail: '海棠大道88号' },
        deliveryOption: 'station_pickup',
        pickupPointId: (await buyer.request<Array<{ id: string }>>('GET', '/api/v1/stations?kind=village_station')).body[0]!.id,
      });
      expect(c.status).toBe(201);
      const order = c.body.orders[0]!;
      const p = await buyer.request<{ id: string; providerRef: string }>('POST', `/api/v1/orders/${order.id}/payments`, { channel: 'mobile_qr' });
      expect(p.status).toBe(201);
      prepared.push({ orderId: order.id, paymentId: p.body.id, providerRef: p.body.providerRef, totalFen: order.totalFen });
    }

    const notify = async (base: string, p: Prepared) => {
      const raw = JSON.stringify({ paymentId: p.paymentId, providerRef: p.providerRef, amountFen: String(p.totalFen), outcome: 'success', nonce: p.paymentId });
      const res = await fetch(`${base}/api/v1/payments/notify/mobile_qr`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-haitang-signature': signBody(SECRET, raw, new Date()) },
        body: raw,
      });
      return { status: res.status, outcome: ((await res.json()) as { outcome?: string }).outcome };
    };

    // Load: notifications 8 at a time; kill -9 once about a third are acknowledged.
    const acknowledged = new Set<string>();
    let killed = false;
    const queue = [...prepared];
    const worker = async () => {
      for (;;) {
        const p = queue.shift();
        if (!p || killed) return;
        try {
          const r = await notify(server!.baseUrl, p);
          if (r.status === 200 && r.outcome === 'captured') acknowledged.add(p.paymentId);
        } catch {
          return; // the server died under us
        }
        if (!killed && acknowledged.size >= ORDERS / 3) {
          killed = true;
          await server!.kill9();
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeGreaterThanOrEqual(ORDERS / 3);
    expect(acknowledged.size).toBeLessThan(ORDERS);

    server = await startServerProcess(env);
    const admin = new ApiClient(server.baseUrl);
    await admin.login('13800000001', PASSWORD);
    const check1 = await admin.request<{ balanced: boolean; mismatches: unknown[] }>('GET', '/api/v1/ledger/check');
    expect(check1.body).toMatchObject({ balanced: true, mismatches: [] });
    const buyer2 = new ApiClient(server.baseUrl);
    await buyer2.login('13600000001', PASSWORD);
    for (const id of acknowledged) {
      const p = await buyer2.request<{ status: string }>('GET', `/api/v1/payments/${id}`);
      expect(p.body.status).toBe('succeeded');
    }

    // The provider retries everything; acknowledged ones must be duplicates, never captured twice.
    for (const p of prepared) {
      const r = await notify(server.baseUrl, p);
      expect(r.status).toBe(200);
      if (acknowledged.has(p.paymentId)) expect(r.outcome).toBe('duplicate');
      else expect(['captured', 'duplicate']).toContain(r.outcome);
    }
    const check2 = await admin.request<{ balanced: boolean; mismatches: unknown[] }>('GET', '/api/v1/ledger/check');
    expect(check2.body).toMatchObject({ balanced: true, mismatches: [] });
    // Escrow holds exactly one capture per order.
    const accounts = await admin.request<Array<{ code: string; creditsPosted: string; debitsPosted: string }>>('GET', '/api/v1/ledger/accounts');
    const escrow = accounts.body.find((a) => a.code === 'escrow')!;
    const expected = prepared.reduce((s, p) => s + BigInt(p.totalFen), 0n);
    expect(BigInt(escrow.creditsPosted) - BigInt(escrow.debitsPosted)).toBe(expected);
    for (const p of prepared) {
      const o = await buyer2.request<{ status: string }>('GET', `/api/v1/orders/${p.orderId}`);
      expect(o.body.status).toBe('paid');
    }
  }, 240_000);
});
