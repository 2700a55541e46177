/** 四(二)4 — ten outstanding new e-commerce firms a year, 20,000 yuan each. */
import { L, param, ref, withNoDoubleBenefit, yuanToFen } from '../common.ts';
import type { Programme } from '../types.ts';

const CLAUSE = '四(二)4';
const R = ref(CLAUSE);

export const outstandingNewFirm: Programme = {
  id: 'outstanding-new-firm',
  name: L('业绩突出的新增电商企业奖励', 'Award to outstanding new e-commerce firms'),
  clause: { ref: CLAUSE, text: '全区每年评选10个业绩突出的新增电商企业给予2万元/个资金奖励。' },
  kind: 'award',
  doc: L(
    '区商务局每年评选业绩突出的新增电商企业，每家 20,000 元，每年最多 10 家（名额键 outstanding-new-firm:<年度>）。企业只在新增当年是“新增”，故每家企业一次：扶持键 outstanding-new-firm。',
    'The bureau selects outstanding new e-commerce firms each year: 20,000 yuan each, at most 10 a year (quota key outstanding-new-firm:<year>). A firm is "new" only once, so once per firm: benefit key outstanding-new-firm.',
  ),
  parameters: [
    param({
      name: 'awardFen',
      unit: 'fen',
      label: L('每家奖励', 'Award per firm'),
      bureauSet: false,
      doc: L('“2万元/个”。', '"2万元/个": 20,000 yuan each.'),
      min: 0,
      max: yuanToFen(10_000_000),
      value: yuanToFen(20_000),
      reference: R,
    }),
    param({
      name: 'firmsPerYear',
      unit: 'count',
      label: L('每年评选名额', 'Firms selected a year'),
      bureauSet: false,
      doc: L('“每年评选10个”。', '"每年评选10个": ten a year.'),
      min: 0,
      max: 1000,
      value: 10,
      reference: R,
    }),
  ],
  facts: withNoDoubleBenefit([
    {
      name: 'selectedByBureau',
      type: 'boolean',
      label: L('经区商务局评选为当年业绩突出的新增电商企业', 'Selected by the bureau as an outstanding new e-commerce firm of the year'),
      source: 'bureau',
      evidence: true,
    },
  ]),
  formula(c) {
    const selected = c.condition('selected', L('入选当年评选', 'Selected this year'), c.bool('selectedByBureau'), R);
    if (!selected) return c.notEligible();
    const max = c.param.int('firmsPerYear');
    const award = c.computed('award', L('奖励金额', 'Award'), c.param.fen('awardFen'), 'fen', R);
    return {
      eligible: true,
      amountFen: award,
      benefitKeys: ['outstanding-new-firm'],
      annualQuota: { key: `outstanding-new-firm:${c.year}`, max },
    };
  },
};
