/** 四(四) — loan-interest subsidy: ≤ 50 % of the bank's rate, for the first two years from the loan date, ≤ 200,000 yuan a year. */
import { applyRateBp } from '../../../../kernel/money.ts';
import { L, param, ref, withNoDoubleBenefit, yuanToFen } from '../common.ts';
import { addYears, daysInYear } from '../dates.ts';
import type { Programme } from '../types.ts';

const CLAUSE = '四(四)';
const R = ref(CLAUSE);
const DAY_COUNT_REF = '《人民币利率管理规定》（中国人民银行 银发〔1999〕77号）：日利率 = 年利率 ÷ 360，利息 = 本金 × 实际天数 × 日利率，算头不算尾';

/** n / d rounded half up (n, d ≥ 0). */
function divHalfUp(n: bigint, d: bigint): bigint {
  return (n * 2n + d) / (2n * d);
}

export const loanInterest: Programme = {
  id: 'loan-interest',
  name: L('电子商务企业贷款贴息', 'Loan-interest subsidy for e-commerce firms'),
  clause: {
    ref: CLAUSE,
    text: '电子商务企业获得扩大自身生产经营的贷款,经认定后,可享受贷款贴息,自贷款之日起,前两年给予不超过商业银行同期贷款利率的50%贴息,每年最高不超过20万元。',
  },
  kind: 'interestSubsidy',
  doc: L(
    '经认定用于扩大自身生产经营的贷款：贴息期为自贷款之日起两年，即 [贷款日, 两年后对应日)（算头不算尾；无对应日取月末日）。当年贴息 = 本金 × 商业银行同期贷款利率 × 50% × 当年落在贴息期内的天数 ÷ 360，只在最后四舍五入到分一次；提供了当年实付利息的，不超过实付利息的 50%；每年最高 200,000 元。一笔贷款一次计算；每年一次：扶持键 loan-interest:<年度>（每年 20 万元上限按企业计）。',
    'A loan recognised as expanding the firm\'s own production or business: the subsidy window is two years from the loan date, [loan date, the corresponding day two years later) (first day counted, last not; month end when there is no corresponding day). Subsidy of the year = principal × the commercial bank\'s rate for the same term × 50 % × days of the year inside the window ÷ 360, rounded half up to the fen once at the end; when the interest actually paid in the year is given, at most 50 % of it; at most 200,000 yuan a year. One loan per calculation; once a year: benefit key loan-interest:<year> (the 200,000-yuan yearly cap is per firm).',
  ),
  parameters: [
    param({
      name: 'subsidyShareBp',
      unit: 'bp',
      label: L('贴息占同期贷款利率的比例', 'Share of the bank rate subsidised'),
      bureauSet: false,
      doc: L('“不超过商业银行同期贷款利率的50%”。', '"不超过商业银行同期贷款利率的50%": at most 50 % of the rate.'),
      min: 0,
      max: 10_000,
      value: 5_000,
      reference: R,
    }),
    param({
      name: 'windowYears',
      unit: 'years',
      label: L('贴息年限（自贷款之日起）', 'Years of subsidy from the loan date'),
      bureauSet: false,
      doc: L('“自贷款之日起,前两年”。', '"自贷款之日起,前两年": the first two years.'),
      min: 0,
      max: 10,
      value: 2,
      reference: R,
    }),
    param({
      name: 'annualCapFen',
      unit: 'fen',
      label: L('每年贴息上限', 'Cap a year'),
      bureauSet: false,
      doc: L('“每年最高不超过20万元”。', '"每年最高不超过20万元": 200,000 yuan.'),
      min: 0,
      max: yuanToFen(10_000_000),
      value: yuanToFen(200_000),
      reference: R,
    }),
    param({
      name: 'dayCountBasis',
      unit: 'days',
      label: L('计息天数基准（日利率 = 年利率 ÷ 360）', 'Day-count basis (daily rate = annual rate ÷ 360)'),
      bureauSet: false,
      doc: L('人民币贷款按年利率 ÷ 360 折算日利率。', 'Renminbi loans: the daily rate is the annual rate ÷ 360.'),
      min: 360,
      max: 366,
      value: 360,
      reference: DAY_COUNT_REF,
    }),
  ],
  facts: withNoDoubleBenefit([
    {
      name: 'loanRecognised',
      type: 'boolean',
      label: L('经认定为扩大自身生产经营的贷款', 'Recognised as a loan to expand the firm\'s own production or business'),
      source: 'bureau',
      evidence: true,
    },
    {
      name: 'loanPrincipalFen',
      type: 'fen',
      label: L('贷款本金', 'Loan principal'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'bankRateBp',
      type: 'rateBp',
      label: L('商业银行同期贷款年利率（基点，4.35% = 435）', "The commercial bank's annual rate for the same term (bp, 4.35 % = 435)"),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'loanDate',
      type: 'date',
      label: L('贷款日（放款日）', 'Loan date (drawdown)'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'interestPaidFen',
      type: 'fen',
      label: L('当年贴息期内实付利息', 'Interest actually paid in the year for days inside the window'),
      source: 'applicant',
      evidence: true,
      optional: true,
      doc: L('提供时贴息不超过其 50%（如提前还款）。', 'When given, the subsidy is at most 50 % of it (e.g. after early repayment).'),
    },
  ]),
  formula(c) {
    const recognised = c.condition('recognised', L('贷款经认定', 'The loan is recognised'), c.bool('loanRecognised'), R);
    const loanDate = c.date('loanDate');
    const end = c.computed(
      'windowEnd',
      L('贴息期止（不含当日）', 'End of the window (exclusive)'),
      addYears(loanDate, c.param.int('windowYears')),
      'date',
      '《民法典》第二百零三条',
    );
    const days = c.computed('daysInWindow', L(`${c.year} 年落在贴息期内的天数`, `Days of ${c.year} inside the window`), daysInYear(loanDate, end, c.year), 'days', R);
    const inWindow = c.condition('withinFirstTwoYears', L('当年有天数在贷款之日起两年内', 'Part of the year lies within two years of the loan date'), days > 0, R);
    if (!(recognised && inWindow)) return c.notEligible();
    const principal = c.fen('loanPrincipalFen');
    const rate = c.rateBp('bankRateBp');
    const basis = BigInt(c.param.int('dayCountBasis'));
    const share = c.param.bp('subsidyShareBp');
    const d = BigInt(days);
    c.computed(
      'bankInterest',
      L('按同期利率计算的贴息期利息（四舍五入到分）', 'Interest at the bank rate for those days (rounded half up)'),
      divHalfUp(principal * rate * d, 10_000n * basis),
      'fen',
      DAY_COUNT_REF,
    );
    let amount = c.computed(
      'subsidyBeforeCaps',
      L('本金 × 利率 × 50% × 天数 ÷ 360（四舍五入到分）', 'Principal × rate × 50 % × days ÷ 360 (rounded half up)'),
      divHalfUp(principal * rate * share * d, 10_000n * 10_000n * basis),
      'fen',
      R,
    );
    if (c.has('interestPaidFen')) {
      amount = c.cap('interestPaidCap', L('不超过实付利息的 50%', 'At most 50 % of the interest paid'), amount, applyRateBp(c.fen('interestPaidFen'), share), R);
    }
    amount = c.cap('annualCap', L('每年最高 20 万元', 'At most 200,000 yuan a year'), amount, c.param.fen('annualCapFen'), R);
    return { eligible: true, amountFen: amount, benefitKeys: [`loan-interest:${c.year}`] };
  },
};
