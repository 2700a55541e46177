/**
 * Account code conventions. A code is the account's stable human key: a lowercase name,
 * optionally followed by `:`-separated qualifiers (a shop id, a user id, a year, a channel).
 *
 * | code                         | kind      | floor                         | holds                                  |
 * | ---------------------------- | --------- | ----------------------------- | -------------------------------------- |
 * | `bank_clearing:<channel>`    | asset     | credits ≤ debits              | money at a payment channel (mobile_qr…) |
 * | `escrow`                     | liability | debits ≤ credits              | buyers' payments until delivery         |
 * | `merchant_payable:<shopId>`  | liability | debits ≤ credits              | what the platform owes a shop           |
 * | `customer:<userId>`          | liability | debits ≤ credits              | a customer's stored balance             |
 * | `platform_fees`              | revenue   | debits ≤ credits              | commission earned                       |
 * | `subsidy_budget:<year>`      | liability | debits ≤ credits              | the bureau's subsidy funds for a year   |
 *
 * The floors are what makes "never negative" a ledger rule instead of a hope: a payout from a
 * shop's payable, a refund from escrow or a subsidy beyond the budget is refused (exceeds_credits).
 */
import type { AccountSpec } from './types.ts';

const QUALIFIER_RE = /^[A-Za-z0-9_.-]+$/;

function qualified(name: string, qualifier: string | number): string {
  const q = String(qualifier);
  if (!QUALIFIER_RE.test(q)) throw new RangeError(`invalid account qualifier for ${name}: ${q}`);
  return `${name}:${q}`;
}

const liabilityWithFloor = { debitsMustNotExceedCredits: true } as const;

export const LedgerAccounts = {
  bankClearing: (channel: string): AccountSpec => ({
    code: qualified('bank_clearing', channel),
    kind: 'asset',
    flags: { creditsMustNotExceedDebits: true },
  }),
  escrow: (): AccountSpec => ({ code: 'escrow', kind: 'liability', flags: liabilityWithFloor }),
  merchantPayable: (shopId: string): AccountSpec => ({
    code: qualified('merchant_payable', shopId),
    kind: 'liability',
    flags: liabilityWithFloor,
  }),
  customer: (userId: string): AccountSpec => ({ code: qualified('customer', userId), kind: 'liability', flags: liabilityWithFloor }),
  platformFees: (): AccountSpec => ({ code: 'platform_fees', kind: 'revenue', flags: liabilityWithFloor }),
  subsidyBudget: (year: number): AccountSpec => {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new RangeError(`subsidy year out of range: ${year}`);
    return { code: qualified('subsidy_budget', year), kind: 'liability', flags: liabilityWithFloor };
  },
} as const;

/** Same pattern as the database CHECK on ledger_accounts.code. */
export const ACCOUNT_CODE_RE = /^[a-z][a-z0-9_]*(:[A-Za-z0-9_.-]+)*$/;
export const ACCOUNT_CODE_MAX = 128;
