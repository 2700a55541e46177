/**
 * Subsidy applications from submission to payment (四(二), 四(五), 四(七)).
 *
 *   submitted ──approve──▶ paid                          amount ≤ threshold: paid at once
 *       │          └─────▶ awaiting_confirmation ──confirm (another officer)──▶ paid
 *       │                          └──reject──▶ rejected (reservation released)
 *       └──reject──▶ rejected
 *
 * Every approval recomputes the amount from the platform's facts as they are now plus the
 * entered facts, so what is paid is what the trace explains. In the approval's transaction:
 * the benefit keys are claimed (primary key = "not paid twice"), an annual quota is counted, and
 * the budget is debited in the ledger (floor = "never overspent"). Any refusal rolls back all.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { inTransaction, type Executor, type Tx } from '../../db/transaction.ts';
import { beijingDate, beijingYear, type Clock } from '../../kernel/clock.ts';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.ts';
import { AppError, CommonErrors, isAppError } from '../../kernel/errors.ts';
import { derivedId, isUuid, uuidv7 } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/index.ts';
import { holdsScope, isBureau, type Actor } from '../identity/index.ts';
import type { BudgetService } from './budget.ts';
import { PolicyErrors } from './errors.ts';
import { factsToJson, type PlatformFacts } from './platform-facts.ts';
import type { PolicyParameters } from './parameters.ts';
import { calculate, getProgramme, PLATFORM_FACT_NAMES, programmeDefinition, unknownProgramme, type Calculation, type ProgrammeInfo } from './rules/index.ts';
import { q, type ApplicationRow } from './store.ts';

export type ApplicationStatus = 'submitted' | 'awaiting_confirmation' | 'paid' | 'rejected';

export interface EvidenceLink {
  fact: string;
  evidenceId: string;
}

export interface SubsidyApplication {
  id: string;
  applicationNo: string;
  programme: string;
  programmeName: { zh: string; en: string };
  year: number;
  enterpriseId: string;
  enterpriseName: string;
  origin: 'applicant' | 'bureau_run';
  status: ApplicationStatus;
  enteredFacts: Record<string, unknown>;
  platformFacts: Record<string, unknown>;
  evidence: EvidenceLink[];
  amountFen: bigint;
  eligible: boolean;
  trace: unknown[];
  benefitKeys: string[];
  budgetYear: number | null;
  needsConfirmation: boolean;
  submittedAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  rejectedBy: string | null;
  rejectedAt: Date | null;
  rejectionReason: string | null;
  paidAt: Date | null;
}

export interface ApplyInput {
  enterpriseId: string;
  programme: string;
  year: number;
  facts: Record<string, unknown>;
  evidence?: EvidenceLink[];
}

export type Decision = { action: 'approve'; facts?: Record<string, unknown> } | { action: 'confirm' } | { action: 'reject'; reason: string };

const PAGE_MAX = 100;
/** First trace step of an application whose amount waits for the bureau's facts. */
export const AWAITING_BUREAU = 'awaitingBureauFacts';


export class ApplicationsService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      audit: AuditService;
      budget: BudgetService;
      facts: PlatformFacts;
      parameters: PolicyParameters;
      enterpriseNames: (ids: string[]) => Promise<Map<string, string>>;
      clock: Clock;
      confirmThresholdFen: bigint;
    },
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  /** Calculates a programme for one enterprise: platform facts now, plus the facts entered. */
  async calculateFor(executor: Executor, enterpriseId: string, programme: string, year: number, entered: Record<string, unknown>) {
    const known = await this.deps.facts.forEnterprise(executor, year, enterpriseId);
    if (!known) throw new AppError(PolicyErrors.ENTERPRISE_NOT_ELIGIBLE_TO_APPLY);
    const overrides = await this.deps.parameters.overrides(executor);
    // Every programme takes all platform facts and ignores those it does not use.
    const calculation = calculate(programme, year, { ...known.facts, ...entered }, overrides);
    return { calculation, platformFacts: known.facts, enterpriseName: known.profile.name };
  }

  // ----------------------------------------------------------------- submit

  async apply(actor: Actor, input: ApplyInput, requestId?: string): Promise<SubsidyApplication> {
    const bureau = isBureau(actor);
    if (!bureau && !holdsScope(actor, 'enterprise', input.enterpriseId, 'merchant')) throw new AppError(CommonErrors.FORBIDDEN);
    const programme = requireProgramme(input.programme);
    checkEnteredFacts(programme, input.facts, bureau);
    const evidence = input.evidence ?? [];
    if (!bureau) {
      const missing = programme.facts
        .filter((f) => f.evidence && f.source !== 'platform' && input.facts[f.name] !== undefined)
        .filter((f) => !evidence.some((e) => e.fact === f.name))
        .map((f) => f.name);
      if (missing.length > 0) throw evidenceMissing(missing);
    }
    const row = await inTransaction(this.db, async (tx) => {
      await this.checkEvidence(tx, input.enterpriseId, evidence);
      const { calculation, platformFacts } = await this.calculateOrAwaitBureau(tx, programme, input, bureau);
      if (calculation.trace[0]?.step === AWAITING_BUREAU) {
        // Computed when an officer supplies the bureau's facts at approval.
      } else if (!calculation.eligible || calculation.amountFen <= 0n) {
        throw refusal(calculation);
      }
      const open = await q(tx)
        .selectFrom('subsidy_applications')
        .select('id')
        .where('enterprise_id', '=', input.enterpriseId)
        .where('programme', '=', input.programme)
        .where('year', '=', input.year)
        .where('status', 'in', ['submitted', 'awaiting_confirmation'])
        .executeTakeFirst();
      if (open) throw new AppError(PolicyErrors.APPLICATION_OPEN, { extra: { applicationId: open.id } });
      return this.insert(tx, actor, {
        enterpriseId: input.enterpriseId,
        programme: input.programme,
        year: input.year,
        origin: bureau ? 'bureau_run' : 'applicant',
        entered: input.facts,
        evidence,
        platformFacts,
        calculation,
        requestId,
      });
    });
    return (await this.views([row]))[0]!;
  }

  /**
   * An applicant cannot know the facts only the bureau enters (its selection, whether a similar
   * city award was paid …). When nothing else is missing, the application is accepted with the
   * amount still open: the officer supplies those facts when approving.
   */
  private async calculateOrAwaitBureau(tx: Tx, programme: ProgrammeInfo, input: ApplyInput, bureau: boolean) {
    try {
      return await this.calculateFor(tx, input.enterpriseId, input.programme, input.year, input.facts);
    } catch (e) {
      if (bureau || !isAppError(e) || e.code !== 'MISSING_FACT') throw e;
      const missing = (e.extra?.fields as string[] | undefined) ?? [];
      const bureauFacts = new Set(programme.facts.filter((f) => f.source === 'bureau').map((f) => f.name));
      if (missing.length === 0 || !missing.every((m) => bureauFacts.has(m))) throw e;
      const known = await this.deps.facts.forEnterprise(tx, input.year, input.enterpriseId);
      const calculation: Calculation = {
        programme: input.programme,
        year: input.year,
        asOf: `${input.year}-01-01`,
        eligible: false,
        amountFen: 0n,
        benefitKeys: [],
        trace: [
          {
            step: AWAITING_BUREAU,
            label: { zh: '待区商务局补充事实后计算', en: 'Computed once the bureau supplies its facts' },
            value: missing.join(', '),
            unit: 'facts',
            kind: 'condition',
          },
        ],
      };
      return { calculation, platformFacts: known!.facts, enterpriseName: known!.profile.name };
    }
  }

  /** Inserts a submitted application (also used by the bureau's eligibility run). */
  async insert(
    tx: Tx,
    actor: Actor,
    a: {
      enterpriseId: string;
      programme: string;
      year: number;
      origin: 'applicant' | 'bureau_run';
      entered: Record<string, unknown>;
      evidence: EvidenceLink[];
      platformFacts: Record<string, unknown>;
      calculation: Calculation;
      requestId?: string | undefined;
    },
  ): Promise<ApplicationRow> {
    const now = this.now();
    const id = uuidv7();
    const row = await q(tx)
      .insertInto('subsidy_applications')
      .values({
        id,
        application_no: applicationNo(now),
        programme: a.programme,
        year: a.year,
        enterprise_id: a.enterpriseId,
        origin: a.origin,
        status: 'submitted',
        entered_facts: JSON.stringify(factsToJson(a.entered)),
        platform_facts: JSON.stringify(factsToJson(a.platformFacts)),
        evidence: JSON.stringify(a.evidence),
        amount_fen: a.calculation.amountFen,
        eligible: a.calculation.eligible,
        trace: JSON.stringify(a.calculation.trace),
        benefit_keys: a.calculation.benefitKeys,
        quota_key: a.calculation.annualQuota?.key ?? null,
        submitted_by: actor.userId,
        submitted_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.deps.audit.record(tx, {
      actor: { userId: actor.userId, displayName: actor.displayName },
      subjectType: 'subsidy_application',
      subjectId: id,
      action: 'subsidy_application.submitted',
      after: { programme: a.programme, year: a.year, enterpriseId: a.enterpriseId, amountFen: a.calculation.amountFen, origin: a.origin },
      requestId: a.requestId,
    });
    return row;
  }

  // ----------------------------------------------------------------- review

  async decide(actor: Actor, id: string, decision: Decision, requestId?: string): Promise<SubsidyApplication> {
    if (!isBureau(actor)) throw new AppError(CommonErrors.FORBIDDEN);
    if (!isUuid(id)) throw new AppError(PolicyErrors.APPLICATION_NOT_FOUND);
    const row = await inTransaction(this.db, async (tx) => {
      const app = await q(tx).selectFrom('subsidy_applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!app) throw new AppError(PolicyErrors.APPLICATION_NOT_FOUND);
      if (holdsScope(actor, 'enterprise', app.enterprise_id)) throw new AppError(PolicyErrors.OFFICER_CONFLICT);
      switch (decision.action) {
        case 'approve':
          return this.approve(tx, actor, app, decision.facts ?? {}, requestId);
        case 'confirm':
          return this.confirm(tx, actor, app, requestId);
        case 'reject':
          return this.reject(tx, actor, app, decision.reason, requestId);
      }
    });
    return (await this.views([row]))[0]!;
  }

  private async approve(tx: Tx, actor: Actor, app: ApplicationRow, bureauFacts: Record<string, unknown>, requestId?: string): Promise<ApplicationRow> {
    if (app.status !== 'submitted') throw new AppError(PolicyErrors.APPLICATION_NOT_PENDING);
    const programme = requireProgramme(app.programme);
    checkEnteredFacts(programme, bureauFacts, true);
    const entered = { ...(app.entered_facts as Record<string, unknown>), ...bureauFacts };
    const { calculation, platformFacts } = await this.calculateFor(tx, app.enterprise_id, app.programme, app.year, entered);
    // Paid meanwhile under another application → DOUBLE_BENEFIT, as the key conflict below.
    if (!calculation.eligible || calculation.amountFen <= 0n) throw refusal(calculation);
    const now = this.now();
    const amount = calculation.amountFen;

    // 四(七): each benefit once. The primary key decides between concurrent approvals.
    for (const key of calculation.benefitKeys) {
      const claimed = await q(tx)
        .insertInto('subsidy_benefits')
        .values({ enterprise_id: app.enterprise_id, benefit_key: key, application_id: app.id, amount_fen: amount, granted_at: now })
        .onConflict((oc) => oc.doNothing())
        .returning('benefit_key')
        .executeTakeFirst();
      if (!claimed) throw new AppError(PolicyErrors.DOUBLE_BENEFIT, { extra: { benefitKey: key } });
    }
    const quota = calculation.annualQuota;
    if (quota) {
      const counted = await q(tx)
        .insertInto('subsidy_quota_usage')
        .values({ quota_key: quota.key, used: 1 })
        .onConflict((oc) =>
          oc
            .column('quota_key')
            .doUpdateSet((eb) => ({ used: eb('subsidy_quota_usage.used', '+', 1) }))
            .where('subsidy_quota_usage.used', '<', quota.max),
        )
        .returning('used')
        .executeTakeFirst();
      if (!counted || counted.used > quota.max) throw new AppError(PolicyErrors.QUOTA_EXHAUSTED, { extra: { quotaKey: quota.key, max: quota.max } });
    }

    // The budget of the year the payment is made in, as Beijing counts years (not UTC's).
    const budgetYear = beijingYear(now);
    const needsConfirmation = amount > this.deps.confirmThresholdFen;
    const transferId = derivedId(needsConfirmation ? 'subsidy-reserve' : 'subsidy-pay', app.id);
    await this.deps.budget.pay(tx, { transferId, year: budgetYear, enterpriseId: app.enterprise_id, amountFen: amount, applicationId: app.id, reserve: needsConfirmation });

    const updated = await q(tx)
      .updateTable('subsidy_applications')
      .set({
        status: needsConfirmation ? 'awaiting_confirmation' : 'paid',
        entered_facts: JSON.stringify(factsToJson(entered)),
        platform_facts: JSON.stringify(factsToJson(platformFacts)),
        amount_fen: amount,
        eligible: true,
        trace: JSON.stringify(calculation.trace),
        benefit_keys: calculation.benefitKeys,
        quota_key: quota?.key ?? null,
        budget_year: budgetYear,
        approved_by: actor.userId,
        approved_at: now,
        ...(needsConfirmation ? { reservation_id: transferId } : { payment_id: transferId, paid_at: now }),
        updated_at: now,
      })
      .where('id', '=', app.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.audit(tx, actor, app, needsConfirmation ? 'subsidy_application.approved' : 'subsidy_application.paid', updated, requestId);
    return updated;
  }

  private async confirm(tx: Tx, actor: Actor, app: ApplicationRow, requestId?: string): Promise<ApplicationRow> {
    if (app.status !== 'awaiting_confirmation') throw new AppError(PolicyErrors.APPLICATION_NOT_PENDING);
    if (app.approved_by === actor.userId) throw new AppError(PolicyErrors.SAME_OFFICER);
    const now = this.now();
    const paymentId = derivedId('subsidy-confirm', app.id);
    await this.deps.budget.confirm(tx, {
      transferId: paymentId,
      reservationId: app.reservation_id!,
      year: app.budget_year!,
      enterpriseId: app.enterprise_id,
      amountFen: app.amount_fen,
      applicationId: app.id,
    });
    const updated = await q(tx)
      .updateTable('subsidy_applications')
      .set({ status: 'paid', confirmed_by: actor.userId, confirmed_at: now, payment_id: paymentId, paid_at: now, updated_at: now })
      .where('id', '=', app.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.audit(tx, actor, app, 'subsidy_application.paid', updated, requestId);
    return updated;
  }

  private async reject(tx: Tx, actor: Actor, app: ApplicationRow, reason: string, requestId?: string): Promise<ApplicationRow> {
    if (app.status !== 'submitted' && app.status !== 'awaiting_confirmation') throw new AppError(PolicyErrors.APPLICATION_NOT_PENDING);
    const now = this.now();
    if (app.status === 'awaiting_confirmation') {
      await this.deps.budget.release(tx, {
        transferId: derivedId('subsidy-release', app.id),
        reservationId: app.reservation_id!,
        year: app.budget_year!,
        enterpriseId: app.enterprise_id,
        amountFen: app.amount_fen,
        applicationId: app.id,
      });
      await q(tx).deleteFrom('subsidy_benefits').where('application_id', '=', app.id).execute();
      if (app.quota_key) {
        await q(tx)
          .updateTable('subsidy_quota_usage')
          .set((eb) => ({ used: eb('used', '-', 1) }))
          .where('quota_key', '=', app.quota_key)
          .execute();
      }
    }
    const updated = await q(tx)
      .updateTable('subsidy_applications')
      .set({ status: 'rejected', rejected_by: actor.userId, rejected_at: now, rejection_reason: reason, updated_at: now })
      .where('id', '=', app.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.audit(tx, actor, app, 'subsidy_application.rejected', updated, requestId, reason);
    return updated;
  }

  private async audit(tx: Tx, actor: Actor, before: ApplicationRow, action: string, after: ApplicationRow, requestId?: string, reason?: string) {
    await this.deps.audit.record(tx, {
      actor: { userId: actor.userId, displayName: actor.displayName },
      subjectType: 'subsidy_application',
      subjectId: before.id,
      action,
      before: { status: before.status, amountFen: before.amount_fen },
      after: { status: after.status, amountFen: after.amount_fen, budgetYear: after.budget_year, benefitKeys: after.benefit_keys },
      reason: reason ?? null,
      requestId,
    });
  }

  // ----------------------------------------------------------------- read

  async get(actor: Actor, id: string): Promise<SubsidyApplication> {
    if (!isUuid(id)) throw new AppError(PolicyErrors.APPLICATION_NOT_FOUND);
    const row = await q(this.db).selectFrom('subsidy_applications').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !canSee(actor, row.enterprise_id)) throw new AppError(PolicyErrors.APPLICATION_NOT_FOUND);
    return (await this.views([row]))[0]!;
  }

  async list(
    actor: Actor,
    filter: { status?: ApplicationStatus; enterpriseId?: string; year?: number; cursor?: string; limit?: number },
  ): Promise<{ items: SubsidyApplication[]; nextCursor: string | null }> {
    const limit = Math.min(filter.limit ?? 50, PAGE_MAX);
    let query = q(this.db).selectFrom('subsidy_applications').selectAll();
    if (!isBureau(actor)) {
      const own = actor.memberships.filter((m) => m.scopeType === 'enterprise' && m.role === 'merchant').map((m) => m.scopeId);
      if (filter.enterpriseId && !own.includes(filter.enterpriseId)) return { items: [], nextCursor: null };
      if (own.length === 0) return { items: [], nextCursor: null };
      query = query.where('enterprise_id', 'in', own);
    }
    if (filter.enterpriseId) query = query.where('enterprise_id', '=', filter.enterpriseId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.year) query = query.where('year', '=', filter.year);
    if (filter.cursor) query = query.where('id', '<', decodeCursor(filter.cursor, isUuid));
    const rows = await query.orderBy('id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    return { items: await this.views(page), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
  }

  /** Paid awards of a budget year, for the public notice (公示). */
  async paidAwards(budgetYear: number): Promise<SubsidyApplication[]> {
    const rows = await q(this.db)
      .selectFrom('subsidy_applications')
      .selectAll()
      .where('status', '=', 'paid')
      .where('budget_year', '=', budgetYear)
      .orderBy('paid_at')
      .execute();
    return this.views(rows);
  }

  /** Open applications and granted benefits of one enterprise, for its "what can I get" page. */
  async standing(executor: Executor, enterpriseId: string, year: number) {
    const [apps, benefits] = await Promise.all([
      q(executor)
        .selectFrom('subsidy_applications')
        .select(['id', 'programme', 'status', 'amount_fen'])
        .where('enterprise_id', '=', enterpriseId)
        .where('year', '=', year)
        .orderBy('id', 'desc')
        .execute(),
      q(executor).selectFrom('subsidy_benefits').select(['benefit_key', 'amount_fen', 'granted_at']).where('enterprise_id', '=', enterpriseId).execute(),
    ]);
    return { applications: apps, benefits };
  }

  /** `enterpriseId|programme` of applications for `year` that are open or paid (not rejected). */
  async existingFor(executor: Executor, year: number, enterpriseIds: string[]): Promise<Set<string>> {
    if (enterpriseIds.length === 0) return new Set();
    const rows = await q(executor)
      .selectFrom('subsidy_applications')
      .select(['enterprise_id', 'programme'])
      .where('year', '=', year)
      .where('status', '<>', 'rejected')
      .where('enterprise_id', 'in', enterpriseIds)
      .execute();
    return new Set(rows.map((r) => `${r.enterprise_id}|${r.programme}`));
  }

  /** Refuses (403) anyone but the bureau and the enterprise's merchants; call before storing the file. */
  checkCanAddEvidence(actor: Actor, enterpriseId: string): void {
    if (!canSee(actor, enterpriseId)) throw new AppError(CommonErrors.FORBIDDEN);
  }

  /** Stores an uploaded proof for one of the enterprise's facts; returns its id. */
  async addEvidence(
    actor: Actor,
    enterpriseId: string,
    file: { storageKey: string; fileName: string; contentType: string; sizeBytes: number },
  ): Promise<string> {
    this.checkCanAddEvidence(actor, enterpriseId);
    const id = uuidv7();
    await q(this.db)
      .insertInto('subsidy_evidence')
      .values({
        id,
        enterprise_id: enterpriseId,
        storage_key: file.storageKey,
        file_name: file.fileName,
        content_type: file.contentType,
        size_bytes: file.sizeBytes,
        uploaded_by: actor.userId,
        uploaded_at: this.now(),
      })
      .execute();
    return id;
  }

  /** An evidence file's storage key, for those allowed to see the enterprise's applications. */
  async evidenceFile(actor: Actor, id: string): Promise<{ storageKey: string; fileName: string; contentType: string }> {
    if (!isUuid(id)) throw new AppError(PolicyErrors.EVIDENCE_NOT_FOUND);
    const row = await q(this.db).selectFrom('subsidy_evidence').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !canSee(actor, row.enterprise_id)) throw new AppError(CommonErrors.NOT_FOUND);
    return { storageKey: row.storage_key, fileName: row.file_name, contentType: row.content_type };
  }

  private async checkEvidence(tx: Tx, enterpriseId: string, evidence: EvidenceLink[]): Promise<void> {
    if (evidence.length === 0) return;
    const ids = [...new Set(evidence.map((e) => e.evidenceId))];
    if (!ids.every(isUuid)) throw new AppError(PolicyErrors.EVIDENCE_NOT_FOUND);
    const rows = await q(tx).selectFrom('subsidy_evidence').select('id').where('id', 'in', ids).where('enterprise_id', '=', enterpriseId).execute();
    if (rows.length !== ids.length) throw new AppError(PolicyErrors.EVIDENCE_NOT_FOUND);
  }

  private async views(rows: ApplicationRow[]): Promise<SubsidyApplication[]> {
    const names = await this.deps.enterpriseNames([...new Set(rows.map((r) => r.enterprise_id))]);
    return rows.map((r) => {
      const programme = programmeDefinition(r.programme);
      return {
        id: r.id,
        applicationNo: r.application_no,
        programme: r.programme,
        programmeName: programme?.name ?? { zh: r.programme, en: r.programme },
        year: r.year,
        enterpriseId: r.enterprise_id,
        enterpriseName: names.get(r.enterprise_id) ?? '',
        origin: r.origin as SubsidyApplication['origin'],
        status: r.status as ApplicationStatus,
        enteredFacts: r.entered_facts as Record<string, unknown>,
        platformFacts: r.platform_facts as Record<string, unknown>,
        evidence: r.evidence as EvidenceLink[],
        amountFen: r.amount_fen,
        eligible: r.eligible,
        trace: r.trace as unknown[],
        benefitKeys: r.benefit_keys,
        budgetYear: r.budget_year,
        needsConfirmation: r.amount_fen > this.deps.confirmThresholdFen,
        submittedAt: r.submitted_at,
        approvedBy: r.approved_by,
        approvedAt: r.approved_at,
        confirmedBy: r.confirmed_by,
        confirmedAt: r.confirmed_at,
        rejectedBy: r.rejected_by,
        rejectedAt: r.rejected_at,
        rejectionReason: r.rejection_reason,
        paidAt: r.paid_at,
      };
    });
  }
}

// ------------------------------------------------------------------- helpers

function canSee(actor: Actor, enterpriseId: string): boolean {
  return isBureau(actor) || holdsScope(actor, 'enterprise', enterpriseId, 'merchant');
}

function applicationNo(now: Date): string {
  const d = beijingDate(now).replace(/-/g, '');
  return `BT${d}${crypto.randomInt(0, 1_000_000).toString().padStart(6, '0')}`;
}

export function requireProgramme(id: string): ProgrammeInfo {
  const programme = getProgramme(id);
  if (!programme) throw unknownProgramme(id);
  return programme;
}

/** Applicants enter applicant facts; the bureau may also enter bureau facts; nobody enters platform facts. */
function checkEnteredFacts(programme: ProgrammeInfo, facts: Record<string, unknown>, bureau: boolean): void {
  for (const name of Object.keys(facts)) {
    const def = programme.facts.find((f) => f.name === name);
    if (!def) continue; // the calculator names unknown facts
    if (def.source === 'platform' || PLATFORM_FACT_NAMES.includes(name)) {
      throw new AppError(PolicyErrors.FACT_FROM_PLATFORM, { fieldErrors: [fieldError(name, 'FACT_FROM_PLATFORM')] });
    }
    if (def.source === 'bureau' && !bureau) throw new AppError(PolicyErrors.FACT_FOR_BUREAU, { fieldErrors: [fieldError(name, 'FACT_FOR_BUREAU')] });
  }
}

function fieldError(name: string, code: 'FACT_FROM_PLATFORM' | 'FACT_FOR_BUREAU' | 'EVIDENCE_MISSING') {
  const text = {
    FACT_FROM_PLATFORM: { zh: '由平台数据得出', en: 'comes from platform data' },
    FACT_FOR_BUREAU: { zh: '只能由区商务局填写', en: 'entered by the bureau only' },
    EVIDENCE_MISSING: { zh: '需要上传证明材料', en: 'needs an uploaded proof' },
  }[code];
  return { field: `/facts/${name}`, code, message: text };
}

function evidenceMissing(names: string[]): AppError {
  return new AppError(PolicyErrors.EVIDENCE_MISSING, { fieldErrors: names.map((n) => fieldError(n, 'EVIDENCE_MISSING')) });
}

/** Why a calculation pays nothing, with its trace: already paid (四(七)) or not eligible. */
function refusal(calculation: Calculation): AppError {
  const code = calculation.trace.some((s) => s.step === 'priorBenefitExclusion') ? PolicyErrors.DOUBLE_BENEFIT : PolicyErrors.NOT_ELIGIBLE;
  return new AppError(code, { extra: { trace: calculation.trace } });
}
