/**
 * Bureau-set parameter values with history (四(二)): the numbers the source leaves open
 * ("一定交易额", "一定补助资金", the weights of 7 …) are set here by the commerce bureau, each
 * effective from a date, audited, never rewritten. The rules engine merges these rows over the
 * code's defaults (`ParameterOverrides`).
 */
import type { Generated } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { inTransaction, type Executor } from '../../db/transaction.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, CommonErrors } from '../../kernel/errors.ts';
import type { AuditService } from '../audit/index.ts';
import { isBureau, type Actor } from '../identity/index.ts';
import {
  calculate,
  getProgramme,
  listProgrammes,
  mergeHistory,
  parameterDefinition,
  parameterValueProblem,
  POLICY_START,
  programmeDefinition,
  RulesErrors,
  versionAt,
  type Calculation,
  type ParameterInfo,
  type ParameterOverrides,
  type ParameterVersion,
  type ProgrammeInfo,
} from './rules/index.ts';
import { isIsoDate } from './rules/dates.ts';

export type PolicyParameterTables = {
  policy_parameter_values: {
    id: Generated<string>;
    programme: string;
    parameter: string;
    effective_from: string;
    value: unknown;
    reference: string;
    set_by: string;
    set_at: Generated<Date>;
  };
};

export interface SetParameterInput {
  /** `YYYY-MM-DD`: the value applies to calculations whose parameter date (1 January of the year) is on or after it. */
  effectiveFrom: string;
  /** An integer in the parameter's unit (fen, basis points, count, years). */
  value: number;
  /** Why: the bureau's decision, meeting minutes, notice number. */
  reference: string;
}

type StoredVersion = ParameterVersion & { setBy: string; setAt: string };

const LATEST_DATE = '2100-12-31';
const SUBJECT = 'policy_parameter';

function q(db: Executor) {
  return db.withTables<PolicyParameterTables>();
}

export class PolicyParameters {
  constructor(
    private readonly db: Db,
    private readonly deps: { audit: AuditService; clock: Clock },
  ) {}

  private today(): string {
    return this.deps.clock.now().toISOString().slice(0, 10);
  }

  /**
   * Every bureau-set version, by programme and parameter, in the order they were set. Rows for
   * a programme or parameter the code no longer defines, or whose value the definition no
   * longer allows, are left out (they stay in the table and the audit log).
   */
  async overrides(executor: Executor = this.db): Promise<ParameterOverrides> {
    const rows = await q(executor)
      .selectFrom('policy_parameter_values')
      .select(['programme', 'parameter', 'effective_from', 'value', 'reference', 'set_by', 'set_at'])
      .orderBy('id')
      .execute();
    const out: Record<string, Record<string, StoredVersion[]>> = {};
    for (const r of rows) {
      const def = parameterDefinition(r.programme, r.parameter);
      if (!def || parameterValueProblem(def, r.value)) continue;
      const byParam = (out[r.programme] ??= {});
      (byParam[r.parameter] ??= []).push({
        from: r.effective_from,
        value: r.value as number,
        reference: r.reference,
        setBy: r.set_by,
        setAt: r.set_at.toISOString(),
      });
    }
    return out;
  }

  /** All programmes with parameter history (code defaults and bureau rows) and today's values. */
  async programmes(executor: Executor = this.db): Promise<ProgrammeInfo[]> {
    return listProgrammes(await this.overrides(executor), this.today());
  }

  /** One programme; 404 PROGRAMME_NOT_FOUND when there is none. */
  async programme(id: string, executor: Executor = this.db): Promise<ProgrammeInfo> {
    if (!programmeDefinition(id)) throw new AppError(RulesErrors.PROGRAMME_NOT_FOUND, { detail: `no programme ${id}` });
    return getProgramme(id, await this.overrides(executor), this.today())!;
  }

  /** `calculate` with the bureau's parameter values from the database. */
  async calculate(programme: string, year: number, facts: Record<string, unknown>, executor: Executor = this.db): Promise<Calculation> {
    return calculate(programme, year, facts, await this.overrides(executor));
  }

  /**
   * Sets a bureau-set parameter from a date (bureau only), audited in the same transaction.
   * Refuses: 403 FORBIDDEN (not the bureau), 404 PROGRAMME_NOT_FOUND / PARAMETER_NOT_FOUND,
   * 422 PARAMETER_NOT_BUREAU_SET (a figure the source fixes), 422 INVALID_PARAMETER_VALUE.
   */
  async set(
    actor: Actor,
    programme: string,
    parameter: string,
    input: SetParameterInput,
    options: { executor?: Executor; requestId?: string } = {},
  ): Promise<ParameterInfo> {
    if (!isBureau(actor)) throw new AppError(CommonErrors.FORBIDDEN, { detail: 'only the commerce bureau sets programme parameters' });
    const prog = programmeDefinition(programme);
    if (!prog) throw new AppError(RulesErrors.PROGRAMME_NOT_FOUND, { detail: `no programme ${programme}` });
    const def = parameterDefinition(programme, parameter);
    if (!def) throw new AppError(RulesErrors.PARAMETER_NOT_FOUND, { detail: `${programme} has no parameter ${parameter}` });
    if (!def.bureauSet) {
      throw new AppError(RulesErrors.PARAMETER_NOT_BUREAU_SET, { detail: `${programme}.${parameter} is fixed by ${prog.clause.ref}` });
    }
    const fieldErrors = [];
    if (!isIsoDate(input.effectiveFrom) || input.effectiveFrom < POLICY_START || input.effectiveFrom > LATEST_DATE) {
      fieldErrors.push({
        field: '/effectiveFrom',
        code: 'INVALID_PARAMETER_VALUE',
        message: { zh: `生效日期须为 ${POLICY_START} 至 ${LATEST_DATE} 之间的有效日期`, en: `The date must be a valid date from ${POLICY_START} to ${LATEST_DATE}` },
      });
    }
    const problem = parameterValueProblem(def, input.value);
    if (problem) fieldErrors.push({ field: '/value', code: 'INVALID_PARAMETER_VALUE', message: problem });
    const reference = typeof input.reference === 'string' ? input.reference.trim() : '';
    if (reference.length < 1 || reference.length > 500) {
      fieldErrors.push({ field: '/reference', code: 'INVALID_PARAMETER_VALUE', message: { zh: '请写明依据（1 至 500 个字符）', en: 'State the reference (1 to 500 characters)' } });
    }
    if (fieldErrors.length) throw new AppError(RulesErrors.INVALID_PARAMETER_VALUE, { fieldErrors, detail: `${programme}.${parameter}` });

    return inTransaction(options.executor ?? this.db, async (tx) => {
      const before = await this.overrides(tx);
      const previous = versionAt(mergeHistory(def, before[programme]?.[parameter]), input.effectiveFrom);
      await q(tx)
        .insertInto('policy_parameter_values')
        .values({
          programme,
          parameter,
          effective_from: input.effectiveFrom,
          value: JSON.stringify(input.value),
          reference,
          set_by: actor.userId,
          set_at: this.deps.clock.now(),
        })
        .execute();
      await this.deps.audit.record(tx, {
        actor: { userId: actor.userId, displayName: actor.displayName },
        subjectType: SUBJECT,
        subjectId: `${programme}.${parameter}`,
        action: 'policy.parameter.set',
        before: previous ? { effectiveFrom: previous.from, value: previous.value, reference: previous.reference } : null,
        after: { effectiveFrom: input.effectiveFrom, value: input.value, reference },
        reason: reference,
        requestId: options.requestId,
      });
      const info = getProgramme(programme, await this.overrides(tx), this.today())!;
      return info.parameters.find((p) => p.name === parameter)!;
    });
  }
}
