/** Shared set-up for the ledger's tests: a fresh database, a movable clock, unique accounts. */
import type { Db } from '../../db/connect.ts';
import { uuidv7 } from '../../kernel/ids.ts';
import { testPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { LedgerService } from './service.ts';
import type { Account, AccountFlags, AccountKind, TransferInput } from './types.ts';

export interface LedgerWorld {
  t: TestPlatform;
  db: Db;
  ledger: LedgerService;
  close(): Promise<void>;
}

export async function openLedger(): Promise<LedgerWorld> {
  const t = await testPlatform();
  const db = t.platform.database.db;
  return { t, db, ledger: new LedgerService(db, t.clock), close: () => t.close() };
}

let counter = 0;
/** A code no other test uses, e.g. `customer:t123_7`. */
export function uniqueCode(name: string): string {
  return `${name}:t${process.pid}_${++counter}`;
}

export const newId = (): string => uuidv7();

/** Creates accounts named by role; the flag shorthand `floor` = debits must not exceed credits. */
export async function openAccounts<K extends string>(
  w: LedgerWorld,
  specs: Record<K, { kind?: AccountKind; flags?: AccountFlags } | 'floor' | 'ceiling' | 'free'>,
): Promise<Record<K, Account>> {
  const out = {} as Record<K, Account>;
  for (const [role, spec] of Object.entries(specs) as Array<[K, (typeof specs)[K]]>) {
    const s: { kind?: AccountKind; flags?: AccountFlags } =
      spec === 'floor'
        ? { kind: 'liability', flags: { debitsMustNotExceedCredits: true } }
        : spec === 'ceiling'
          ? { kind: 'asset', flags: { creditsMustNotExceedDebits: true } }
          : spec === 'free'
            ? { kind: 'asset' }
            : spec;
    out[role] = await w.ledger.ensureAccount(w.db, { code: uniqueCode(role), kind: s.kind ?? 'asset', ...(s.flags ? { flags: s.flags } : {}) });
  }
  return out;
}

/** A single transfer between two accounts with a fresh id. */
export function move(from: Account, to: Account, amountFen: bigint, extra: Partial<TransferInput> = {}): TransferInput {
  return { id: newId(), debitAccount: from.code, creditAccount: to.code, amountFen, code: 'test', ...extra };
}
