/** 四(二)6 — demonstration enterprises: national 100,000, Chongqing 50,000, district 20,000 yuan (district: at most 5 a year). */
import { L, param, ref, withNoDoubleBenefit, yuanToFen } from '../common.ts';
import type { Programme } from '../types.ts';

const CLAUSE = '四(二)6';
const R = ref(CLAUSE);

export const DEMONSTRATION_LEVELS = ['national', 'chongqing', 'district'] as const;
type Level = (typeof DEMONSTRATION_LEVELS)[number];

const LEVEL_LABEL: Record<Level, { zh: string; en: string }> = {
  national: L('全国电子商务示范企业', 'National e-commerce demonstration enterprise'),
  chongqing: L('重庆市电子商务示范企业', 'Chongqing e-commerce demonstration enterprise'),
  district: L('区级电子商务示范企业', 'District e-commerce demonstration enterprise'),
};

export const demonstrationEnterprise: Programme = {
  id: 'demonstration-enterprise',
  name: L('电子商务示范企业奖励', 'Award to e-commerce demonstration enterprises'),
  clause: {
    ref: CLAUSE,
    text: '被认定为全国电子商务示范企业的给予10万元的资金奖励;被认定为重庆市电子商务示范企业的给予5万元的资金奖励;被认定为区级电子商务示范企业的(每年不超过5户)给予2万元的资金奖励。',
  },
  kind: 'award',
  doc: L(
    '当年被认定为全国、重庆市或区级电子商务示范企业的，分别奖励 100,000、50,000、20,000 元；区级每年不超过 5 户（名额键 demonstration-enterprise:district:<年度>）。每个级别每家企业一次：扶持键 demonstration-enterprise:<级别>。',
    'An enterprise recognised in the year as a national, Chongqing or district e-commerce demonstration enterprise receives 100,000, 50,000 or 20,000 yuan; at most 5 district awards a year (quota key demonstration-enterprise:district:<year>). Each level once per firm: benefit key demonstration-enterprise:<level>.',
  ),
  parameters: [
    param({
      name: 'nationalAwardFen',
      unit: 'fen',
      label: LEVEL_LABEL.national,
      bureauSet: false,
      doc: L('“给予10万元的资金奖励”。', '100,000 yuan.'),
      min: 0,
      max: yuanToFen(10_000_000),
      value: yuanToFen(100_000),
      reference: R,
    }),
    param({
      name: 'chongqingAwardFen',
      unit: 'fen',
      label: LEVEL_LABEL.chongqing,
      bureauSet: false,
      doc: L('“给予5万元的资金奖励”。', '50,000 yuan.'),
      min: 0,
      max: yuanToFen(10_000_000),
      value: yuanToFen(50_000),
      reference: R,
    }),
    param({
      name: 'districtAwardFen',
      unit: 'fen',
      label: LEVEL_LABEL.district,
      bureauSet: false,
      doc: L('“给予2万元的资金奖励”。', '20,000 yuan.'),
      min: 0,
      max: yuanToFen(10_000_000),
      value: yuanToFen(20_000),
      reference: R,
    }),
    param({
      name: 'districtPerYear',
      unit: 'count',
      label: L('区级示范企业每年名额', 'District awards a year'),
      bureauSet: false,
      doc: L('“每年不超过5户”（含 5 户）。', '"每年不超过5户": at most 5 a year.'),
      min: 0,
      max: 1000,
      value: 5,
      reference: R,
    }),
  ],
  facts: withNoDoubleBenefit([
    {
      name: 'demonstrationLevel',
      type: 'enum',
      enumValues: DEMONSTRATION_LEVELS,
      label: L('当年被认定的示范企业级别（全国 / 重庆市 / 区级）', 'Level of the recognition in the year (national / Chongqing / district)'),
      source: 'bureau',
      evidence: true,
    },
  ]),
  formula(c) {
    const level = c.choice<Level>('demonstrationLevel');
    const award = c.computed('award', LEVEL_LABEL[level], c.param.fen(`${level}AwardFen`), 'fen', R);
    return {
      eligible: true,
      amountFen: award,
      benefitKeys: [`demonstration-enterprise:${level}`],
      ...(level === 'district' ? { annualQuota: { key: `demonstration-enterprise:district:${c.year}`, max: c.param.int('districtPerYear') } } : {}),
    };
  },
};
