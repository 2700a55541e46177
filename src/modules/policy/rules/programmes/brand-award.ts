/** 四(二)5 — e-commerce brands: district-recognised 20,000–50,000 yuan one-off; national or municipal famous brands 100 % of that level's award. */
import { applyRateBp } from '../../../../kernel/money.ts';
import { L, param, ref, withNoDoubleBenefit, yuanToFen } from '../common.ts';
import { formatYuanPlain } from '../engine.ts';
import type { Programme } from '../types.ts';

const CLAUSE = '四(二)5';
const R = ref(CLAUSE);

export const BRAND_LEVELS = ['district', 'chongqing', 'national'] as const;

export const brandAward: Programme = {
  id: 'brand-award',
  name: L('电商品牌奖励', 'E-commerce brand award'),
  clause: {
    ref: CLAUSE,
    text: '结合电商品牌影响力,经区电子商务产业发展领导小组认定的电商品牌,按2-5万元/个给予一次性资金奖励。对获得国家级、市级电商著名、知名品牌的企业,按国家级、市级补助标准的100%给予奖励。',
  },
  kind: 'award',
  doc: L(
    '区级：领导小组认定的电商品牌，按品牌影响力一次性奖励 20,000–50,000 元（具体金额由区商务局按个案确定，事实 districtAwardFen；区间外不予受理）。市级（重庆市）或国家级著名、知名品牌：按上级补助标准的 100% 奖励（事实 higherLevelAwardFen）。每个品牌每个级别一次：扶持键 brand-award:<级别>:<品牌>。',
    'District: a brand the leading group recognises gets a one-off 20,000–50,000 yuan by its influence (the bureau decides the amount per brand, fact districtAwardFen; amounts outside the range are refused). Municipal (Chongqing) or national famous brand: 100 % of that level\'s award (fact higherLevelAwardFen). Once per brand and level: benefit key brand-award:<level>:<brand>.',
  ),
  parameters: [
    param({
      name: 'districtMinFen',
      unit: 'fen',
      label: L('区级认定品牌奖励下限', 'Lowest district award'),
      bureauSet: false,
      doc: L('“按2-5万元/个”的下限。', 'Lower end of "按2-5万元/个".'),
      min: 0,
      max: yuanToFen(10_000_000),
      value: yuanToFen(20_000),
      reference: R,
    }),
    param({
      name: 'districtMaxFen',
      unit: 'fen',
      label: L('区级认定品牌奖励上限', 'Highest district award'),
      bureauSet: false,
      doc: L('“按2-5万元/个”的上限。', 'Upper end of "按2-5万元/个".'),
      min: 0,
      max: yuanToFen(10_000_000),
      value: yuanToFen(50_000),
      reference: R,
    }),
    param({
      name: 'higherLevelShareBp',
      unit: 'bp',
      label: L('国家级、市级品牌配套比例', 'Share of the national or municipal award'),
      bureauSet: false,
      doc: L('“按国家级、市级补助标准的100%给予奖励”。', '"按国家级、市级补助标准的100%": 100 %.'),
      min: 0,
      max: 10_000,
      value: 10_000,
      reference: R,
    }),
  ],
  facts: withNoDoubleBenefit([
    {
      name: 'brandLevel',
      type: 'enum',
      enumValues: BRAND_LEVELS,
      label: L('品牌认定级别（区级 / 市级 / 国家级）', 'Level of recognition (district / Chongqing / national)'),
      source: 'bureau',
      evidence: true,
    },
    {
      name: 'brandReference',
      type: 'text',
      label: L('品牌名称或认定文号', 'Brand name or recognition reference'),
      source: 'applicant',
      evidence: false,
    },
    {
      name: 'districtAwardFen',
      type: 'fen',
      label: L('领导小组确定的区级奖励金额（2–5 万元）', 'District award decided by the leading group (20,000–50,000 yuan)'),
      source: 'bureau',
      evidence: false,
      optional: true,
      doc: L('区级品牌必填。', 'Required for a district brand.'),
    },
    {
      name: 'higherLevelAwardFen',
      type: 'fen',
      label: L('国家级或市级补助标准金额', 'Award of the national or municipal scheme'),
      source: 'applicant',
      evidence: true,
      optional: true,
      doc: L('国家级、市级品牌必填。', 'Required for a national or municipal brand.'),
    },
  ]),
  formula(c) {
    const level = c.choice<(typeof BRAND_LEVELS)[number]>('brandLevel');
    const brand = c.text('brandReference');
    const key = `brand-award:${level}:${brand}`;
    if (level === 'district') {
      c.require('districtAwardFen');
      const amount = c.fen('districtAwardFen');
      const min = c.param.fen('districtMinFen');
      const max = c.param.fen('districtMaxFen');
      if (amount < min || amount > max) {
        c.invalid(
          'districtAwardFen',
          L(
            `区级品牌奖励须在 ${formatYuanPlain(min)} 至 ${formatYuanPlain(max)} 元之间`,
            `A district brand award must be between ${formatYuanPlain(min)} and ${formatYuanPlain(max)} yuan`,
          ),
        );
      }
      c.condition('withinDistrictRange', L('奖励金额在 2–5 万元之间', 'The award is within 20,000–50,000 yuan'), true, R);
      const award = c.computed('award', L('区级品牌奖励', 'District brand award'), amount, 'fen', R);
      return { eligible: true, amountFen: award, benefitKeys: [key] };
    }
    c.require('higherLevelAwardFen');
    const higher = c.fen('higherLevelAwardFen');
    const share = c.param.bp('higherLevelShareBp');
    const award = c.computed(
      'award',
      L('按上级补助标准的 100% 奖励（四舍五入到分）', '100 % of the higher-level award (rounded half up)'),
      applyRateBp(higher, share),
      'fen',
      R,
    );
    return { eligible: true, amountFen: award, benefitKeys: [key] };
  },
};
