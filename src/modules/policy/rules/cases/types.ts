/** A declarative test case: facts of one enterprise and year → the expected result. */
import type { ParameterOverrides } from '../types.ts';

export interface RuleCase {
  name: string;
  year: number;
  facts: Record<string, unknown>;
  /** Parameter versions set by the bureau, as the database would supply them. */
  params?: ParameterOverrides;
  expect:
    | {
        amountFen: number;
        eligible: boolean;
        /** Step names that must appear in the trace. */
        trace?: string[];
        benefitKeys?: string[];
        annualQuota?: { key: string; max: number } | null;
      }
    | { error: 'MISSING_FACT' | 'INVALID_FACT' | 'INVALID_YEAR' | 'UNKNOWN_PROGRAMME'; fields?: string[] };
}

/** No prior benefits, no similar award: the common 四(七) facts of an ordinary case. */
export const clean = { similarAwardReceived: false, priorBenefits: [] as string[] };
