/** 四(二)7 — newly established e-commerce firms: a grant weighted by tertiary-sector share, jobs, retail sales and tax; key firms case by case. */
import { applyRateBp } from '../../../../kernel/money.ts';
import { BUDGET_FEN, L, openDefault, param, ref, withNoDoubleBenefit, yuanToFen } from '../common.ts';
import type { Programme } from '../types.ts';

const CLAUSE = '四(二)7';
const R = ref(CLAUSE);
const OPEN = openDefault(CLAUSE, '作为资金补助因素');

export const newLargeFirm: Programme = {
  id: 'new-large-firm',
  name: L('引进大型电子商务企业补助', 'Grant to newly established large e-commerce firms'),
  clause: {
    ref: CLAUSE,
    text: '对新设立的电子商务企业,将该企业在第三产业占比、解决就业人数、零售金额、税收贡献作为资金补助因素,支持企业发展。对由电子商务产业发展领导小组认定的重点企业和重点项目,按照“一企一策、一事一议”给予支持。',
  },
  kind: 'subsidy',
  doc: L(
    '新设立（设立当年及次年，年数由区商务局设定）的电子商务企业，补助 = 第三产业占比（基点）× 每基点金额 + 新增就业人数 × 每人金额 + 零售额 × 比例 + 税收贡献 × 比例，各项四舍五入到分，合计不超过年度上限。原文只列因素未给权重，各权重与上限均由区商务局设定，默认值见各参数。领导小组认定的重点企业按“一企一策”，金额由区商务局个案确定（事实 caseByCaseAmountFen），不套用公式。每年一次：扶持键 new-large-firm:<年度>。',
    'A newly established e-commerce firm (in its year of establishment and the next; the number of years is bureau-set): grant = tertiary-sector share (bp) × amount per bp + jobs × amount per job + retail sales × rate + tax contribution × rate, each rounded half up to the fen, capped a year. The source names the factors but not their weights: weights and cap are bureau-set, defaults below. A key firm recognised by the leading group is decided case by case ("一企一策"): the bureau enters the amount (fact caseByCaseAmountFen) instead of the formula. Once a year: benefit key new-large-firm:<year>.',
  ),
  parameters: [
    param({
      name: 'newFirmYears',
      unit: 'years',
      label: L('“新设立”的年数（含设立当年）', 'Years a firm counts as new (including the year of establishment)'),
      bureauSet: true,
      doc: L('默认 2：设立当年及次年。', 'Default 2: the year of establishment and the next.'),
      min: 1,
      max: 10,
      value: 2,
      reference: OPEN,
    }),
    param({
      name: 'perTertiaryShareBpFen',
      unit: 'fen',
      label: L('第三产业占比每基点补助', 'Grant per basis point of tertiary-sector share'),
      bureauSet: true,
      doc: L('默认每 0.01 个百分点 1,000 元（占全区第三产业增加值 1% 得 100,000 元）。', 'Default 1,000 yuan per 0.01 percentage point (1 % of the district\'s tertiary sector gives 100,000 yuan).'),
      min: 0,
      max: yuanToFen(1_000_000),
      value: yuanToFen(1_000),
      reference: OPEN,
    }),
    param({
      name: 'perJobFen',
      unit: 'fen',
      label: L('每个新增就业岗位补助', 'Grant per job created'),
      bureauSet: true,
      doc: L('默认每人 2,000 元。', 'Default 2,000 yuan per job.'),
      min: 0,
      max: yuanToFen(1_000_000),
      value: yuanToFen(2_000),
      reference: OPEN,
    }),
    param({
      name: 'retailRateBp',
      unit: 'bp',
      label: L('零售额补助比例', 'Rate on retail sales'),
      bureauSet: true,
      doc: L('默认 0.5%（50 基点）。', 'Default 0.5 % (50 bp).'),
      min: 0,
      max: 10_000,
      value: 50,
      reference: OPEN,
    }),
    param({
      name: 'taxRateBp',
      unit: 'bp',
      label: L('税收贡献补助比例', 'Rate on tax contribution'),
      bureauSet: true,
      doc: L('默认 20%（2,000 基点）。', 'Default 20 % (2,000 bp).'),
      min: 0,
      max: 10_000,
      value: 2_000,
      reference: OPEN,
    }),
    param({
      name: 'annualCapFen',
      unit: 'fen',
      label: L('每家每年补助上限', 'Cap per firm a year'),
      bureauSet: true,
      doc: L('默认 1,000,000 元（年度扶持资金的十分之一）。', 'Default 1,000,000 yuan (a tenth of the annual budget).'),
      min: 0,
      max: BUDGET_FEN,
      value: yuanToFen(1_000_000),
      reference: OPEN,
    }),
  ],
  facts: withNoDoubleBenefit([
    {
      name: 'establishedOn',
      type: 'date',
      label: L('企业设立（登记）日期', 'Date the firm was established (registered)'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'tertiaryShareBp',
      type: 'rateBp',
      label: L('企业增加值占全区第三产业增加值的比重', "The firm's share of the district's tertiary-sector value added"),
      source: 'bureau',
      evidence: true,
    },
    {
      name: 'jobsCreated',
      type: 'integer',
      unit: 'persons',
      max: 1_000_000,
      label: L('解决就业人数（参保职工）', 'Jobs created (insured employees)'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'retailSalesFen',
      type: 'fen',
      label: L('当年零售金额', 'Retail sales of the year'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'taxContributionFen',
      type: 'fen',
      label: L('当年在荣昌的税收贡献', 'Tax paid in Rongchang in the year'),
      source: 'bureau',
      evidence: true,
    },
    {
      name: 'keyFirm',
      type: 'boolean',
      label: L('经领导小组认定的重点企业或重点项目（一企一策）', 'Key firm or project recognised by the leading group (case by case)'),
      source: 'bureau',
      evidence: true,
      optional: true,
      doc: L('缺省为否。', 'Absent means no.'),
    },
    {
      name: 'caseByCaseAmountFen',
      type: 'fen',
      label: L('一企一策确定的支持金额', 'Amount decided case by case'),
      source: 'bureau',
      evidence: true,
      optional: true,
      doc: L('重点企业必填。', 'Required for a key firm.'),
    },
  ]),
  formula(c) {
    const established = c.date('establishedOn');
    const years = c.param.int('newFirmYears');
    const since = c.year - years + 1;
    const isNew = c.condition(
      'newlyEstablished',
      L(`新设立：于 ${since} 年 1 月 1 日至 ${c.year} 年 12 月 31 日设立`, `Newly established: between ${since}-01-01 and ${c.year}-12-31`),
      established >= `${since}-01-01` && established <= `${c.year}-12-31`,
      R,
    );
    if (!isNew) return c.notEligible();
    const key = `new-large-firm:${c.year}`;
    if (c.has('keyFirm') && c.bool('keyFirm')) {
      c.require('caseByCaseAmountFen');
      const amount = c.computed('caseByCase', L('一企一策、一事一议确定的金额', 'Amount decided case by case'), c.fen('caseByCaseAmountFen'), 'fen', R);
      return { eligible: true, amountFen: amount, benefitKeys: [key] };
    }
    const share = c.rateBp('tertiaryShareBp');
    const a = c.computed('shareComponent', L('第三产业占比部分', 'Tertiary-share component'), share * c.param.fen('perTertiaryShareBpFen'), 'fen', R);
    const b = c.computed('jobsComponent', L('就业部分', 'Jobs component'), BigInt(c.int('jobsCreated')) * c.param.fen('perJobFen'), 'fen', R);
    const d = c.computed('retailComponent', L('零售额部分（四舍五入到分）', 'Retail component (rounded half up)'), applyRateBp(c.fen('retailSalesFen'), c.param.bp('retailRateBp')), 'fen', R);
    const e = c.computed('taxComponent', L('税收贡献部分（四舍五入到分）', 'Tax component (rounded half up)'), applyRateBp(c.fen('taxContributionFen'), c.param.bp('taxRateBp')), 'fen', R);
    const sum = c.computed('weightedSum', L('各因素合计', 'Sum of the factors'), a + b + d + e, 'fen', R);
    const amount = c.cap('annualCap', L('每家每年上限', 'Cap per firm a year'), sum, c.param.fen('annualCapFen'), OPEN);
    return { eligible: true, amountFen: amount, benefitKeys: [key] };
  },
};
