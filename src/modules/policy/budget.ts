/**
 * The programme budget (四(五): 10,000,000 yuan a year) is a ledger account, so "never
 * overspent" is the ledger's floor rule, not a check in this module:
 *
 *   allocate   fiscal_appropriation:<year> → subsidy_budget:<year>           subsidy.allocated
 *   pay        subsidy_budget:<year> → subsidy_payable:<enterpriseId>        subsidy.paid
 *   reserve    the same, pending (first approval of an amount that needs a second officer)
 *   confirm    post the reservation                                            subsidy.confirmed
 *   reject     void the reservation                                            subsidy.released
 *
 * `subsidy_budget:<year>` may not be debited beyond its credits (posted + pending debits), so
 * concurrent approvals that together exceed the budget cannot all succeed.
 */
import type { Db } from '../../db/connect.ts';
import { inTransaction, type Executor } from '../../db/transaction.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, CommonErrors } from '../../kernel/errors.ts';
import { uuidv7 } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/index.ts';
import { isBureau, type Actor } from '../identity/index.ts';
import { LedgerAccounts, transferError, type AccountSpec, type LedgerService, type TransferInput, type TransferResult } from '../ledger/index.ts';
import { PolicyErrors } from './errors.ts';

export const fiscalAppropriation = (year: number): AccountSpec => ({ code: `fiscal_appropriation:${year}`, kind: 'asset' });
export const subsidyPayable = (enterpriseId: string): AccountSpec => ({
  code: `subsidy_payable:${enterpriseId}`,
  kind: 'liability',
  flags: { debitsMustNotExceedCredits: true },
});

/** Which application's money moves, between which budget year and enterprise. */
interface Movement {
  transferId: string;
  year: number;
  enterpriseId: string;
  amountFen: bigint;
  applicationId: string;
}

export interface BudgetStatus {
  year: number;
  allocatedFen: bigint;
  paidFen: bigint;
  reservedFen: bigint;
  remainingFen: bigint;
}

export class BudgetService {
  constructor(
    private readonly db: Db,
    private readonly deps: { ledger: LedgerService; audit: AuditService; clock: Clock },
  ) {}

  async status(year: number, executor: Executor = this.db): Promise<BudgetStatus> {
    const account = await this.deps.ledger.findAccount(LedgerAccounts.subsidyBudget(year).code, { db: executor });
    if (!account) return { year, allocatedFen: 0n, paidFen: 0n, reservedFen: 0n, remainingFen: 0n };
    return {
      year,
      allocatedFen: account.creditsPosted,
      paidFen: account.debitsPosted,
      reservedFen: account.debitsPending,
      remainingFen: account.creditsPosted - account.debitsPosted - account.debitsPending,
    };
  }

  /** Add money to a year's budget (the district's appropriation). Bureau only. */
  async allocate(actor: Actor, input: { year: number; amountFen: bigint; reference: string }, executor: Executor = this.db): Promise<BudgetStatus> {
    if (!isBureau(actor)) throw new AppError(CommonErrors.FORBIDDEN);
    if (input.amountFen <= 0n) throw new AppError(PolicyErrors.AMOUNT_NOT_POSITIVE);
    return inTransaction(executor, async (tx) => {
      await this.deps.ledger.ensureAccount(tx, fiscalAppropriation(input.year));
      await this.deps.ledger.ensureAccount(tx, LedgerAccounts.subsidyBudget(input.year));
      const id = uuidv7();
      const result = await this.deps.ledger.transfer(tx, {
        id,
        debitAccount: fiscalAppropriation(input.year).code,
        creditAccount: LedgerAccounts.subsidyBudget(input.year).code,
        amountFen: input.amountFen,
        code: 'subsidy.allocated',
        userData: { reference: input.reference, by: actor.userId },
      });
      if (result.result !== 'ok') throw transferError(result);
      await this.deps.audit.record(tx, {
        actor: { userId: actor.userId, displayName: actor.displayName },
        subjectType: 'subsidy_budget',
        subjectId: String(input.year),
        action: 'subsidy_budget.allocated',
        after: { amountFen: input.amountFen, reference: input.reference, transferId: id },
      });
      return this.status(input.year, tx);
    });
  }

  /** Move an approved amount from the budget to what the enterprise is owed; pending when `reserve`. */
  async pay(
    tx: Executor,
    p: Movement & { reserve: boolean },
  ): Promise<void> {
    await this.ensureBudgetExists(tx, p.year);
    await this.deps.ledger.ensureAccount(tx, subsidyPayable(p.enterpriseId));
    await this.move(tx, p, {
      ...(p.reserve ? { pending: { timeoutSeconds: 0 } } : {}),
      code: p.reserve ? 'subsidy.reserved' : 'subsidy.paid',
    });
  }

  async confirm(tx: Executor, p: Movement & { reservationId: string }): Promise<void> {
    await this.move(tx, p, { postPendingId: p.reservationId, code: 'subsidy.confirmed' });
  }

  async release(tx: Executor, p: Movement & { reservationId: string }): Promise<void> {
    await this.move(tx, p, { voidPendingId: p.reservationId, code: 'subsidy.released' });
  }

  /** One transfer budget → payable (single, pending, post or void), refused as BUDGET_EXCEEDED past the floor. */
  private async move(tx: Executor, p: Movement, how: Pick<TransferInput, 'code' | 'pending' | 'postPendingId' | 'voidPendingId'>): Promise<void> {
    const [result] = await this.deps.ledger.createTransfers(tx, [
      {
        id: p.transferId,
        debitAccount: LedgerAccounts.subsidyBudget(p.year).code,
        creditAccount: subsidyPayable(p.enterpriseId).code,
        amountFen: p.amountFen,
        ...how,
        userData: { applicationId: p.applicationId, enterpriseId: p.enterpriseId },
      },
    ]);
    this.check(result);
  }

  private async ensureBudgetExists(tx: Executor, year: number): Promise<void> {
    const status = await this.status(year, tx);
    if (status.allocatedFen === 0n) throw new AppError(PolicyErrors.BUDGET_NOT_ALLOCATED, { extra: { budgetYear: year } });
  }

  private check(result: TransferResult | undefined): void {
    if (!result) throw new Error('one transfer in, no result out');
    if (result.result === 'ok' || result.result === 'exists') return;
    if (result.result === 'exceeds_credits') throw new AppError(PolicyErrors.BUDGET_EXCEEDED);
    throw transferError(result);
  }
}
