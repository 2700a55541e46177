/**
 * Pieces shared by the programmes: the source's name, the start of the policy, the facts the
 * platform supplies, and the two facts of 四(七) (no double benefits) every programme needs.
 */
import type { Bilingual, FactDef, ParameterDef, ParameterUnit } from './types.ts';

export const L = (zh: string, en: string): Bilingual => ({ zh, en });

/** The source, cited in every reference. */
export const SOURCE = '《关于加快电子商务发展的实施意见》';
export const ref = (clause: string) => `${SOURCE}${clause}`;

/**
 * The opinions apply "从印发之日起" (from the day of issue). The source as we have it carries
 * no date of issue; Rongchang became a district in 2015 and the targets run to 2017, so the
 * code's parameter versions start on 1 January 2015. Years before that have no parameters and
 * are refused (INVALID_YEAR).
 */
export const POLICY_START = '2015-01-01';
export const FIRST_YEAR = 2015;
export const LAST_YEAR = 2100;

/** Reference text of a Haitang default for a number the source leaves open. */
export const openDefault = (clause: string, words: string) =>
  `${ref(clause)}未规定具体数额（“${words}”），此为海棠默认值，由区商务局设定 / left open by the source ("${words}"): Haitang's default until the bureau sets it`;

/** A parameter whose only version is the code's, from the start of the policy. */
export function param(
  def: Omit<ParameterDef, 'history'> & { value: number; reference: string },
): ParameterDef {
  const { value, reference, ...rest } = def;
  return { ...rest, history: [{ from: POLICY_START, value, reference }] };
}

export const yuanToFen = (yuan: number) => yuan * 100;

/** Upper bounds for validating amounts (10,000,000 yuan = the whole annual budget of 四(五)). */
export const BUDGET_FEN = yuanToFen(10_000_000);

export function unitLabel(unit: ParameterUnit): Bilingual {
  switch (unit) {
    case 'fen':
      return L('分', 'fen');
    case 'bp':
      return L('基点（万分之一）', 'basis points');
    case 'count':
      return L('个', 'count');
    case 'years':
      return L('年', 'years');
    case 'days':
      return L('天', 'days');
  }
}

// ---- Facts the platform supplies from its own data (names fixed with the applications code).

export const F = {
  registeredInRongchang: {
    name: 'registeredInRongchang',
    type: 'boolean',
    label: L('登记注册在荣昌', 'Registered in Rongchang'),
    source: 'platform',
    evidence: false,
  },
  parkTenant: {
    name: 'parkTenant',
    type: 'boolean',
    label: L('入驻荣昌区电子商务产业园', 'Tenant of the Rongchang e-commerce industrial park'),
    source: 'platform',
    evidence: false,
  },
  parkTenancyYear: {
    name: 'parkTenancyYear',
    type: 'integer',
    unit: 'tenancy-year',
    min: 0,
    max: 200,
    label: L('入驻园区第几年（入驻当年为第 1 年，未入驻为 0）', 'Year of park tenancy (1 in the year it began; 0 if not a tenant)'),
    source: 'platform',
    evidence: false,
  },
  qualifyingOrders: {
    name: 'qualifyingOrders',
    type: 'integer',
    unit: 'orders',
    label: L('年度线上销售荣昌农特产品或认定品牌产品的订单数', 'Orders in the year of Rongchang agricultural or recognised-brand products'),
    source: 'platform',
    evidence: false,
  },
  annualTurnoverFen: {
    name: 'annualTurnoverFen',
    type: 'fen',
    unit: 'fen',
    label: L('年度电商交易额', 'E-commerce turnover of the year'),
    source: 'platform',
    evidence: false,
  },
  priorMaxAnnualTurnoverFen: {
    name: 'priorMaxAnnualTurnoverFen',
    type: 'fen',
    unit: 'fen',
    label: L('以往年度最高电商交易额', 'Highest e-commerce turnover of any earlier year'),
    source: 'platform',
    evidence: false,
  },
  priorBenefits: {
    name: 'priorBenefits',
    type: 'stringList',
    unit: 'benefit-key',
    label: L('已享受的扶持（扶持键）', 'Benefits already paid to the enterprise (benefit keys)'),
    source: 'platform',
    evidence: false,
    optional: true,
    doc: L('缺省视为没有。', 'Absent means none.'),
  },
  similarAwardReceived: {
    name: 'similarAwardReceived',
    type: 'boolean',
    label: L('已享受市、区其他同类政策扶持（申请人声明，区商务局核实）', 'Already received a similar city or district award for the same thing (declared by the applicant, checked by the bureau)'),
    source: 'applicant',
    evidence: false,
    optional: true,
    doc: L('缺省视为未享受（试算时）；申请时应声明。', 'Absent means no (for an estimate); declared on application.'),
  },
} as const satisfies Record<string, FactDef>;

/** Fact names the platform supplies; given to a programme that does not use them, they are ignored. */
export const PLATFORM_FACT_NAMES: readonly string[] = [
  'registeredInRongchang',
  'parkTenant',
  'parkTenancyYear',
  'qualifyingOrders',
  'annualTurnoverFen',
  'priorMaxAnnualTurnoverFen',
  'priorBenefits',
];

/** The facts of 四(七) every programme needs, appended to its own. */
export function withNoDoubleBenefit(facts: FactDef[]): FactDef[] {
  return [...facts, F.similarAwardReceived, F.priorBenefits];
}

export const SEVEN = ref('四(七)');
