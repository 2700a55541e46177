/**
 * The engine: checks facts against a programme's definitions, resolves dated parameters,
 * runs the formula with a tracer, and applies the no-double-benefit rule of 四(七).
 *
 * Pure: no database, no clock. Parameter versions from the database arrive as
 * `ParameterOverrides`; the engine merges them with the code's defaults.
 *
 * Facts given that the programme does not define are refused (INVALID_FACT, code
 * UNKNOWN_FACT per field) — a typo must not silently drop a condition — except the facts the
 * platform supplies for every enterprise (PLATFORM_FACT_NAMES), which are ignored by programmes
 * that do not use them. `null` means absent.
 */
import { AppError, type FieldError } from '../../../kernel/errors.ts';
import { F, FIRST_YEAR, L, LAST_YEAR, PLATFORM_FACT_NAMES, SEVEN } from './common.ts';
import { isIsoDate } from './dates.ts';
import { RulesErrors } from './errors.ts';
import type {
  Bilingual,
  Calculation,
  FactDef,
  FactInfo,
  FormulaContext,
  FormulaResult,
  ParameterDef,
  ParameterHistoryEntry,
  ParameterInfo,
  ParameterOverrides,
  ParameterVersion,
  Programme,
  ProgrammeInfo,
  TraceStep,
  TraceValue,
} from './types.ts';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const DEFAULT_INTEGER_MAX = 1_000_000_000_000;
const DEFAULT_RATE_MAX = 10_000;
const MAX_LIST_ITEMS = 1000;
const MAX_TEXT = 200;

type FactValue = boolean | number | bigint | string | readonly string[];

// ---------------------------------------------------------------------------------------------
// Parameters: merged history and resolution

type OverrideVersion = ParameterVersion & { setBy?: string | null; setAt?: string | null };

/**
 * The code's versions followed by the bureau's, ordered by `from`; at equal `from` the later
 * one wins and the earlier is kept, marked superseded.
 */
export function mergeHistory(def: ParameterDef, overrides: readonly OverrideVersion[] = []): ParameterHistoryEntry[] {
  const all: ParameterHistoryEntry[] = [
    ...def.history.map((v) => ({ ...v, source: 'code' as const, superseded: false })),
    ...overrides.map((v) => ({
      from: v.from,
      value: v.value,
      reference: v.reference,
      source: 'bureau' as const,
      superseded: false,
      setBy: v.setBy ?? null,
      setAt: v.setAt ?? null,
    })),
  ];
  const lastIndexByDate = new Map<string, number>();
  all.forEach((v, i) => lastIndexByDate.set(v.from, i));
  const marked = all.map((v, i) => ({ v: { ...v, superseded: lastIndexByDate.get(v.from) !== i }, i }));
  marked.sort((a, b) => (a.v.from < b.v.from ? -1 : a.v.from > b.v.from ? 1 : a.i - b.i));
  return marked.map((m) => m.v);
}

const NO_OVERRIDES: ParameterOverrides = {};
/** Merged histories by overrides object (the same object serves a whole eligibility run). */
const historyCache = new WeakMap<ParameterOverrides, Map<string, ParameterHistoryEntry[]>>();

function cachedHistory(programme: Programme, def: ParameterDef, overrides: ParameterOverrides | undefined): ParameterHistoryEntry[] {
  const key = overrides ?? NO_OVERRIDES;
  let byName = historyCache.get(key);
  if (!byName) {
    byName = new Map();
    historyCache.set(key, byName);
  }
  const name = `${programme.id}\u0000${def.name}`;
  let history = byName.get(name);
  if (!history) {
    history = mergeHistory(def, overrides?.[programme.id]?.[def.name]);
    byName.set(name, history);
  }
  return history;
}

/** The version in effect on `asOf` (the latest non-superseded one starting on or before it). */
export function versionAt(history: readonly ParameterHistoryEntry[], asOf: string): ParameterHistoryEntry | null {
  let found: ParameterHistoryEntry | null = null;
  for (const v of history) {
    if (v.superseded) continue;
    if (v.from <= asOf) found = v;
  }
  return found;
}

/** Why a value is not acceptable for a parameter, or null when it is. */
export function parameterValueProblem(def: ParameterDef, value: unknown): Bilingual | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    return L('参数值必须是整数（金额以分计，比率以基点计）', 'The value must be an integer (money in fen, rates in basis points)');
  }
  if (value < def.min || value > def.max) {
    return L(`参数值须在 ${def.min} 至 ${def.max} 之间`, `The value must be between ${def.min} and ${def.max}`);
  }
  return null;
}

function checkOverrides(programme: Programme, overrides: ParameterOverrides | undefined): void {
  const mine = overrides?.[programme.id];
  if (!mine) return;
  for (const [name, versions] of Object.entries(mine)) {
    const def = programme.parameters.find((p) => p.name === name);
    if (!def) throw new AppError(RulesErrors.PARAMETER_NOT_FOUND, { detail: `${programme.id} has no parameter ${name}` });
    for (const v of versions) {
      const problem = parameterValueProblem(def, v.value);
      if (problem || !isIsoDate(v.from)) {
        throw new AppError(RulesErrors.INVALID_PARAMETER_VALUE, {
          detail: `${programme.id}.${name} from ${String(v.from)}: ${problem?.en ?? 'bad date'}`,
        });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Facts

const factMaps = new WeakMap<Programme, Map<string, FactDef>>();
function factMap(programme: Programme): Map<string, FactDef> {
  let m = factMaps.get(programme);
  if (!m) {
    m = new Map(programme.facts.map((f) => [f.name, f]));
    factMaps.set(programme, m);
  }
  return m;
}

const PLATFORM_FACTS = new Set(PLATFORM_FACT_NAMES);

function fieldError(name: string, code: string, message: Bilingual): FieldError {
  return { field: `/facts/${name}`, code, message };
}

/** Converts one given value to its typed form, or returns why it cannot. */
function convertFact(def: FactDef, raw: unknown): { ok: true; value: FactValue } | { ok: false; message: Bilingual } {
  const bad = (zh: string, en: string) => ({ ok: false as const, message: L(zh, en) });
  switch (def.type) {
    case 'boolean':
      return typeof raw === 'boolean' ? { ok: true, value: raw } : bad('须为 true 或 false', 'Must be true or false');
    case 'integer': {
      const n = typeof raw === 'bigint' && raw <= MAX_SAFE && raw >= -MAX_SAFE ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) return bad('须为整数', 'Must be an integer');
      const min = def.min ?? 0;
      const max = def.max ?? DEFAULT_INTEGER_MAX;
      if (n < min || n > max) return bad(`须在 ${min} 至 ${max} 之间`, `Must be between ${min} and ${max}`);
      return { ok: true, value: n };
    }
    case 'fen': {
      let v: bigint | null = null;
      if (typeof raw === 'bigint') v = raw;
      else if (typeof raw === 'number' && Number.isSafeInteger(raw)) v = BigInt(raw);
      else if (typeof raw === 'string' && /^\d{1,16}$/.test(raw)) v = BigInt(raw);
      if (v === null) return bad('须为以分计的整数金额', 'Must be an integer amount in fen');
      if (v < 0n || v > MAX_SAFE) return bad('金额须为非负数且不超过上限', 'Must be a non-negative amount within range');
      return { ok: true, value: v };
    }
    case 'rateBp': {
      const max = def.max ?? DEFAULT_RATE_MAX;
      if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) return bad('须为以基点计的整数（1% = 100）', 'Must be an integer in basis points (1 % = 100)');
      if (raw < (def.min ?? 0) || raw > max) return bad(`须在 ${def.min ?? 0} 至 ${max} 基点之间`, `Must be between ${def.min ?? 0} and ${max} basis points`);
      return { ok: true, value: BigInt(raw) };
    }
    case 'date':
      return isIsoDate(raw) ? { ok: true, value: raw } : bad('须为有效日期 YYYY-MM-DD', 'Must be a valid date YYYY-MM-DD');
    case 'enum':
      return typeof raw === 'string' && def.enumValues?.includes(raw)
        ? { ok: true, value: raw }
        : bad(`须为以下之一：${(def.enumValues ?? []).join('、')}`, `Must be one of: ${(def.enumValues ?? []).join(', ')}`);
    case 'stringList':
      if (!Array.isArray(raw) || raw.length > MAX_LIST_ITEMS || !raw.every((s) => typeof s === 'string' && s.length > 0 && s.length <= MAX_TEXT)) {
        return bad('须为字符串数组', 'Must be an array of strings');
      }
      return { ok: true, value: raw as string[] };
    case 'text':
      return typeof raw === 'string' && raw.trim().length > 0 && raw.length <= MAX_TEXT
        ? { ok: true, value: raw.trim() }
        : bad(`须为 1 至 ${MAX_TEXT} 个字符的文本`, `Must be text of 1 to ${MAX_TEXT} characters`);
  }
}

function checkFacts(programme: Programme, facts: unknown): Map<string, FactValue> {
  if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) {
    throw new AppError(RulesErrors.INVALID_FACT, {
      fieldErrors: [{ field: '/facts', code: 'INVALID_FACT', message: L('事实须为对象', 'Facts must be an object') }],
    });
  }
  const given = facts as Record<string, unknown>;
  const defs = factMap(programme);
  const invalid: FieldError[] = [];
  const missing: FieldError[] = [];
  const values = new Map<string, FactValue>();
  for (const [name, raw] of Object.entries(given)) {
    const def = defs.get(name);
    if (!def) {
      if (!PLATFORM_FACTS.has(name)) {
        invalid.push(fieldError(name, 'UNKNOWN_FACT', L(`项目 ${programme.id} 不使用此事实`, `Programme ${programme.id} has no fact of this name`)));
      }
      continue;
    }
    if (raw === null || raw === undefined) continue;
    const converted = convertFact(def, raw);
    if (converted.ok) values.set(name, converted.value);
    else invalid.push(fieldError(name, 'INVALID_FACT', converted.message));
  }
  for (const def of programme.facts) {
    if (!def.optional && !values.has(def.name) && !invalid.some((e) => e.field === `/facts/${def.name}`)) {
      missing.push(fieldError(def.name, 'MISSING_FACT', L(`缺少事实：${def.label.zh}`, `Missing fact: ${def.label.en}`)));
    }
  }
  if (invalid.length) {
    throw new AppError(RulesErrors.INVALID_FACT, {
      detail: `invalid facts: ${invalid.map((e) => e.field.slice(7)).join(', ')}${missing.length ? `; missing: ${missing.map((e) => e.field.slice(7)).join(', ')}` : ''}`,
      fieldErrors: [...invalid, ...missing],
      extra: { fields: invalid.map((e) => e.field.slice(7)) },
    });
  }
  if (missing.length) throw missingFacts(missing.map((e) => e.field.slice(7)), programme);
  return values;
}

function missingFacts(names: string[], programme: Programme): AppError {
  const defs = new Map(programme.facts.map((f) => [f.name, f]));
  return new AppError(RulesErrors.MISSING_FACT, {
    detail: `missing facts: ${names.join(', ')}`,
    fieldErrors: names.map((n) => {
      const label = defs.get(n)?.label ?? L(n, n);
      return fieldError(n, 'MISSING_FACT', L(`缺少事实：${label.zh}`, `Missing fact: ${label.en}`));
    }),
    extra: { fields: names },
  });
}

// ---------------------------------------------------------------------------------------------
// The tracer and the formula context

function traceValue(v: FactValue | bigint): TraceValue {
  if (typeof v === 'bigint') return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.join(',');
  return v as TraceValue;
}

function factUnit(def: FactDef): string {
  if (def.unit) return def.unit;
  switch (def.type) {
    case 'fen':
      return 'fen';
    case 'rateBp':
      return 'bp';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    default:
      return '';
  }
}

class Run implements FormulaContext {
  readonly trace: TraceStep[] = [];
  private readonly seen = new Set<string>();
  private readonly params = new Map<string, ParameterHistoryEntry>();
  readonly param: FormulaContext['param'];

  constructor(
    private readonly programme: Programme,
    readonly year: number,
    readonly asOf: string,
    private readonly values: Map<string, FactValue>,
    private readonly overrides: ParameterOverrides | undefined,
  ) {
    this.param = {
      fen: (name) => BigInt(this.paramValue(name, 'fen')),
      bp: (name) => BigInt(this.paramValue(name, 'bp')),
      int: (name) => this.paramValue(name),
    };
  }

  private push(step: TraceStep): void {
    if (this.seen.has(step.step)) throw new Error(`programme ${this.programme.id}: trace step ${step.step} recorded twice`);
    this.seen.add(step.step);
    this.trace.push(step);
  }

  private factDef(name: string): FactDef {
    const def = factMap(this.programme).get(name);
    if (!def) throw new Error(`programme ${this.programme.id} reads undeclared fact ${name}`);
    return def;
  }

  private fact(name: string, type: FactDef['type']): FactValue {
    const def = this.factDef(name);
    if (def.type !== type) throw new Error(`programme ${this.programme.id} reads ${name} (${def.type}) as ${type}`);
    const v = this.values.get(name);
    if (v === undefined) throw missingFacts([name], this.programme);
    if (!this.seen.has(name)) {
      this.push({ step: name, label: def.label, value: traceValue(v), unit: factUnit(def), kind: 'fact' });
    }
    return v;
  }

  private paramValue(name: string, unit?: ParameterDef['unit']): number {
    let version = this.params.get(name);
    if (version) return version.value;
    const def = this.programme.parameters.find((p) => p.name === name);
    if (!def) throw new Error(`programme ${this.programme.id} reads undeclared parameter ${name}`);
    if (unit && def.unit !== unit) throw new Error(`programme ${this.programme.id} reads ${name} (${def.unit}) as ${unit}`);
    version = versionAt(cachedHistory(this.programme, def, this.overrides), this.asOf) ?? undefined;
    if (!version) {
      throw new AppError(RulesErrors.INVALID_YEAR, { detail: `${this.programme.id}.${name} has no value in effect on ${this.asOf}` });
    }
    this.params.set(name, version);
    this.push({
      step: `param.${name}`,
      label: def.label,
      value: version.value,
      unit: def.unit,
      kind: 'parameter',
      reference: `${version.reference}（${version.from} 起 / from ${version.from}${version.source === 'bureau' ? '，区商务局设定 / set by the bureau' : ''}）`,
    });
    return version.value;
  }

  bool(name: string): boolean {
    return this.fact(name, 'boolean') as boolean;
  }
  int(name: string): number {
    return this.fact(name, 'integer') as number;
  }
  fen(name: string): bigint {
    return this.fact(name, 'fen') as bigint;
  }
  date(name: string): string {
    return this.fact(name, 'date') as string;
  }
  rateBp(name: string): bigint {
    return this.fact(name, 'rateBp') as bigint;
  }
  choice<T extends string>(name: string): T {
    return this.fact(name, 'enum') as T;
  }
  text(name: string): string {
    return this.fact(name, 'text') as string;
  }
  list(name: string): readonly string[] {
    return this.fact(name, 'stringList') as readonly string[];
  }

  has(name: string): boolean {
    this.factDef(name);
    return this.values.has(name);
  }

  condition(step: string, label: Bilingual, holds: boolean, reference?: string, note?: Bilingual): boolean {
    this.push({ step, label, value: holds, unit: 'boolean', kind: 'condition', ...(reference ? { reference } : {}), ...(note ? { note } : {}) });
    return holds;
  }

  computed<V extends bigint | number | string | boolean>(step: string, label: Bilingual, value: V, unit: string, reference?: string, note?: Bilingual): V {
    this.push({ step, label, value: traceValue(value), unit, kind: 'computed', ...(reference ? { reference } : {}), ...(note ? { note } : {}) });
    return value;
  }

  cap(step: string, label: Bilingual, amountFen: bigint, capFen: bigint, reference?: string): bigint {
    const bites = amountFen > capFen;
    const result = bites ? capFen : amountFen;
    const capText = formatYuanPlain(capFen);
    this.push({
      step,
      label,
      value: traceValue(result),
      unit: 'fen',
      kind: 'cap',
      ...(reference ? { reference } : {}),
      note: bites
        ? L(`超过上限 ${capText} 元，按上限计`, `Above the cap of ${capText} yuan: the cap applies`)
        : L(`未超过上限 ${capText} 元`, `Within the cap of ${capText} yuan`),
    });
    return result;
  }

  exclusion(step: string, label: Bilingual, reference?: string, note?: Bilingual): void {
    this.push({ step, label, value: true, unit: 'boolean', kind: 'exclusion', ...(reference ? { reference } : {}), ...(note ? { note } : {}) });
  }

  received(key: string): boolean {
    if (!this.values.has('priorBenefits')) return false;
    return this.list('priorBenefits').includes(key);
  }

  invalid(fact: string, message: Bilingual): never {
    throw new AppError(RulesErrors.INVALID_FACT, {
      detail: `invalid fact ${fact}: ${message.en}`,
      fieldErrors: [fieldError(fact, 'INVALID_FACT', message)],
      extra: { fields: [fact] },
    });
  }

  require(...facts: string[]): void {
    const absent = facts.filter((f) => !this.has(f));
    if (absent.length) throw missingFacts(absent, this.programme);
  }

  notEligible(): FormulaResult {
    return { eligible: false, amountFen: 0n, benefitKeys: [] };
  }
}

/** Fen as plain yuan with two decimals and thousands separators (for notes). */
export function formatYuanPlain(fen: bigint): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Running a programme

export function checkYear(year: unknown): number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new AppError(RulesErrors.INVALID_YEAR, {
      detail: `year must be an integer from ${FIRST_YEAR} to ${LAST_YEAR}`,
      fieldErrors: [{ field: '/year', code: 'INVALID_YEAR', message: L(`年度须为 ${FIRST_YEAR} 至 ${LAST_YEAR} 之间的整数`, `The year must be an integer from ${FIRST_YEAR} to ${LAST_YEAR}`) }],
    });
  }
  return year;
}

export function runProgramme(programme: Programme, year: number, facts: unknown, overrides?: ParameterOverrides): Calculation {
  checkYear(year);
  checkOverrides(programme, overrides);
  const values = checkFacts(programme, facts);
  const asOf = programme.parameterDate ? programme.parameterDate(year) : `${year}-01-01`;
  const run = new Run(programme, year, asOf, values, overrides);
  const result = programme.formula(run);
  if (result.amountFen < 0n) throw new Error(`programme ${programme.id} computed a negative amount`);

  // 四(七): not on top of a similar city or district policy, and never the same benefit twice.
  let eligible = result.eligible;
  let similar = false;
  if (values.has('similarAwardReceived')) similar = run.bool('similarAwardReceived');
  else {
    run.computed('similarAwardReceived', F.similarAwardReceived.label, false, 'boolean', SEVEN, L('未声明，按未享受计；申请时由申请人声明、区商务局核实', 'Not declared: taken as none; declared on application and checked by the bureau'));
  }
  if (similar) {
    run.exclusion(
      'similarAwardExclusion',
      L('已享受市、区其他同类政策，不重复享受', 'A similar city or district award was received: not paid again'),
      SEVEN,
      L('上述政策与市、区其他同类政策不重复享受', 'These policies are not enjoyed on top of similar city or district policies'),
    );
    eligible = false;
  }
  const prior = values.has('priorBenefits') ? run.list('priorBenefits') : [];
  const repeated = result.benefitKeys.filter((k) => prior.includes(k));
  if (eligible && repeated.length) {
    run.exclusion(
      'priorBenefitExclusion',
      L('该项扶持已享受过，不重复享受', 'This benefit has already been paid: not paid twice'),
      SEVEN,
      L(`已享受：${repeated.join('、')}`, `Already paid: ${repeated.join(', ')}`),
    );
    eligible = false;
  }
  if (!values.has('priorBenefits')) {
    // Say so in the trace: the check ran against no prior benefits.
    run.computed('priorBenefitsGiven', F.priorBenefits.label, '', 'benefit-key', undefined, L('未提供，视为没有', 'Not given: taken as none'));
  }
  const amountFen = eligible ? result.amountFen : 0n;
  run.computed('amount', L('应发金额', 'Amount payable'), amountFen, 'fen', programme.clause.ref);
  return {
    programme: programme.id,
    year,
    asOf,
    eligible,
    amountFen,
    trace: run.trace,
    benefitKeys: eligible ? result.benefitKeys : [],
    ...(eligible && result.annualQuota ? { annualQuota: result.annualQuota } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Descriptions

export function describeParameter(programme: Programme, def: ParameterDef, overrides: ParameterOverrides | undefined, asOf: string): ParameterInfo {
  const history = mergeHistory(def, overrides?.[programme.id]?.[def.name]);
  const now = versionAt(history, asOf);
  return {
    name: def.name,
    unit: def.unit,
    label: def.label,
    bureauSet: def.bureauSet,
    doc: def.doc,
    min: def.min,
    max: def.max,
    history,
    current: now ? { value: now.value, from: now.from, reference: now.reference } : null,
  };
}

function describeFact(def: FactDef): FactInfo {
  return {
    name: def.name,
    type: def.type,
    unit: factUnit(def) || null,
    enumValues: def.enumValues ? [...def.enumValues] : null,
    min: def.type === 'integer' ? (def.min ?? 0) : def.type === 'rateBp' ? (def.min ?? 0) : null,
    max: def.type === 'integer' ? (def.max ?? DEFAULT_INTEGER_MAX) : def.type === 'rateBp' ? (def.max ?? DEFAULT_RATE_MAX) : null,
    label: def.label,
    source: def.source,
    evidence: def.evidence,
    optional: def.optional ?? false,
    doc: def.doc ?? null,
  };
}

export function describeProgramme(programme: Programme, overrides: ParameterOverrides | undefined, asOf: string): ProgrammeInfo {
  return {
    id: programme.id,
    name: programme.name,
    clause: programme.clause,
    kind: programme.kind,
    doc: programme.doc,
    parameters: programme.parameters.map((p) => describeParameter(programme, p, overrides, asOf)),
    facts: programme.facts.map(describeFact),
  };
}
