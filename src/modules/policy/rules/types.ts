/**
 * The vocabulary of the rules engine (after OpenFisca and Catala): a programme is its clause of
 * the source, dated parameters, the facts it needs and a formula that explains itself.
 *
 * Conventions:
 * - Money is integer fen: `bigint` inside formulas, JSON integers (numbers) outside.
 * - Rates are integer basis points (1 bp = 0.01 %, 10000 bp = 100 %).
 * - Dates are ISO calendar dates `YYYY-MM-DD` (no time zone: legal dates are days).
 */

export interface Bilingual {
  zh: string;
  en: string;
}

export type ProgrammeKind = 'subsidy' | 'award' | 'interestSubsidy';

/** Units of parameter values; every parameter value is a JSON integer. */
export type ParameterUnit = 'fen' | 'bp' | 'count' | 'years' | 'days';

/** One dated version of a parameter. */
export interface ParameterVersion {
  /** First day (inclusive) on which this value applies, `YYYY-MM-DD`. */
  from: string;
  value: number;
  /** Legal reference or the reason for the value (who decided what, where). */
  reference: string;
}

/** A parameter version as shown in a programme's history. */
export interface ParameterHistoryEntry extends ParameterVersion {
  /** `code`: the source's figure or Haitang's documented default; `bureau`: set by the bureau. */
  source: 'code' | 'bureau';
  /** Replaced by a later entry with the same `from` date (history is kept, never rewritten). */
  superseded: boolean;
  setBy?: string | null;
  setAt?: string | null;
}

export interface ParameterDef {
  name: string;
  unit: ParameterUnit;
  label: Bilingual;
  /** The source leaves this number open: the bureau sets it (PUT …/parameters/{name}). */
  bureauSet: boolean;
  /** How the value is used and why the default is what it is. */
  doc: Bilingual;
  /** Allowed range of values (inclusive); bureau-set values outside it are refused. */
  min: number;
  max: number;
  history: ParameterVersion[];
}

export type FactType = 'boolean' | 'integer' | 'fen' | 'date' | 'rateBp' | 'enum' | 'stringList' | 'text';
export type FactSource = 'platform' | 'applicant' | 'bureau';

export interface FactDef {
  /** lowerCamelCase name used in `facts` objects. */
  name: string;
  type: FactType;
  /** `fen`, `bp`, `orders`, `persons`, … (absent for booleans, dates, enums and text). */
  unit?: string;
  /** Allowed values of an `enum` fact. */
  enumValues?: readonly string[];
  /** Inclusive range of an `integer` fact (default 0 … 10^12). */
  min?: number;
  max?: number;
  label: Bilingual;
  /** Who provides it: the platform's own data, the applicant, or the bureau. */
  source: FactSource;
  /** An uploaded document must prove it. */
  evidence: boolean;
  /** May be absent; the formula then asks for it only when it matters (MISSING_FACT if so). */
  optional?: boolean;
  doc?: Bilingual;
}

export type TraceKind = 'fact' | 'parameter' | 'computed' | 'cap' | 'exclusion' | 'condition';
export type TraceValue = number | string | boolean;

/** One line of the explanation: every fact, parameter, condition, intermediate value and cap. */
export interface TraceStep {
  /** Machine name of the step, unique within one calculation (e.g. `qualifyingOrders`, `annualCap`). */
  step: string;
  label: Bilingual;
  /** Money in fen (integer), rates in bp, conditions as booleans, lists comma-joined. */
  value: TraceValue;
  unit: string;
  kind: TraceKind;
  /** The clause or decision behind this step (parameters: their version's reference and date). */
  reference?: string;
  /** Human explanation of what happened at this step (a cap that bit, an exclusion's cause). */
  note?: Bilingual;
}

export interface AnnualQuota {
  /** Counter key shared by all awards of the quota, e.g. `outstanding-new-firm:2025`. */
  key: string;
  max: number;
}

export interface Calculation {
  programme: string;
  year: number;
  /** The date parameters were resolved at (1 January of the year unless the programme says otherwise). */
  asOf: string;
  eligible: boolean;
  amountFen: bigint;
  trace: TraceStep[];
  /** What this payment consumes for the no-double-benefit rule (四(七)); empty when nothing is paid. */
  benefitKeys: string[];
  /** Awards limited in number per year; present only when eligible. */
  annualQuota?: AnnualQuota;
}

/** What a formula returns; the engine then applies 四(七) and assembles the Calculation. */
export interface FormulaResult {
  eligible: boolean;
  amountFen: bigint;
  benefitKeys: string[];
  annualQuota?: AnnualQuota;
}

/** Typed access to facts and parameters, and the tracer. Facts and parameters trace themselves on first use. */
export interface FormulaContext {
  readonly year: number;
  readonly asOf: string;
  bool(name: string): boolean;
  int(name: string): number;
  fen(name: string): bigint;
  date(name: string): string;
  rateBp(name: string): bigint;
  choice<T extends string>(name: string): T;
  text(name: string): string;
  list(name: string): readonly string[];
  /** Whether an optional fact was given. */
  has(name: string): boolean;
  /** Parameter values in effect at `asOf`. */
  param: {
    fen(name: string): bigint;
    bp(name: string): bigint;
    int(name: string): number;
  };
  /** Records a condition of eligibility and returns it. */
  condition(step: string, label: Bilingual, holds: boolean, reference?: string, note?: Bilingual): boolean;
  /** Records an intermediate value and returns it. */
  computed<V extends bigint | number | string | boolean>(step: string, label: Bilingual, value: V, unit: string, reference?: string, note?: Bilingual): V;
  /** Applies a cap (min), records whether it bit, and returns the capped amount. */
  cap(step: string, label: Bilingual, amountFen: bigint, capFen: bigint, reference?: string): bigint;
  /** Records an exclusion (the amount becomes 0). */
  exclusion(step: string, label: Bilingual, reference?: string, note?: Bilingual): void;
  /** Whether `key` is among the benefits already paid to the enterprise (fact `priorBenefits`). */
  received(key: string): boolean;
  /** Refuses a fact value that the formula finds invalid (e.g. outside a parameter's range). */
  invalid(fact: string, message: Bilingual): never;
  /** Refuses when a conditionally required fact is absent. */
  require(...facts: string[]): void;
  /** The not-eligible result. */
  notEligible(): FormulaResult;
}

export interface Programme {
  id: string;
  name: Bilingual;
  clause: { ref: string; text: string };
  kind: ProgrammeKind;
  /** How the amount is computed, the rounding and the once-ness of the benefit. */
  doc: Bilingual;
  parameters: ParameterDef[];
  facts: FactDef[];
  /** The date the parameters are read at for `year` (default: 1 January of the year). */
  parameterDate?: (year: number) => string;
  formula(ctx: FormulaContext): FormulaResult;
}

/**
 * Dated parameter versions beyond the code's defaults, by programme and parameter (in the
 * order they were set: at equal `from` dates, the later one wins).
 */
export type ParameterOverrides = Readonly<Record<string, Readonly<Record<string, ReadonlyArray<ParameterVersion & { setBy?: string | null; setAt?: string | null }>>>>>;

/** JSON-ready description of a parameter with its merged history and the value in effect now. */
export interface ParameterInfo {
  name: string;
  unit: ParameterUnit;
  label: Bilingual;
  bureauSet: boolean;
  doc: Bilingual;
  min: number;
  max: number;
  history: ParameterHistoryEntry[];
  /** The version in effect on the `asOf` date of the listing (null before the first version). */
  current: { value: number; from: string; reference: string } | null;
}

export interface FactInfo {
  name: string;
  type: FactType;
  unit: string | null;
  enumValues: string[] | null;
  min: number | null;
  max: number | null;
  label: Bilingual;
  source: FactSource;
  evidence: boolean;
  optional: boolean;
  doc: Bilingual | null;
}

export interface ProgrammeInfo {
  id: string;
  name: Bilingual;
  clause: { ref: string; text: string };
  kind: ProgrammeKind;
  doc: Bilingual;
  parameters: ParameterInfo[];
  facts: FactInfo[];
}
