/**
 * Concurrency: many transactions at once against the same accounts. On PGlite transactions are
 * serialised by its single connection; on PostgreSQL (TEST_DATABASE_URL) they really overlap, on
 * a pool of 5, and the row locks taken in id order are what keeps the floors and the books.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { move, newId, openAccounts, openLedger, type LedgerWorld } from './testkit.ts';
import type { TransferResultCode } from './types.ts';

let w: LedgerWorld;
beforeAll(async () => {
  w = await openLedger();
});
afterAll(async () => {
  const report = await w.ledger.check();
  expect(report.mismatches).toEqual([]);
  expect(report.balanced).toBe(true);
  await w.close();
});

function tally(codes: TransferResultCode[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of codes) out[c] = (out[c] ?? 0) + 1;
  return out;
}

async function fundedFloor(fen: bigint) {
  const accounts = await openAccounts(w, { bank: 'free', customer: 'floor', shop: 'floor' });
  await w.ledger.transfer(w.db, move(accounts.bank, accounts.customer, fen));
  return accounts;
}

describe('concurrent transfers', () => {
  it('50 concurrent debits of 30 fen from 1000 fen: exactly 33 succeed and the floor holds', async () => {
    const { customer, shop } = await fundedFloor(1000n);
    const settled = await Promise.all(
      Array.from({ length: 50 }, () => w.ledger.createTransfers(w.db, [move(customer, shop, 30n)]).then((r) => r[0]!.result)),
    );
    expect(tally(settled)).toEqual({ ok: 33, exceeds_credits: 17 });
    expect(await w.ledger.balance(customer.code)).toEqual({ debitsPending: 0n, debitsPosted: 990n, creditsPending: 0n, creditsPosted: 1000n });
  });

  it('concurrent reservations cannot reserve more than the balance either', async () => {
    const { customer, shop } = await fundedFloor(100n);
    const settled = await Promise.all(
      Array.from({ length: 30 }, () =>
        w.ledger.createTransfers(w.db, [move(customer, shop, 7n, { pending: { timeoutSeconds: 60 } })]).then((r) => r[0]!.result),
      ),
    );
    expect(tally(settled)).toEqual({ ok: 14, exceeds_credits: 16 });
    const b = await w.ledger.balance(customer.code);
    expect(b.debitsPending + b.debitsPosted).toBe(98n);
  });

  it('concurrent batches drain exactly the affordable number', async () => {
    const { customer, shop } = await fundedFloor(500n);
    const batches = await Promise.all(
      Array.from({ length: 20 }, () => w.ledger.createTransfers(w.db, Array.from({ length: 5 }, () => move(customer, shop, 9n)))),
    );
    expect(tally(batches.flat().map((r) => r.result))).toEqual({ ok: 55, exceeds_credits: 45 });
  });

  it('transfers crossing the same accounts in every direction neither deadlock nor lose updates', async () => {
    const accounts = Object.values(await openAccounts(w, { a: 'free', b: 'free', c: 'free', d: 'free' }));
    const jobs = Array.from({ length: 60 }, (_, i) => {
      // Each batch touches its accounts in a different order; locking sorts them by id.
      const from = accounts[i % 4]!;
      const to = accounts[(i + 1 + (i % 3)) % 4]!;
      const back = accounts[(i + 2) % 4]!;
      return w.ledger.createTransfers(w.db, [move(from, to, BigInt(i + 1)), move(to, back === to ? from : back, 1n)]);
    });
    const results = (await Promise.all(jobs)).flat().map((r) => r.result);
    expect(tally(results)).toEqual({ ok: 120 });
    const balances = await Promise.all(accounts.map((a) => w.ledger.balance(a.code)));
    const debits = balances.reduce((s, b) => s + b.debitsPosted, 0n);
    const credits = balances.reduce((s, b) => s + b.creditsPosted, 0n);
    expect(debits).toBe(credits);
    expect(debits).toBe(BigInt((60 * 61) / 2 + 60));
  });

  it('one pending transfer posted by 10 racers is posted once', async () => {
    const { customer, shop } = await fundedFloor(100n);
    const hold = move(customer, shop, 80n, { pending: { timeoutSeconds: 0 } });
    await w.ledger.transfer(w.db, hold);
    const settled = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        w.ledger
          .createTransfers(w.db, [move(customer, shop, 80n, i % 2 ? { postPendingId: hold.id } : { voidPendingId: hold.id })])
          .then((r) => r[0]!.result),
      ),
    );
    expect(settled.filter((r) => r === 'ok')).toHaveLength(1);
    expect(settled.every((r) => r === 'ok' || r === 'pending_transfer_already_posted' || r === 'pending_transfer_already_voided')).toBe(true);
    const b = await w.ledger.balance(customer.code);
    expect(b.debitsPending).toBe(0n);
  });

  it('the same transfer submitted 10 times at once is applied once', async () => {
    const { customer, shop } = await fundedFloor(100n);
    const t = move(customer, shop, 10n);
    const settled = await Promise.all(Array.from({ length: 10 }, () => w.ledger.createTransfers(w.db, [t]).then((r) => r[0]!.result)));
    expect(tally(settled)).toEqual({ ok: 1, exists: 9 });
    expect((await w.ledger.balance(customer.code)).debitsPosted).toBe(10n);
  });

  it('one id used at once for two different transfers on disjoint accounts: one wins, the other is told', async () => {
    for (let round = 0; round < 10; round++) {
      const one = await fundedFloor(10n);
      const two = await fundedFloor(10n);
      const id = newId();
      const settled = await Promise.all([
        w.ledger.createTransfers(w.db, [{ ...move(one.customer, one.shop, 1n), id }]).then((r) => r[0]!.result),
        w.ledger.createTransfers(w.db, [{ ...move(two.customer, two.shop, 2n), id }]).then((r) => r[0]!.result),
      ]);
      expect(settled.sort()).toEqual(['exists_with_different_fields', 'ok']);
      const moved = (await w.ledger.balance(one.customer.code)).debitsPosted + (await w.ledger.balance(two.customer.code)).debitsPosted;
      expect([1n, 2n]).toContain(moved);
    }
  });
});
