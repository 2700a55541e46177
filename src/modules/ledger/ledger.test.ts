import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, errorSpec } from '../../kernel/errors.ts';
import {
  BATCH_MAX,
  EXPIRY_CODE,
  LedgerAccounts,
  TRANSFER_RESULTS,
  USER_DATA_MAX_BYTES,
  errorCodeFor,
  expiryTransferId,
  type Account,
  type Balance,
  type TransferInput,
} from './index.ts';
import { move, newId, openAccounts, openLedger, uniqueCode, type LedgerWorld } from './testkit.ts';

let w: LedgerWorld;
beforeAll(async () => {
  w = await openLedger();
});
afterAll(async () => {
  // Whatever the tests did, the books balance and every stored balance is explained.
  const report = await w.ledger.check();
  expect(report.mismatches).toEqual([]);
  expect(report.balanced).toBe(true);
  await w.close();
});

const bal = (dp: bigint, dpo: bigint, cp: bigint, cpo: bigint): Balance => ({
  debitsPending: dp,
  debitsPosted: dpo,
  creditsPending: cp,
  creditsPosted: cpo,
});

async function results(transfers: TransferInput[]) {
  return (await w.ledger.createTransfers(w.db, transfers)).map((r) => r.result);
}

async function balanceOf(a: Account) {
  return w.ledger.balance(a.code);
}

async function transferCount(): Promise<number> {
  const r = await sql<{ n: bigint }>`select count(*) as n from ledger_transfers`.execute(w.db);
  return Number(r.rows[0]!.n);
}

/** A customer account holding `fen`, funded from a free bank account. */
async function funded(fen: bigint) {
  const { bank, customer, shop } = await openAccounts(w, { bank: 'free', customer: 'floor', shop: 'floor' });
  if (fen > 0n) await w.ledger.transfer(w.db, move(bank, customer, fen));
  return { bank, customer, shop };
}

describe('accounts', () => {
  it('are created once per code, with zero balances, and ensureAccount is idempotent', async () => {
    const code = uniqueCode('merchant_payable');
    const a = await w.ledger.ensureAccount(w.db, { code, kind: 'liability', flags: { debitsMustNotExceedCredits: true } });
    const again = await w.ledger.ensureAccount(w.db, { code, kind: 'liability', flags: { debitsMustNotExceedCredits: true } });
    expect(again.id).toBe(a.id);
    expect(a).toMatchObject({ code, ledger: 'CNY', kind: 'liability', ...bal(0n, 0n, 0n, 0n) });
    expect(a.flags).toEqual({ debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false });
  });

  it('refuses to redefine an existing code', async () => {
    const code = uniqueCode('escrow');
    await w.ledger.ensureAccount(w.db, { code, kind: 'liability' });
    await expect(w.ledger.ensureAccount(w.db, { code, kind: 'asset' })).rejects.toMatchObject({
      code: 'LEDGER_ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS',
      status: 409,
    });
  });

  it('refuses malformed codes, unknown kinds and contradictory flags', async () => {
    for (const spec of [
      { code: 'Escrow', kind: 'liability' as const },
      { code: 'customer:', kind: 'liability' as const },
      { code: uniqueCode('x'), kind: 'cash' as 'asset' },
      { code: uniqueCode('x'), kind: 'asset' as const, flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true } },
      { code: uniqueCode('x'), kind: 'asset' as const, ledger: 'yuan' },
    ]) {
      await expect(w.ledger.ensureAccount(w.db, spec)).rejects.toMatchObject({ code: 'LEDGER_ACCOUNT_INVALID' });
    }
  });

  it('follow the code conventions of LedgerAccounts', async () => {
    const shopId = newId();
    const specs = [
      LedgerAccounts.escrow(),
      LedgerAccounts.platformFees(),
      LedgerAccounts.bankClearing('mobile_qr'),
      LedgerAccounts.merchantPayable(shopId),
      LedgerAccounts.customer(newId()),
      LedgerAccounts.subsidyBudget(2026),
    ];
    expect(specs.map((s) => s.code.split(':')[0])).toEqual([
      'escrow',
      'platform_fees',
      'bank_clearing',
      'merchant_payable',
      'customer',
      'subsidy_budget',
    ]);
    for (const s of specs) expect((await w.ledger.ensureAccount(w.db, s)).code).toBe(s.code);
    expect(() => LedgerAccounts.merchantPayable('has space')).toThrow(RangeError);
    expect(() => LedgerAccounts.subsidyBudget(26)).toThrow(RangeError);
  });

  it('unknown codes are 404 for reads', async () => {
    await expect(w.ledger.balance('customer:nobody')).rejects.toMatchObject({ code: 'LEDGER_ACCOUNT_NOT_FOUND', status: 404 });
  });
});

describe('single transfers', () => {
  it('debit one account and credit the other by the same amount, posted at once', async () => {
    const { bank, customer } = await funded(0n);
    expect(await results([move(bank, customer, 12_345n, { code: 'order.paid', userData: { orderId: 'o-1' } })])).toEqual(['ok']);
    expect(await balanceOf(bank)).toEqual(bal(0n, 12_345n, 0n, 0n));
    expect(await balanceOf(customer)).toEqual(bal(0n, 0n, 0n, 12_345n));
  });

  it('keep their reason code, user data and time', async () => {
    const { bank, customer } = await funded(0n);
    const t = move(bank, customer, 1n, { code: 'order.paid', userData: { orderId: 'o-2', total: 100n } });
    await w.ledger.transfer(w.db, t);
    const stored = await w.ledger.getTransfer(t.id);
    expect(stored).toMatchObject({
      id: t.id,
      kind: 'single',
      debitAccount: bank.code,
      creditAccount: customer.code,
      amountFen: 1n,
      code: 'order.paid',
      userData: { orderId: 'o-2', total: '100' },
      pendingId: null,
    });
    expect(stored!.postedAt.getTime()).toBeGreaterThanOrEqual(w.t.clock.now().getTime());
    expect(await w.ledger.getTransfer(newId())).toBeNull();
  });

  it('refuse bad input with a result code per transfer and write nothing', async () => {
    const { bank, customer } = await funded(0n);
    const { other } = await openAccounts(w, { other: { kind: 'asset' } });
    const usd = await w.ledger.ensureAccount(w.db, { code: uniqueCode('usd'), kind: 'asset', ledger: 'USD' });
    const before = await transferCount();
    expect(
      await results([
        move(bank, customer, 0n),
        move(bank, customer, -5n),
        move(bank, bank, 5n),
        { ...move(bank, customer, 5n), debitAccount: 'customer:ghost' },
        { ...move(bank, customer, 5n), creditAccount: 'customer:ghost' },
        { ...move(bank, customer, 5n), id: 'not-a-uuid' },
        move(bank, customer, 5n, { code: 'Order Paid' }),
        move(bank, customer, 5n, { code: 'ledger.expired' }),
        move(bank, customer, 5n, { userData: { blob: 'x'.repeat(USER_DATA_MAX_BYTES) } }),
        move(bank, customer, 5n, { pending: { timeoutSeconds: -1 } }),
        move(bank, customer, 5n, { pending: { timeoutSeconds: 1.5 } }),
        move(bank, customer, 5n, { pending: { timeoutSeconds: 366 * 24 * 3600 + 1 } }),
        move(bank, customer, 5n, { pending: {} as { timeoutSeconds: number } }),
        move(bank, customer, 5n, { pending: { timeoutSeconds: 1 }, voidPendingId: newId() }),
        move(bank, customer, 5n, { amountToPost: 1n }),
        move(other, usd, 5n),
      ]),
    ).toEqual([
      'amount_must_be_positive',
      'amount_must_be_positive',
      'accounts_must_be_different',
      'debit_account_not_found',
      'credit_account_not_found',
      'id_invalid',
      'code_invalid',
      'code_reserved',
      'user_data_too_large',
      'timeout_invalid',
      'timeout_invalid',
      'timeout_invalid',
      'timeout_invalid',
      'flags_are_mutually_exclusive',
      'flags_are_mutually_exclusive',
      'accounts_must_have_the_same_ledger',
    ]);
    expect(await transferCount()).toBe(before);
  });

  it('never take a float: a number amount is a programming error', async () => {
    const { bank, customer } = await funded(0n);
    await expect(w.ledger.createTransfers(w.db, [{ ...move(bank, customer, 1n), amountFen: 1 as unknown as bigint }])).rejects.toThrow(
      TypeError,
    );
  });

  it('are limited to BATCH_MAX per call', async () => {
    const { bank, customer } = await funded(0n);
    const batch = Array.from({ length: BATCH_MAX + 1 }, () => move(bank, customer, 1n));
    await expect(w.ledger.createTransfers(w.db, batch)).rejects.toMatchObject({ code: 'LEDGER_BATCH_TOO_LARGE' });
    expect(await w.ledger.createTransfers(w.db, [])).toEqual([]);
  });

  it('transfer() throws the result as LEDGER_<RESULT>, and every failure result has an error code', async () => {
    const { customer, shop } = await funded(10n);
    const err = await w.ledger.transfer(w.db, move(customer, shop, 11n)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'LEDGER_EXCEEDS_CREDITS', status: 409, extra: { result: 'exceeds_credits' } });
    await expect(w.ledger.transfer(w.db, move(customer, shop, 0n))).rejects.toMatchObject({ status: 422 });
    for (const r of TRANSFER_RESULTS.filter((x) => x !== 'ok' && x !== 'exists')) {
      expect(errorSpec(errorCodeFor(r)), r).toBeDefined();
    }
  });
});

describe('idempotency', () => {
  it('an identical retry answers exists and moves nothing', async () => {
    const { customer, shop } = await funded(100n);
    const t = move(customer, shop, 60n, { userData: { orderId: 'o-9', lines: [1, 2] } });
    expect(await results([t])).toEqual(['ok']);
    expect(await results([{ ...t, userData: { lines: [1, 2], orderId: 'o-9' } }])).toEqual(['exists']);
    expect(await w.ledger.transfer(w.db, t)).toMatchObject({ result: 'exists' });
    expect(await balanceOf(customer)).toEqual(bal(0n, 60n, 0n, 100n));
  });

  it('the same id with any field changed is exists_with_different_fields', async () => {
    const { bank, customer, shop } = await funded(100n);
    const t = move(customer, shop, 10n, { code: 'order.paid', userData: { orderId: 'a' } });
    await w.ledger.transfer(w.db, t);
    expect(
      await results([
        { ...t, amountFen: 11n },
        { ...t, debitAccount: bank.code },
        { ...t, creditAccount: bank.code },
        { ...t, code: 'order.refund' },
        { ...t, userData: { orderId: 'b' } },
        { ...t, userData: undefined },
        { ...t, pending: { timeoutSeconds: 0 } },
        { ...t, linked: true },
        move(customer, shop, 1n), // closes the chain the changed retry opened, and fails with it
      ]),
    ).toEqual([
      'exists_with_different_fields',
      'exists_with_different_fields',
      'exists_with_different_fields',
      'exists_with_different_fields',
      'exists_with_different_fields',
      'exists_with_different_fields',
      'exists_with_different_fields',
      'exists_with_different_fields',
      'linked_event_failed',
    ]);
    await expect(w.ledger.transfer(w.db, { ...t, amountFen: 11n })).rejects.toMatchObject({
      code: 'LEDGER_EXISTS_WITH_DIFFERENT_FIELDS',
      status: 409,
    });
    expect(await balanceOf(customer)).toEqual(bal(0n, 10n, 0n, 100n));
  });

  it('a repeated id inside one batch is applied once', async () => {
    const { customer, shop } = await funded(100n);
    const t = move(customer, shop, 30n);
    expect(await results([t, t, { ...t, amountFen: 31n }])).toEqual(['ok', 'exists', 'exists_with_different_fields']);
    expect(await balanceOf(shop)).toEqual(bal(0n, 0n, 0n, 30n));
  });
});

describe('two-phase transfers', () => {
  it('a pending transfer reserves: it counts against the floor but is not posted', async () => {
    const { customer, shop } = await funded(100n);
    expect(await results([move(customer, shop, 70n, { pending: { timeoutSeconds: 0 } })])).toEqual(['ok']);
    expect(await balanceOf(customer)).toEqual(bal(70n, 0n, 0n, 100n));
    expect(await balanceOf(shop)).toEqual(bal(0n, 0n, 70n, 0n));
    expect(await results([move(customer, shop, 31n)])).toEqual(['exceeds_credits']);
    expect(await results([move(customer, shop, 30n)])).toEqual(['ok']);
  });

  it('posting in full moves the reservation to posted', async () => {
    const { customer, shop } = await funded(100n);
    const hold = move(customer, shop, 70n, { pending: { timeoutSeconds: 3600 } });
    await w.ledger.transfer(w.db, hold);
    const post = move(customer, shop, 70n, { postPendingId: hold.id, code: 'order.completed' });
    expect(await results([post])).toEqual(['ok']);
    expect(await balanceOf(customer)).toEqual(bal(0n, 70n, 0n, 100n));
    expect(await balanceOf(shop)).toEqual(bal(0n, 0n, 0n, 70n));
    expect(await results([post])).toEqual(['exists']);
    expect(await w.ledger.getTransfer(post.id)).toMatchObject({ kind: 'post_pending', pendingId: hold.id, amountFen: 70n });
  });

  it('posting part releases the remainder', async () => {
    const { customer, shop } = await funded(100n);
    const hold = move(customer, shop, 70n, { pending: { timeoutSeconds: 3600 } });
    await w.ledger.transfer(w.db, hold);
    expect(await results([move(customer, shop, 70n, { postPendingId: hold.id, amountToPost: 71n })])).toEqual([
      'exceeds_pending_transfer_amount',
    ]);
    const post = move(customer, shop, 70n, { postPendingId: hold.id, amountToPost: 45n });
    expect(await results([post])).toEqual(['ok']);
    expect(await balanceOf(customer)).toEqual(bal(0n, 45n, 0n, 100n));
    expect(await balanceOf(shop)).toEqual(bal(0n, 0n, 0n, 45n));
    expect(await results([{ ...post, amountToPost: 46n }])).toEqual(['exists_with_different_fields']);
    expect(await results([post])).toEqual(['exists']);
  });

  it('voiding releases the whole reservation', async () => {
    const { customer, shop } = await funded(100n);
    const hold = move(customer, shop, 70n, { pending: { timeoutSeconds: 3600 } });
    await w.ledger.transfer(w.db, hold);
    expect(await results([move(customer, shop, 70n, { voidPendingId: hold.id, code: 'order.cancelled' })])).toEqual(['ok']);
    expect(await balanceOf(customer)).toEqual(bal(0n, 0n, 0n, 100n));
    expect(await balanceOf(shop)).toEqual(bal(0n, 0n, 0n, 0n));
  });

  it('a pending transfer is resolved once: posted, voided or expired, never twice', async () => {
    const { customer, shop } = await funded(100n);
    const posted = move(customer, shop, 10n, { pending: { timeoutSeconds: 0 } });
    const voided = move(customer, shop, 10n, { pending: { timeoutSeconds: 0 } });
    await w.ledger.createTransfers(w.db, [posted, voided]);
    await w.ledger.transfer(w.db, move(customer, shop, 10n, { postPendingId: posted.id }));
    await w.ledger.transfer(w.db, move(customer, shop, 10n, { voidPendingId: voided.id }));
    expect(
      await results([
        move(customer, shop, 10n, { postPendingId: posted.id }),
        move(customer, shop, 10n, { voidPendingId: posted.id }),
        move(customer, shop, 10n, { postPendingId: voided.id }),
        move(customer, shop, 10n, { voidPendingId: voided.id }),
      ]),
    ).toEqual([
      'pending_transfer_already_posted',
      'pending_transfer_already_posted',
      'pending_transfer_already_voided',
      'pending_transfer_already_voided',
    ]);
  });

  it('post and void must name a pending transfer exactly', async () => {
    const { bank, customer, shop } = await funded(100n);
    const single = move(customer, shop, 5n);
    const hold = move(customer, shop, 10n, { pending: { timeoutSeconds: 0 } });
    await w.ledger.createTransfers(w.db, [single, hold]);
    expect(
      await results([
        move(customer, shop, 10n, { postPendingId: newId() }),
        move(customer, shop, 5n, { postPendingId: single.id }),
        move(bank, shop, 10n, { postPendingId: hold.id }),
        move(customer, bank, 10n, { voidPendingId: hold.id }),
        move(customer, shop, 9n, { postPendingId: hold.id }),
        move(customer, shop, 10n, { postPendingId: 'nope' }),
      ]),
    ).toEqual([
      'pending_transfer_not_found',
      'pending_transfer_not_pending',
      'pending_transfer_has_different_debit_account',
      'pending_transfer_has_different_credit_account',
      'pending_transfer_has_different_amount',
      'pending_transfer_not_found',
    ]);
  });

  it('a pending transfer can be posted in the same batch that creates it', async () => {
    const { customer, shop } = await funded(100n);
    const hold = move(customer, shop, 40n, { pending: { timeoutSeconds: 60 } });
    expect(await results([hold, move(customer, shop, 40n, { postPendingId: hold.id, amountToPost: 25n })])).toEqual(['ok', 'ok']);
    expect(await balanceOf(customer)).toEqual(bal(0n, 25n, 0n, 100n));
    // Resolved in the batch, so it never entered the expiry queue.
    w.t.clock.advance(120_000);
    expect((await w.ledger.expirePending()).expired).not.toContain(hold.id);
  });
});

describe('expiry', () => {
  it('after the timeout a pending transfer can no longer be posted, and expirePending voids it', async () => {
    const { customer, shop } = await funded(100n);
    const hold = move(customer, shop, 70n, { pending: { timeoutSeconds: 600 } });
    await w.ledger.transfer(w.db, hold);
    w.t.clock.advance(599_000);
    expect((await w.ledger.expirePending()).expired).not.toContain(hold.id);
    w.t.clock.advance(1_000);
    expect(await results([move(customer, shop, 70n, { postPendingId: hold.id })])).toEqual(['pending_transfer_expired']);
    expect(await results([move(customer, shop, 70n, { voidPendingId: hold.id })])).toEqual(['pending_transfer_expired']);
    expect((await w.ledger.expirePending()).expired).toContain(hold.id);
    expect(await balanceOf(customer)).toEqual(bal(0n, 0n, 0n, 100n));
    const expiry = await w.ledger.getTransfer(expiryTransferId(hold.id));
    expect(expiry).toMatchObject({ kind: 'void_pending', pendingId: hold.id, code: EXPIRY_CODE, amountFen: 70n });
    expect(await results([move(customer, shop, 70n, { postPendingId: hold.id })])).toEqual(['pending_transfer_expired']);
    expect((await w.ledger.expirePending()).expired).toEqual([]);
  });

  it('timeout 0 never expires', async () => {
    const { customer, shop } = await funded(100n);
    const hold = move(customer, shop, 70n, { pending: { timeoutSeconds: 0 } });
    await w.ledger.transfer(w.db, hold);
    w.t.clock.advance(400 * 24 * 3600 * 1000);
    expect((await w.ledger.expirePending()).expired).not.toContain(hold.id);
    expect(await results([move(customer, shop, 70n, { postPendingId: hold.id })])).toEqual(['ok']);
  });

  it('concurrent sweeps void each expired transfer once', async () => {
    const { customer, shop } = await funded(100n);
    const holds = [1n, 2n, 3n].map((a) => move(customer, shop, a, { pending: { timeoutSeconds: 1 } }));
    await w.ledger.createTransfers(w.db, holds);
    w.t.clock.advance(2_000);
    const sweeps = await Promise.all([w.ledger.expirePending(), w.ledger.expirePending(), w.ledger.expirePending()]);
    const expired = sweeps.flatMap((s) => s.expired).filter((id) => holds.some((h) => h.id === id));
    expect(expired.sort()).toEqual(holds.map((h) => h.id).sort());
    expect(await balanceOf(customer)).toEqual(bal(0n, 0n, 0n, 100n));
  });
});

describe('linked transfers', () => {
  it('a chain succeeds or fails as a whole; transfers outside it are independent', async () => {
    const { bank, customer, shop } = await funded(100n);
    const { fees } = await openAccounts(w, { fees: 'floor' });
    const before = await transferCount();
    const r = await results([
      move(customer, shop, 90n, { linked: true }),
      move(shop, fees, 5n, { linked: true }),
      move(customer, fees, 20n), // 90 + 20 > 100: fails, and takes the chain with it
      move(bank, customer, 1n),
    ]);
    expect(r).toEqual(['linked_event_failed', 'linked_event_failed', 'exceeds_credits', 'ok']);
    expect(await transferCount()).toBe(before + 1);
    expect(await balanceOf(shop)).toEqual(bal(0n, 0n, 0n, 0n));
    expect(await balanceOf(customer)).toEqual(bal(0n, 0n, 0n, 101n));
  });

  it('transfers after a failure in the chain are not attempted', async () => {
    const { customer, shop } = await funded(100n);
    expect(
      await results([move(customer, shop, 500n, { linked: true }), move(customer, shop, 1n, { linked: true }), move(customer, shop, 1n)]),
    ).toEqual(['exceeds_credits', 'linked_event_failed', 'linked_event_failed']);
  });

  it('later transfers of a chain see the earlier ones', async () => {
    const { bank, customer, shop } = await funded(0n);
    const chain = [move(bank, customer, 50n, { linked: true }), move(customer, shop, 50n)];
    expect(await results(chain)).toEqual(['ok', 'ok']);
    const stored = await Promise.all(chain.map((t) => w.ledger.getTransfer(t.id)));
    expect(stored.map((t) => t?.chainId)).toEqual([chain[0]!.id, chain[0]!.id]);
    expect(stored.map((t) => t?.linked)).toEqual([true, false]);
    // Retrying the committed chain is safe.
    expect(await results(chain)).toEqual(['exists', 'exists']);
  });

  it('a chain left open at the end of the batch fails', async () => {
    const { customer, shop } = await funded(100n);
    expect(await results([move(customer, shop, 1n), move(customer, shop, 1n, { linked: true }), move(customer, shop, 1n, { linked: true })])).toEqual([
      'ok',
      'linked_event_failed',
      'linked_event_chain_open',
    ]);
    expect(await balanceOf(customer)).toEqual(bal(0n, 1n, 0n, 100n));
  });

  it('a chain rolls back pending resolutions too', async () => {
    const { customer, shop } = await funded(100n);
    const hold = move(customer, shop, 60n, { pending: { timeoutSeconds: 0 } });
    await w.ledger.transfer(w.db, hold);
    expect(await results([move(customer, shop, 60n, { postPendingId: hold.id, linked: true }), move(customer, shop, 41n)])).toEqual([
      'linked_event_failed',
      'exceeds_credits',
    ]);
    expect(await balanceOf(customer)).toEqual(bal(60n, 0n, 0n, 100n));
    expect(await results([move(customer, shop, 60n, { voidPendingId: hold.id })])).toEqual(['ok']);
  });
});

describe('account flags', () => {
  it('debits must not exceed credits: the exact balance can be spent, one fen more cannot', async () => {
    const { customer, shop } = await funded(100n);
    expect(await results([move(customer, shop, 101n)])).toEqual(['exceeds_credits']);
    expect(await results([move(customer, shop, 100n)])).toEqual(['ok']);
    expect(await results([move(customer, shop, 1n)])).toEqual(['exceeds_credits']);
  });

  it('credits must not exceed debits', async () => {
    const { bank } = await funded(0n);
    const { clearing } = await openAccounts(w, { clearing: 'ceiling' });
    expect(await results([move(bank, clearing, 1n)])).toEqual(['exceeds_debits']);
    await w.ledger.transfer(w.db, move(clearing, bank, 30n));
    expect(await results([move(bank, clearing, 30n, { pending: { timeoutSeconds: 0 } }), move(bank, clearing, 1n)])).toEqual([
      'ok',
      'exceeds_debits',
    ]);
  });

  it('the database refuses an overdraft even if the service were bypassed', async () => {
    const { customer } = await funded(100n);
    await expect(
      sql`update ledger_accounts set debits_posted = 101 where code = ${customer.code}`.execute(w.db),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('overflowing int8 is a result, not a crash', async () => {
    const { bank, shop } = await funded(0n);
    const max = 2n ** 63n - 1n;
    expect(await results([move(bank, shop, max)])).toEqual(['ok']);
    expect(await results([move(bank, shop, 1n)])).toEqual(['overflows_debits']);
    const { other } = await openAccounts(w, { other: 'free' });
    expect(await results([move(other, shop, 1n)])).toEqual(['overflows_credits']);
  });
});

describe('balance as of a time', () => {
  it('reads the balance right after the last transfer at or before that time', async () => {
    const { bank, customer, shop } = await funded(0n);
    const t0 = w.t.clock.now();
    w.t.clock.advance(1_000);
    await w.ledger.transfer(w.db, move(bank, customer, 100n));
    const t1 = w.t.clock.now();
    w.t.clock.advance(1_000);
    await w.ledger.transfer(w.db, move(customer, shop, 30n, { pending: { timeoutSeconds: 0 } }));
    const t2 = w.t.clock.now();
    w.t.clock.advance(1_000);
    await w.ledger.transfer(w.db, move(customer, shop, 20n));
    expect(await w.ledger.balance(customer.code, { asOf: new Date(t0.getTime() - 1) })).toEqual(bal(0n, 0n, 0n, 0n));
    expect(await w.ledger.balance(customer.code, { asOf: t0 })).toEqual(bal(0n, 0n, 0n, 0n));
    expect(await w.ledger.balance(customer.code, { asOf: t1 })).toEqual(bal(0n, 0n, 0n, 100n));
    expect(await w.ledger.balance(customer.code, { asOf: new Date(t2.getTime() + 999) })).toEqual(bal(30n, 0n, 0n, 100n));
    expect(await w.ledger.balance(customer.code, { asOf: w.t.clock.now() })).toEqual(bal(30n, 20n, 0n, 100n));
    expect(await w.ledger.balance(shop.code, { asOf: t2 })).toEqual(bal(0n, 0n, 30n, 0n));
  });

  it('time never runs backwards per account, even when the clock does', async () => {
    const { bank, customer } = await funded(0n);
    await w.ledger.transfer(w.db, move(bank, customer, 1n));
    const first = (await w.ledger.history(customer.code)).items[0]!.postedAt;
    w.t.clock.advance(-60_000);
    await w.ledger.transfer(w.db, move(bank, customer, 2n));
    const items = (await w.ledger.history(customer.code)).items;
    expect(items[0]!.amountFen).toBe(2n);
    expect(items[0]!.postedAt.getTime()).toBeGreaterThanOrEqual(first.getTime());
    expect(await w.ledger.balance(customer.code, { asOf: items[0]!.postedAt })).toEqual(bal(0n, 0n, 0n, 3n));
    w.t.clock.advance(60_000);
  });
});

describe('history', () => {
  it('lists an account’s transfers newest first with the balance after each, page by page', async () => {
    const { bank, customer, shop } = await funded(0n);
    for (let i = 1n; i <= 5n; i++) {
      await w.ledger.transfer(w.db, move(bank, customer, i * 10n));
      w.t.clock.advance(10);
    }
    await w.ledger.transfer(w.db, move(customer, shop, 15n));
    const p1 = await w.ledger.history(customer.code, { limit: 4 });
    expect(p1.items.map((e) => [e.side, e.amountFen, e.balanceAfter.creditsPosted - e.balanceAfter.debitsPosted])).toEqual([
      ['debit', 15n, 135n],
      ['credit', 50n, 150n],
      ['credit', 40n, 100n],
      ['credit', 30n, 60n],
    ]);
    expect(p1.nextCursor).not.toBeNull();
    const p2 = await w.ledger.history(customer.code, { limit: 4, cursor: p1.nextCursor });
    expect(p2.items.map((e) => e.amountFen)).toEqual([20n, 10n]);
    expect(p2.nextCursor).toBeNull();
    await expect(w.ledger.history(customer.code, { cursor: 'garbage' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(w.ledger.history(customer.code, { limit: 501 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('append-only history', () => {
  it('the database refuses to update, delete or truncate transfers', async () => {
    const { bank, customer } = await funded(0n);
    const t = move(bank, customer, 5n);
    await w.ledger.transfer(w.db, t);
    await expect(sql`update ledger_transfers set amount_fen = 6 where id = ${t.id}`.execute(w.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from ledger_transfers where id = ${t.id}`.execute(w.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate ledger_transfers cascade`.execute(w.db)).rejects.toThrow(/append-only/);
    expect((await w.ledger.getTransfer(t.id))?.amountFen).toBe(5n);
  });

  it('accounts cannot be deleted or renamed; only balances move', async () => {
    const { customer } = await funded(0n);
    await expect(sql`delete from ledger_accounts where code = ${customer.code}`.execute(w.db)).rejects.toThrow(/only balances/);
    await expect(sql`update ledger_accounts set code = 'renamed' where code = ${customer.code}`.execute(w.db)).rejects.toThrow(
      /only balances/,
    );
    await expect(
      sql`update ledger_accounts set debits_must_not_exceed_credits = false where code = ${customer.code}`.execute(w.db),
    ).rejects.toThrow(/only balances/);
  });
});

describe('check', () => {
  it('reports balanced books, and a stored balance that the transfers do not explain', async () => {
    const { bank, customer } = await funded(100n);
    const clean = await w.ledger.check();
    expect(clean).toMatchObject({ balanced: true, mismatches: [] });
    expect(clean.debitsPosted).toBe(clean.creditsPosted);
    expect(clean.transfers).toBe(await transferCount());
    // Tamper with a balance behind the service's back, then put it back.
    await sql`update ledger_accounts set credits_posted = credits_posted + 1 where code = ${customer.code}`.execute(w.db);
    const tampered = await w.ledger.check();
    expect(tampered.balanced).toBe(false);
    expect(tampered.mismatches).toEqual([
      { code: customer.code, field: 'creditsPosted', source: 'sum_of_transfers', stored: 101n, computed: 100n },
      { code: customer.code, field: 'creditsPosted', source: 'last_transfer', stored: 101n, computed: 100n },
    ]);
    await sql`update ledger_accounts set credits_posted = credits_posted - 1 where code = ${customer.code}`.execute(w.db);
    expect((await w.ledger.check()).mismatches).toEqual([]);
    expect(bank.code).toContain('bank');
  });
});

describe('transactions', () => {
  it('transfers join the caller’s transaction and roll back with it', async () => {
    const { customer, shop } = await funded(100n);
    const t = move(customer, shop, 40n);
    await expect(
      inTransaction(w.db, async (tx) => {
        await w.ledger.transfer(tx, t);
        expect(await w.ledger.balance(customer.code, { db: tx })).toEqual(bal(0n, 40n, 0n, 100n));
        throw new Error('use case failed after paying');
      }),
    ).rejects.toThrow('use case failed');
    expect(await balanceOf(customer)).toEqual(bal(0n, 0n, 0n, 100n));
    expect(await w.ledger.getTransfer(t.id)).toBeNull();
  });
});
