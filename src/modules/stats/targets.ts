/**
 * Every numeric target of the source — 一(二) 工作目标, 二(四) 电商进乡村、社区, 三(二) 物流配送 and
 * 四(二)8 农村信息化 — as data: its clause, the number, how the source states the comparison
 * (以上/达到 include the number, 超过 excludes it: Civil Code art. 1259) and where the actual value
 * comes from. Targets whose facts no module records yet say so: actual null and a note naming
 * the module that will supply them — never a made-up zero.
 */
/** A text in Chinese and English. */
export interface Bilingual {
  zh: string;
  en: string;
}

export type TargetUnit = 'yuan' | 'percent' | 'count';
export type Comparator = '>=' | '>';
export type TargetSource = 'orders' | 'registry' | 'stations' | 'not_modelled';

export interface TargetProgress {
  id: string;
  name: Bilingual;
  /** Clause of the source text, e.g. '一(二)'. */
  clause: string;
  target: number;
  /** Upper end when the source gives a range (建设1-2个). */
  targetMax?: number;
  comparator: Comparator;
  unit: TargetUnit;
  /** Yuan, percent (0–100) or a count; null when the platform does not record it yet. */
  actual: number | null;
  /** The exact amount in fen, for money targets. */
  actualFen?: bigint | null;
  /** actual / target (may exceed 1); null when actual is null. */
  progress: number | null;
  /** Whether the comparison holds; null when actual is null. */
  met: boolean | null;
  /** For rates: the counts they are made of. */
  numerator?: number;
  denominator?: number;
  source: TargetSource;
  note?: Bilingual;
}

/** What the targets are measured from, for one year. */
export interface YearFacts {
  turnoverFen: bigint;
  onlineRetailFen: bigint;
  ruralTurnoverFen: bigint;
  adoption: { sme: { sold: number; all: number }; aboveSize: { sold: number; all: number } };
  agriculturalEnterprisesSelling: number;
  servicePoints: { service_centre: number; village_station: number; o2o_store: number };
}

type Measured = { actual: number; actualFen?: bigint; numerator?: number; denominator?: number } | { actual: null; note: Bilingual };

interface TargetDefinition {
  id: string;
  name: Bilingual;
  clause: string;
  target: number;
  targetMax?: number;
  comparator: Comparator;
  unit: TargetUnit;
  source: TargetSource;
  note?: Bilingual;
  measure?: (f: YearFacts) => Measured;
}

const money = (fen: bigint): Measured => ({ actual: Number(fen) / 100, actualFen: fen });

function rate(r: { sold: number; all: number }, what: Bilingual): Measured {
  if (r.all === 0) {
    return { actual: null, note: { zh: `尚无已认证的${what.zh}，无法计算普及率`, en: `No verified ${what.en} yet, so there is no rate` } };
  }
  return { actual: (100 * r.sold) / r.all, numerator: r.sold, denominator: r.all };
}

const ON_HAITANG: Bilingual = {
  zh: '按海棠平台已支付（扣除全额退款）订单统计；畜牧产品交易、大宗商品交易模块上线后计入其成交额，第三方平台销售待渠道对接导入后计入。',
  en: 'Measured from orders paid on Haitang, net of full refunds; the livestock and bulk-commodity exchanges add their turnover when those modules exist, and sales on third-party platforms when the channel connectors import them.',
};

const notModelled = (module: Bilingual): Measured => ({
  actual: null,
  note: { zh: `平台尚未记录此项，将由${module.zh}提供。`, en: `Not recorded by the platform yet; the ${module.en} will supply it.` },
});

const LOGISTICS: Bilingual = { zh: '物流配送模块（三(二)）', en: 'logistics module (三(二))' };
const TRAINING: Bilingual = { zh: '人才培训模块（三(五)）', en: 'training and talent module (三(五))' };
const INFORMATISATION: Bilingual = { zh: '农村信息化登记（四(二)8，村级信息服务站与信息员）', en: 'rural informatisation register (四(二)8: village information stations and officers)' };

export const TARGETS: readonly TargetDefinition[] = [
  {
    id: 'ecommerce-turnover',
    name: { zh: '电子商务交易额', en: 'E-commerce turnover' },
    clause: '一(二)',
    target: 2_000_000_000,
    comparator: '>=',
    unit: 'yuan',
    source: 'orders',
    note: ON_HAITANG,
    measure: (f) => money(f.turnoverFen),
  },
  {
    id: 'online-retail',
    name: { zh: '网络零售额', en: 'Online retail sales' },
    clause: '一(二)',
    target: 200_000_000,
    comparator: '>=',
    unit: 'yuan',
    source: 'orders',
    note: {
      zh: '海棠特色馆订单均为面向消费者的零售，按已支付（扣除全额退款）订单统计。',
      en: "Every order of Haitang's pavilions is a retail sale to a consumer; measured from paid orders net of full refunds.",
    },
    measure: (f) => money(f.onlineRetailFen),
  },
  {
    id: 'rural-ecommerce',
    name: { zh: '农村电子商务交易额', en: 'Rural e-commerce turnover' },
    clause: '一(二)',
    target: 1_000_000_000,
    comparator: '>=',
    unit: 'yuan',
    source: 'orders',
    note: {
      zh: '含荣昌农特产品上行订单（农产品进城），以及送达村级服务站或荣昌行政村地址的订单（工业品下乡）。',
      en: 'Orders selling Rongchang agricultural products upward, and orders delivered into villages (picked up at a village station or addressed to a Rongchang village).',
    },
    measure: (f) => money(f.ruralTurnoverFen),
  },
  {
    id: 'sme-adoption',
    name: { zh: '中小企业电子商务应用普及率', en: 'E-commerce adoption among SMEs' },
    clause: '一(二)',
    target: 60,
    comparator: '>',
    unit: 'percent',
    source: 'registry',
    note: {
      zh: '当年在海棠有已支付订单的已认证荣昌中小企业 ÷ 全部已认证荣昌中小企业（“超过”不含本数）。',
      en: 'Verified SMEs registered in Rongchang with a paid order on Haitang in the year ÷ all verified SMEs registered in Rongchang ("超过": strictly more).',
    },
    measure: (f) => rate(f.adoption.sme, { zh: '中小企业', en: 'SMEs' }),
  },
  {
    id: 'above-size-adoption',
    name: { zh: '规模以上企业电子商务应用普及率', en: 'E-commerce adoption among enterprises above designated size' },
    clause: '一(二)',
    target: 90,
    comparator: '>=',
    unit: 'percent',
    source: 'registry',
    note: {
      zh: '当年在海棠有已支付订单的已认证荣昌规上企业 ÷ 全部已认证荣昌规上企业（“达到…以上”含本数）。',
      en: 'Verified above-size enterprises registered in Rongchang with a paid order on Haitang in the year ÷ all of them ("以上": at least).',
    },
    measure: (f) => rate(f.adoption.aboveSize, { zh: '规模以上企业', en: 'enterprises above designated size' }),
  },
  {
    id: 'district-service-centre',
    name: { zh: '区级农特产品电子商务服务中心', en: 'District agri-product e-commerce service centre' },
    clause: '二(四)',
    target: 1,
    comparator: '>=',
    unit: 'count',
    source: 'stations',
    measure: (f) => ({ actual: f.servicePoints.service_centre }),
  },
  {
    id: 'village-stations',
    name: { zh: '镇村电子商务服务站（点）', en: 'Town and village e-commerce service stations' },
    clause: '二(四)',
    target: 100,
    comparator: '>=',
    unit: 'count',
    source: 'stations',
    measure: (f) => ({ actual: f.servicePoints.village_station }),
  },
  {
    id: 'agri-enterprises-online',
    name: { zh: '网上销售的涉农、加工企业', en: 'Agricultural and processing enterprises selling online' },
    clause: '二(四)',
    target: 100,
    comparator: '>=',
    unit: 'count',
    source: 'registry',
    note: {
      zh: '当年在海棠销售荣昌农特或认定品牌产品的已认证合作社及农业、生猪养殖、食品加工企业。',
      en: 'Verified cooperatives and agriculture, pig-farming and food-processing enterprises that sold Rongchang agricultural or recognised-brand products on Haitang in the year.',
    },
    measure: (f) => ({ actual: f.agriculturalEnterprisesSelling }),
  },
  {
    id: 'rural-leaders',
    name: { zh: '农村电商带头人', en: 'Rural e-commerce leaders trained' },
    clause: '二(四)',
    target: 100,
    comparator: '>=',
    unit: 'count',
    source: 'not_modelled',
    measure: () => notModelled(TRAINING),
  },
  {
    id: 'o2o-stores',
    name: { zh: '社区O2O体验店', en: 'Community O2O experience stores' },
    clause: '二(四)',
    target: 30,
    comparator: '>=',
    unit: 'count',
    source: 'stations',
    measure: (f) => ({ actual: f.servicePoints.o2o_store }),
  },
  {
    id: 'collection-centres',
    name: { zh: '镇街（农特）产品集配中心', en: 'Town produce collection and distribution centres' },
    clause: '三(二)',
    target: 20,
    comparator: '>=',
    unit: 'count',
    source: 'not_modelled',
    measure: () => notModelled(LOGISTICS),
  },
  {
    id: 'cold-chain-centres',
    name: { zh: '农特产品冷链仓储中心', en: 'Cold-chain storage centres for agricultural products' },
    clause: '三(二)',
    target: 1,
    targetMax: 2,
    comparator: '>=',
    unit: 'count',
    source: 'not_modelled',
    measure: () => notModelled(LOGISTICS),
  },
  {
    id: 'sorting-centres',
    name: { zh: '电商公共配送分拣中心', en: 'Public e-commerce sorting centres' },
    clause: '三(二)',
    target: 1,
    targetMax: 2,
    comparator: '>=',
    unit: 'count',
    source: 'not_modelled',
    measure: () => notModelled(LOGISTICS),
  },
  {
    id: 'express-coverage',
    name: { zh: '镇村快递物流覆盖率', en: 'Express delivery coverage of towns and villages' },
    clause: '三(二)',
    target: 100,
    comparator: '>=',
    unit: 'percent',
    source: 'not_modelled',
    measure: () => notModelled(LOGISTICS),
  },
  {
    id: 'village-info-stations',
    name: { zh: '村级信息服务站', en: 'Village information service stations' },
    clause: '四(二)8',
    target: 300,
    comparator: '>=',
    unit: 'count',
    source: 'not_modelled',
    measure: () => notModelled(INFORMATISATION),
  },
  {
    id: 'village-info-officers',
    name: { zh: '村级信息员', en: 'Village information officers' },
    clause: '四(二)8',
    target: 300,
    comparator: '>=',
    unit: 'count',
    source: 'not_modelled',
    measure: () => notModelled(INFORMATISATION),
  },
];

export function compare(actual: number, comparator: Comparator, target: number): boolean {
  return comparator === '>' ? actual > target : actual >= target;
}

/** Every target with its actual value for the year's facts. */
export function evaluateTargets(facts: YearFacts): TargetProgress[] {
  return TARGETS.map((d) => {
    const m: Measured = d.measure ? d.measure(facts) : { actual: null, note: { zh: '尚未统计', en: 'Not measured yet' } };
    const base = {
      id: d.id,
      name: d.name,
      clause: d.clause,
      target: d.target,
      ...(d.targetMax !== undefined ? { targetMax: d.targetMax } : {}),
      comparator: d.comparator,
      unit: d.unit,
      source: d.source,
    };
    if (m.actual === null) {
      return { ...base, actual: null, ...(d.unit === 'yuan' ? { actualFen: null } : {}), progress: null, met: null, note: m.note };
    }
    return {
      ...base,
      actual: m.actual,
      ...(m.actualFen !== undefined ? { actualFen: m.actualFen } : {}),
      ...(m.numerator !== undefined ? { numerator: m.numerator, denominator: m.denominator! } : {}),
      progress: m.actual / d.target,
      met: compare(m.actual, d.comparator, d.target),
      ...(d.note ? { note: d.note } : {}),
    };
  });
}
