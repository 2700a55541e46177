/** 四(二)3 — platform projects built with own funds: ≤ 30 % of the investment, ≤ 300,000 yuan a project. */
import { applyRateBp } from '../../../../kernel/money.ts';
import { L, param, ref, withNoDoubleBenefit, yuanToFen } from '../common.ts';
import type { Programme } from '../types.ts';

const CLAUSE = '四(二)3';
const R = ref(CLAUSE);

export const platformProject: Programme = {
  id: 'platform-project',
  name: L('电子商务平台项目建设补助', 'Subsidy for e-commerce platform projects'),
  clause: {
    ref: CLAUSE,
    text: '电商企业或行业协会利用自有资金建电子商务平台项目,给予建设项目补助,补助资金不高于投入的30%,单个项目补助资金最高不超过30万元。',
  },
  kind: 'subsidy',
  doc: L(
    '电商企业或行业协会以自有资金建设的平台项目：自有资金投入的 30%（四舍五入到分），单个项目最高 300,000 元（“不超过”含本数）。每个项目一次：扶持键 platform-project:<项目编号>。',
    'A platform project an e-commerce enterprise or trade association builds with its own funds: 30 % of the own-funds investment (rounded half up to the fen), at most 300,000 yuan a project (不超过 includes the number). Once per project: benefit key platform-project:<project reference>.',
  ),
  parameters: [
    param({
      name: 'shareBp',
      unit: 'bp',
      label: L('补助比例上限', 'Share of the investment'),
      bureauSet: false,
      doc: L('“不高于投入的30%”。', '"不高于投入的30%": at most 30 % of the investment.'),
      min: 0,
      max: 10_000,
      value: 3_000,
      reference: R,
    }),
    param({
      name: 'perProjectCapFen',
      unit: 'fen',
      label: L('单个项目补助上限', 'Cap per project'),
      bureauSet: false,
      doc: L('“单个项目补助资金最高不超过30万元”。', '"单个项目补助资金最高不超过30万元": 300,000 yuan.'),
      min: 0,
      max: yuanToFen(10_000_000),
      value: yuanToFen(300_000),
      reference: R,
    }),
  ],
  facts: withNoDoubleBenefit([
    {
      name: 'applicantKind',
      type: 'enum',
      enumValues: ['ecommerce-enterprise', 'trade-association', 'other'],
      label: L('申请主体类别（电商企业 / 行业协会 / 其他）', 'Applicant kind (e-commerce enterprise / trade association / other)'),
      source: 'bureau',
      evidence: true,
    },
    {
      name: 'projectReference',
      type: 'text',
      label: L('平台项目编号或名称', 'Project reference'),
      source: 'applicant',
      evidence: false,
    },
    {
      name: 'ownFundsInvestmentFen',
      type: 'fen',
      label: L('项目自有资金投入（经审计）', 'Own-funds investment in the project (audited)'),
      source: 'applicant',
      evidence: true,
    },
  ]),
  formula(c) {
    const kind = c.choice<'ecommerce-enterprise' | 'trade-association' | 'other'>('applicantKind');
    const kindOk = c.condition('eligibleApplicant', L('申请主体为电商企业或行业协会', 'The applicant is an e-commerce enterprise or a trade association'), kind !== 'other', R);
    const project = c.text('projectReference');
    if (!kindOk) return c.notEligible();
    const investment = c.fen('ownFundsInvestmentFen');
    const share = c.computed('shareOfInvestment', L('投入的 30%（四舍五入到分）', '30 % of the investment (rounded half up)'), applyRateBp(investment, c.param.bp('shareBp')), 'fen', R);
    const amount = c.cap('perProjectCap', L('单个项目上限 30 万元', 'Cap of 300,000 yuan a project'), share, c.param.fen('perProjectCapFen'), R);
    return { eligible: true, amountFen: amount, benefitKeys: [`platform-project:${project}`] };
  },
};
