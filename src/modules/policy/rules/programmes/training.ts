/** 四(二)9 — e-commerce training in the park: a training-cost grant at bureau-set rates. */
import { applyRateBp } from '../../../../kernel/money.ts';
import { BUDGET_FEN, L, openDefault, param, ref, withNoDoubleBenefit, yuanToFen } from '../common.ts';
import type { Programme } from '../types.ts';

const CLAUSE = '四(二)9';
const R = ref(CLAUSE);
const OPEN = openDefault(CLAUSE, '一定的培训经费补助');

export const training: Programme = {
  id: 'training',
  name: L('电子商务人才培训经费补助', 'Grant for e-commerce training in the park'),
  clause: { ref: CLAUSE, text: '支持在电子商务产业园开展电子商务人才培训,并给予一定的培训经费补助。' },
  kind: 'subsidy',
  doc: L(
    '在电子商务产业园开展的电子商务人才培训：培训经费 × 补助比例（四舍五入到分），不超过 培训人数 × 每人上限，且不超过每年上限（“一定的培训经费补助”未定额，比例与上限由区商务局设定）。每年一次：扶持键 training:<年度>（一年的培训合并申请）。',
    'E-commerce training held in the park: training cost × rate (rounded half up), at most trainees × cap per trainee and at most the yearly cap (the source says only "一定的培训经费补助": rate and caps are bureau-set). Once a year: benefit key training:<year> (a year\'s courses are claimed together).',
  ),
  parameters: [
    param({
      name: 'costShareBp',
      unit: 'bp',
      label: L('培训经费补助比例', 'Share of the training cost'),
      bureauSet: true,
      doc: L('默认 50%。', 'Default 50 %.'),
      min: 0,
      max: 10_000,
      value: 5_000,
      reference: OPEN,
    }),
    param({
      name: 'perTraineeCapFen',
      unit: 'fen',
      label: L('每名学员补助上限', 'Cap per trainee'),
      bureauSet: true,
      doc: L('默认每人 500 元。', 'Default 500 yuan a trainee.'),
      min: 0,
      max: yuanToFen(100_000),
      value: yuanToFen(500),
      reference: OPEN,
    }),
    param({
      name: 'annualCapFen',
      unit: 'fen',
      label: L('每家每年补助上限', 'Cap per applicant a year'),
      bureauSet: true,
      doc: L('默认 200,000 元。', 'Default 200,000 yuan.'),
      min: 0,
      max: BUDGET_FEN,
      value: yuanToFen(200_000),
      reference: OPEN,
    }),
  ],
  facts: withNoDoubleBenefit([
    {
      name: 'trainingInPark',
      type: 'boolean',
      label: L('培训在电子商务产业园内开展', 'The training is held in the e-commerce park'),
      source: 'bureau',
      evidence: true,
    },
    {
      name: 'trainingCostFen',
      type: 'fen',
      label: L('当年培训经费支出', 'Training cost of the year'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'trainees',
      type: 'integer',
      unit: 'persons',
      max: 1_000_000,
      label: L('培训人数（签到名册）', 'Trainees (attendance roster)'),
      source: 'applicant',
      evidence: true,
    },
  ]),
  formula(c) {
    const inPark = c.condition('heldInPark', L('在电子商务产业园开展', 'Held in the e-commerce park'), c.bool('trainingInPark'), R);
    const trainees = c.int('trainees');
    const any = c.condition('hasTrainees', L('有参训学员', 'Has trainees'), trainees > 0, R);
    if (!(inPark && any)) return c.notEligible();
    const share = c.computed('shareOfCost', L('培训经费 × 补助比例（四舍五入到分）', 'Cost × rate (rounded half up)'), applyRateBp(c.fen('trainingCostFen'), c.param.bp('costShareBp')), 'fen', OPEN);
    const perTrainee = c.cap('perTraineeCap', L('不超过 人数 × 每人上限', 'At most trainees × cap per trainee'), share, BigInt(trainees) * c.param.fen('perTraineeCapFen'), OPEN);
    const amount = c.cap('annualCap', L('每年上限', 'Cap a year'), perTrainee, c.param.fen('annualCapFen'), OPEN);
    return { eligible: true, amountFen: amount, benefitKeys: [`training:${c.year}`] };
  },
};
