/** 四(二)1 — the operator of the national e-commerce demonstration base: a grant the source leaves open. */
import { L, openDefault, param, ref, BUDGET_FEN, withNoDoubleBenefit, yuanToFen } from '../common.ts';
import type { Programme } from '../types.ts';

const CLAUSE = '四(二)1';

export const demonstrationBase: Programme = {
  id: 'demonstration-base',
  name: L('国家电子商务示范基地运营主体补助', 'Grant to the operator of the national e-commerce demonstration base'),
  clause: {
    ref: CLAUSE,
    text: '支持“国家电子商务示范基地”建设。组建组织机构,确定运营主体,加快推进“国家电子商务示范基地”建设进程,力争2017年前创建成功,并给予运营主体一定补助资金。',
  },
  kind: 'subsidy',
  doc: L(
    '区政府确定的示范基地运营主体，每年给予区商务局设定的补助金额（原文“一定补助资金”未定额）。每年一次：扶持键 demonstration-base:<年度>。',
    'The operator designated by the district receives, once a year, the grant the bureau sets (the source says only "一定补助资金", a certain grant). Once a year: benefit key demonstration-base:<year>.',
  ),
  parameters: [
    param({
      name: 'annualGrantFen',
      unit: 'fen',
      label: L('运营主体年度补助金额', 'Annual grant to the operator'),
      bureauSet: true,
      doc: L(
        '默认 500,000 元（年度扶持资金 1,000 万元的 5%），由区商务局按年度预算设定。',
        'Default 500,000 yuan (5 % of the 10,000,000-yuan annual budget); the bureau sets it with the year\'s budget.',
      ),
      min: 0,
      max: BUDGET_FEN,
      value: yuanToFen(500_000),
      reference: openDefault(CLAUSE, '一定补助资金'),
    }),
  ],
  facts: withNoDoubleBenefit([
    {
      name: 'designatedOperator',
      type: 'boolean',
      label: L('经区政府确定为“国家电子商务示范基地”运营主体', 'Designated by the district as operator of the national demonstration base'),
      source: 'bureau',
      evidence: true,
    },
  ]),
  formula(c) {
    const designated = c.condition(
      'isDesignatedOperator',
      L('是确定的运营主体', 'Is the designated operator'),
      c.bool('designatedOperator'),
      ref(CLAUSE),
    );
    if (!designated) return c.notEligible();
    const grant = c.computed('grant', L('年度补助', 'Grant of the year'), c.param.fen('annualGrantFen'), 'fen', ref(CLAUSE));
    return { eligible: true, amountFen: grant, benefitKeys: [`demonstration-base:${c.year}`] };
  },
};
