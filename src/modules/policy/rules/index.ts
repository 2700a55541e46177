/**
 * Subsidy programmes as rules-as-code (四(二), 四(四), 四(七)): the public face of the engine.
 *
 *   listProgrammes()                    every programme, JSON-ready, with parameter history
 *   getProgramme(id)                    one of them, or null
 *   calculate(id, year, facts, params)  the amount, eligibility, trace and benefit keys
 *
 * Pure functions: parameter versions the bureau stored in the database are passed in as
 * `ParameterOverrides` (see ../parameters.ts). Money is fen (bigint in `Calculation`).
 */
import { AppError } from '../../../kernel/errors.ts';
import { describeProgramme, runProgramme } from './engine.ts';
import { RulesErrors } from './errors.ts';
import { PROGRAMMES } from './programmes/index.ts';
import type { Calculation, ParameterDef, ParameterOverrides, Programme, ProgrammeInfo } from './types.ts';

export type * from './types.ts';
export { RulesErrors } from './errors.ts';
export { PLATFORM_FACT_NAMES, FIRST_YEAR, LAST_YEAR, POLICY_START } from './common.ts';
export { mergeHistory, versionAt, parameterValueProblem, formatYuanPlain } from './engine.ts';

const BY_ID = new Map(PROGRAMMES.map((p) => [p.id, p]));

/** The programme ids, in the order of the source. */
export const PROGRAMME_IDS: readonly string[] = PROGRAMMES.map((p) => p.id);

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Every programme with its clause, parameters (history and the value in effect on `asOf`) and facts. */
export function listProgrammes(overrides?: ParameterOverrides, asOf: string = today()): ProgrammeInfo[] {
  return PROGRAMMES.map((p) => describeProgramme(p, overrides, asOf));
}

/** One programme's description, or null when there is no such programme. */
export function getProgramme(id: string, overrides?: ParameterOverrides, asOf: string = today()): ProgrammeInfo | null {
  const p = BY_ID.get(id);
  return p ? describeProgramme(p, overrides, asOf) : null;
}

/** The programme's definition (formula included), or undefined. */
export function programmeDefinition(id: string): Programme | undefined {
  return BY_ID.get(id);
}

/** A parameter's definition, or undefined. */
export function parameterDefinition(programmeId: string, name: string): ParameterDef | undefined {
  return BY_ID.get(programmeId)?.parameters.find((p) => p.name === name);
}

/**
 * Computes one programme for one enterprise and one year.
 * Throws AppError 422: UNKNOWN_PROGRAMME, MISSING_FACT (`extra.fields` and fieldErrors name
 * them), INVALID_FACT (wrong type, unit or range; unknown fact names), INVALID_YEAR.
 */
export function calculate(programmeId: string, year: number, facts: Record<string, unknown>, params?: ParameterOverrides): Calculation {
  const programme = BY_ID.get(programmeId);
  if (!programme) throw unknownProgramme(programmeId);
  return runProgramme(programme, year, facts, params);
}

/** The 422 for a programme id that does not exist, naming the ones that do. */
export function unknownProgramme(programmeId: string): AppError {
  return new AppError(RulesErrors.UNKNOWN_PROGRAMME, {
    detail: `unknown programme ${programmeId}; known: ${PROGRAMME_IDS.join(', ')}`,
    fieldErrors: [
      {
        field: '/programme',
        code: 'UNKNOWN_PROGRAMME',
        message: { zh: `没有扶持项目“${programmeId}”`, en: `No programme "${programmeId}"` },
      },
    ],
    extra: { fields: ['programme'] },
  });
}
