/** 四(二)6 — park firms whose annual e-commerce turnover first passes 10 M / 50 M / 100 M / 500 M yuan: one-off 30,000 / 50,000 / 100,000 / 200,000 yuan. */
import { F, L, param, ref, withNoDoubleBenefit, yuanToFen } from '../common.ts';
import { formatYuanPlain } from '../engine.ts';
import type { ParameterDef, Programme } from '../types.ts';

const CLAUSE = '四(二)6';
const R = ref(CLAUSE);

const MILESTONES: Array<{ thresholdYuan: number; awardYuan: number; zh: string }> = [
  { thresholdYuan: 10_000_000, awardYuan: 30_000, zh: '1000万元' },
  { thresholdYuan: 50_000_000, awardYuan: 50_000, zh: '5000万元' },
  { thresholdYuan: 100_000_000, awardYuan: 100_000, zh: '1亿元' },
  { thresholdYuan: 500_000_000, awardYuan: 200_000, zh: '5亿元' },
];

const parameters: ParameterDef[] = MILESTONES.flatMap((m, i) => [
  param({
    name: `threshold${i + 1}Fen`,
    unit: 'fen',
    label: L(`第 ${i + 1} 档年交易额（${m.zh}）`, `Milestone ${i + 1} turnover (${m.thresholdYuan.toLocaleString('en')} yuan)`),
    bureauSet: false,
    doc: L(`“首次突破${m.zh}”：超过此数（不含本数）。`, `"首次突破${m.zh}": exceeding this amount (strictly).`),
    min: 0,
    max: yuanToFen(10_000_000_000),
    value: yuanToFen(m.thresholdYuan),
    reference: R,
  }),
  param({
    name: `award${i + 1}Fen`,
    unit: 'fen',
    label: L(`第 ${i + 1} 档奖励`, `Milestone ${i + 1} award`),
    bureauSet: false,
    doc: L(`一次性奖励 ${m.awardYuan / 10_000} 万元。`, `One-off ${m.awardYuan.toLocaleString('en')} yuan.`),
    min: 0,
    max: yuanToFen(10_000_000),
    value: yuanToFen(m.awardYuan),
    reference: R,
  }),
]);

export const turnoverMilestone: Programme = {
  id: 'turnover-milestone',
  name: L('电商交易额首次突破奖励', 'Award for first passing a turnover milestone'),
  clause: {
    ref: CLAUSE,
    text: '入驻荣昌区电子商务产业园注册在荣昌电商企业年电商交易额首次突破1000万元、5000万元、1亿元、5亿元的,分别一次性给予3万元、5万元、10万元、20万元的资金奖励。',
  },
  kind: 'award',
  doc: L(
    '入驻产业园且注册在荣昌的电商企业，当年电商交易额首次突破某一档：当年超过该档（“突破”不含本数，恰好 1000 万元不算），且以往任何年度都未超过。一年内同时突破几档的，每一档都奖励（各档是不同的一次性奖励）。每档每家企业一次：扶持键 turnover-milestone:<档位元数>，已领过的档位不再奖励。交易额取自平台数据；以往年度最高额只含平台有记录的年度。',
    'Park tenants registered in Rongchang whose e-commerce turnover of the year first passes a milestone: above it this year (突破 excludes the number: exactly 10,000,000 yuan is not a breakthrough) and never above it in an earlier year. A year that passes several milestones pays each of them (each is its own one-off award). Each milestone once per firm: benefit key turnover-milestone:<milestone in yuan>; a milestone already paid is not paid again. Turnover comes from the platform\'s data; the earlier maximum covers the years the platform has records of.',
  ),
  parameters,
  facts: withNoDoubleBenefit([F.registeredInRongchang, F.parkTenant, F.annualTurnoverFen, F.priorMaxAnnualTurnoverFen]),
  formula(c) {
    const tenant = c.condition('inPark', L('入驻电子商务产业园', 'Tenant of the e-commerce park'), c.bool('parkTenant'), R);
    const registered = c.condition('registered', L('注册在荣昌', 'Registered in Rongchang'), c.bool('registeredInRongchang'), R);
    const turnover = c.fen('annualTurnoverFen');
    const priorMax = c.fen('priorMaxAnnualTurnoverFen');
    let total = 0n;
    const keys: string[] = [];
    MILESTONES.forEach((_m, idx) => {
      const i = idx + 1;
      const threshold = c.param.fen(`threshold${i}Fen`);
      const yuanText = formatYuanPlain(threshold);
      const first = c.condition(
        `milestone${i}FirstPassed`,
        L(`当年交易额首次突破 ${yuanText} 元（当年超过且以往未超过）`, `Turnover first passes ${yuanText} yuan (above it this year, never above it before)`),
        turnover > threshold && priorMax <= threshold,
        R,
      );
      if (!first) return;
      const key = `turnover-milestone:${threshold / 100n}`;
      const unpaid = c.condition(
        `milestone${i}NotYetPaid`,
        L(`该档奖励未领取过（${key}）`, `This milestone has not been paid before (${key})`),
        !c.received(key),
        ref('四(七)'),
      );
      if (!unpaid) return;
      total += c.computed(`milestone${i}Award`, L(`第 ${i} 档奖励`, `Milestone ${i} award`), c.param.fen(`award${i}Fen`), 'fen', R);
      keys.push(key);
    });
    if (!(tenant && registered && keys.length > 0)) return c.notEligible();
    const amount = c.computed('totalAward', L('各档奖励合计', 'Sum of the milestone awards'), total, 'fen', R);
    return { eligible: true, amountFen: amount, benefitKeys: keys };
  },
};
