/**
 * Shapes of the subsidy (policy) and statistics APIs as the web app reads them, and the small
 * pure helpers the pages share: formatting a trace value by its unit, reading a typed fact
 * from what a person typed, the years the pages offer.
 */
import type { LocalizedText } from '../../api';
import { formatPrice, parseYuanToFen } from '../../money';

export type FactType = 'boolean' | 'integer' | 'fen' | 'date' | 'rateBp' | 'enum' | 'stringList' | 'text';
export type FactSource = 'platform' | 'applicant' | 'bureau';
export type ParameterUnit = 'fen' | 'bp' | 'count' | 'years' | 'days';
export type TraceKind = 'fact' | 'parameter' | 'computed' | 'cap' | 'exclusion' | 'condition';

export interface FactInfo {
  name: string;
  type: FactType;
  unit?: string | null;
  enumValues?: string[] | null;
  min?: number | null;
  max?: number | null;
  label: LocalizedText;
  source: FactSource;
  evidence: boolean;
  optional?: boolean;
  doc?: LocalizedText | null;
}

export interface TraceStep {
  step: string;
  label: LocalizedText;
  value: number | string | boolean;
  unit: string;
  kind: TraceKind;
  reference?: string;
  note?: LocalizedText;
}

export interface ParameterHistoryEntry {
  from: string;
  value: number;
  reference: string;
  source: 'code' | 'bureau';
  superseded: boolean;
  setBy?: string | null;
  setAt?: string | null;
}

export interface ParameterInfo {
  name: string;
  unit: ParameterUnit;
  label: LocalizedText;
  bureauSet: boolean;
  doc: LocalizedText;
  min: number;
  max: number;
  history: ParameterHistoryEntry[];
  current: { value: number; from: string; reference: string } | null;
}

export interface Clause {
  ref: string;
  text: string;
}

export interface ProgrammeInfo {
  id: string;
  name: LocalizedText;
  clause: Clause;
  kind: 'subsidy' | 'award' | 'interestSubsidy';
  doc: LocalizedText;
  parameters: ParameterInfo[];
  facts: FactInfo[];
}

export interface Calculation {
  amountFen: number;
  eligible: boolean;
  trace: TraceStep[];
  benefitKeys?: string[];
}

export const APPLICATION_STATUSES = ['submitted', 'awaiting_confirmation', 'paid', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface EntitlementItem {
  programme: string;
  name: LocalizedText;
  clause: Clause | null;
  computable: boolean;
  amountFen: number | null;
  eligible: boolean | null;
  trace: TraceStep[] | null;
  missingFacts: FactInfo[];
  application: { id: string; status: ApplicationStatus; amountFen: number } | null;
}

export interface Entitlements {
  enterpriseId: string;
  enterpriseName: string;
  year: number;
  platformFacts: Record<string, unknown>;
  items: EntitlementItem[];
}

export interface SubsidyApplication {
  id: string;
  applicationNo: string;
  programme: string;
  programmeName: LocalizedText;
  year: number;
  enterpriseId: string;
  enterpriseName: string;
  origin: 'applicant' | 'bureau_run';
  status: ApplicationStatus;
  enteredFacts: Record<string, unknown>;
  platformFacts: Record<string, unknown>;
  evidence: Array<{ fact: string; evidenceId: string }>;
  amountFen: number;
  eligible: boolean;
  trace: TraceStep[];
  benefitKeys: string[];
  budgetYear: number | null;
  needsConfirmation: boolean;
  submittedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  rejectedBy: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  paidAt: string | null;
}

export interface Budget {
  year: number;
  allocatedFen: number;
  paidFen: number;
  reservedFen: number;
  remainingFen: number;
}

export interface EligibilityRun {
  year: number;
  enterprises: number;
  evaluations: number;
  programmes: string[];
  eligible: Array<{ enterpriseId: string; enterpriseName: string; programme: string; amountFen: number }>;
  totalFen: number;
  applicationsFiled: number;
  elapsedMs: number;
}

export interface StatsTarget {
  id: string;
  name: LocalizedText;
  /** Clause of the source, e.g. 一(二). */
  clause?: string | null;
  target: number;
  /** Upper end when the source gives a range (建设1-2个). */
  targetMax?: number;
  comparator?: '>=' | '>';
  unit: 'yuan' | 'percent' | 'count' | string;
  /** Null when the platform does not record it yet (shown as 尚未接入, never 0). */
  actual: number | null;
  progress?: number | null;
  met?: boolean | null;
  numerator?: number;
  denominator?: number;
  note?: LocalizedText | null;
}

// ----------------------------------------------------------------- years

/** The calendar year in China (the server's business dates are in CST). */
export function cstYear(now = new Date()): number {
  return new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
}

/** Years the pages offer: the current one and a few before it, newest first. */
export function recentYears(count = 4, now = new Date()): number[] {
  const y = cstYear(now);
  return Array.from({ length: count }, (_, i) => y - i);
}

/** A `year` query value if it is a plausible year, else the fallback. */
export function yearFrom(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : fallback;
}

// ----------------------------------------------------------------- values

/** Basis points as a percentage: 435 → "4.35%", 10000 → "100%". */
export function formatBp(bp: number): string {
  const pct = bp / 100;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(2).replace(/0+$/, '')}%`;
}

/** A whole number with thousands separators. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Units the pages name in words (zh, en); others are shown as they come. */
const UNIT_WORDS: Record<string, LocalizedText> = {
  orders: { zh: '单', en: 'orders' },
  persons: { zh: '人', en: 'persons' },
  people: { zh: '人', en: 'people' },
  count: { zh: '', en: '' },
  years: { zh: '年', en: 'years' },
  days: { zh: '天', en: 'days' },
  enterprises: { zh: '家', en: 'enterprises' },
  stations: { zh: '个', en: 'stations' },
  stores: { zh: '家', en: 'stores' },
  'tenancy-year': { zh: '年', en: '' },
  m2: { zh: '平方米', en: 'm²' },
};

export function unitWord(unit: string | null | undefined, lang: 'zh' | 'en'): string {
  if (!unit) return '';
  const w = UNIT_WORDS[unit];
  return w ? w[lang] : unit;
}

/**
 * A trace or fact value for people: fen as ¥, basis points as %, booleans as ✓/✗ (or 是/否),
 * dates as they are, counts with their unit.
 */
export function formatValue(value: unknown, unit: string | null | undefined, lang: 'zh' | 'en', type?: FactType): string {
  // An empty list of benefit keys (joined to '' in a trace) means none were paid.
  if (value === '' && unit === 'benefit-key') return lang === 'zh' ? '无' : 'none';
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? (lang === 'zh' ? '是' : 'Yes') : lang === 'zh' ? '否' : 'No';
  if (Array.isArray(value)) return value.length === 0 ? (lang === 'zh' ? '无' : 'none') : value.map(String).join('、');
  if (typeof value === 'number') {
    if (unit === 'fen' || type === 'fen') return Number.isSafeInteger(value) ? formatPrice(value) : String(value);
    if (unit === 'bp' || type === 'rateBp') return formatBp(value);
    if (unit === 'percent' || unit === '%') return `${value}%`;
    if (unit === 'tenancy-year') return lang === 'zh' ? `第 ${value} 年` : `year ${value}`;
    const word = unitWord(unit, lang);
    return word ? `${formatCount(value)} ${word}` : formatCount(value);
  }
  if (typeof value === 'string' && (unit === 'fen' || type === 'fen') && /^-?\d+$/.test(value)) return formatPrice(Number(value));
  return String(value);
}

// ----------------------------------------------------------------- typed input

/** A percentage as typed ("4.35", "4.35%") to basis points, or null. */
export function parsePercentToBp(text: string): number | null {
  const m = /^(\d{1,5})(?:\.(\d{0,2}))?%?$/.exec(text.normalize('NFKC').trim().replace(/\s/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export type Parsed = { ok: true; value: unknown } | { ok: false };

/** Reads one fact from its text box into the JSON value the API wants. Empty → not given. */
export function parseFact(fact: FactInfo, raw: string): Parsed | null {
  const text = raw.trim();
  if (text === '') return null;
  switch (fact.type) {
    case 'boolean':
      return text === 'true' ? { ok: true, value: true } : text === 'false' ? { ok: true, value: false } : { ok: false };
    case 'integer': {
      const cleaned = text.normalize('NFKC').replace(/[,，\s]/g, '');
      if (!/^-?\d{1,15}$/.test(cleaned)) return { ok: false };
      const n = Number(cleaned);
      if (fact.min != null && n < fact.min) return { ok: false };
      if (fact.max != null && n > fact.max) return { ok: false };
      return { ok: true, value: n };
    }
    case 'fen': {
      const fen = parseYuanToFen(text);
      return fen === null ? { ok: false } : { ok: true, value: fen };
    }
    case 'rateBp': {
      const bp = parsePercentToBp(text);
      return bp === null ? { ok: false } : { ok: true, value: bp };
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? { ok: true, value: text } : { ok: false };
    case 'enum':
      return !fact.enumValues || fact.enumValues.includes(text) ? { ok: true, value: text } : { ok: false };
    case 'stringList':
      return {
        ok: true,
        value: text
          .split(/[,，、\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case 'text':
      return { ok: true, value: text };
  }
}

/** Evidence files the API accepts, by extension. */
export function evidenceContentType(file: File): string | null {
  if (file.type === 'application/pdf' || file.type === 'image/jpeg' || file.type === 'image/png') return file.type;
  const name = file.name.toLowerCase();
  if (name.endsWith('.pdf')) return 'application/pdf';
  if (name.endsWith('.png')) return 'image/png';
  if (name.endsWith('.jpg') || name.endsWith('.jpeg')) return 'image/jpeg';
  return null;
}
