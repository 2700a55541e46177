/** 四(二)2 — rent and broadband of park tenants: 100 % in years 1–3, 50 % in years 4–5. */
import { applyRateBp } from '../../../../kernel/money.ts';
import { F, L, param, ref, withNoDoubleBenefit } from '../common.ts';
import type { Programme } from '../types.ts';

const CLAUSE = '四(二)2';
const R = ref(CLAUSE);

export const parkRent: Programme = {
  id: 'park-rent',
  name: L('电子商务产业园场租、宽带补助', 'Park rent and broadband subsidy'),
  clause: {
    ref: CLAUSE,
    text: '对入驻荣昌区电子商务产业园登记注册在荣昌的电商企业,提供宽带、办公场地等硬件支持,前3年全额场租、宽带费用补助,第4-5年每年补助50%。',
  },
  kind: 'subsidy',
  doc: L(
    '入驻产业园且登记注册在荣昌的电商企业：当年实付场租与宽带费之和，入驻第 1–3 年补 100%，第 4–5 年补 50%，第 6 年起不补。入驻当年为第 1 年。比例按四舍五入到分。每年一次：扶持键 park-rent:<年度>。',
    'Park tenants registered in Rongchang: the rent and broadband actually paid in the year, 100 % in tenancy years 1–3, 50 % in years 4–5, nothing from year 6. The calendar year the tenancy began is year 1. Rates round half up to the fen. Once a year: benefit key park-rent:<year>.',
  ),
  parameters: [
    param({
      name: 'fullYears',
      unit: 'years',
      label: L('全额补助年数', 'Years of full subsidy'),
      bureauSet: false,
      doc: L('“前3年全额”：第 1 至第 3 年（含第 3 年）。', '"前3年全额": years 1 to 3 inclusive.'),
      min: 0,
      max: 10,
      value: 3,
      reference: R,
    }),
    param({
      name: 'lastYear',
      unit: 'years',
      label: L('补助的最后一年', 'Last year of the subsidy'),
      bureauSet: false,
      doc: L('“第4-5年每年补助50%”：至第 5 年（含）。', '"第4-5年每年补助50%": up to year 5 inclusive.'),
      min: 0,
      max: 10,
      value: 5,
      reference: R,
    }),
    param({
      name: 'fullRateBp',
      unit: 'bp',
      label: L('前 3 年补助比例', 'Rate in the first years'),
      bureauSet: false,
      doc: L('全额 = 100%。', 'Full = 100 %.'),
      min: 0,
      max: 10_000,
      value: 10_000,
      reference: R,
    }),
    param({
      name: 'reducedRateBp',
      unit: 'bp',
      label: L('第 4–5 年补助比例', 'Rate in years 4–5'),
      bureauSet: false,
      doc: L('每年补助 50%。', '50 % a year.'),
      min: 0,
      max: 10_000,
      value: 5_000,
      reference: R,
    }),
  ],
  facts: withNoDoubleBenefit([
    F.registeredInRongchang,
    F.parkTenant,
    F.parkTenancyYear,
    {
      name: 'rentPaidFen',
      type: 'fen',
      label: L('当年实付园区场租', 'Park rent paid in the year'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'broadbandPaidFen',
      type: 'fen',
      label: L('当年实付宽带费', 'Broadband fees paid in the year'),
      source: 'applicant',
      evidence: true,
    },
  ]),
  formula(c) {
    const registered = c.condition('registered', L('登记注册在荣昌', 'Registered in Rongchang'), c.bool('registeredInRongchang'), R);
    const tenant = c.condition('inPark', L('入驻电子商务产业园', 'Tenant of the e-commerce park'), c.bool('parkTenant'), R);
    const tenancyYear = c.int('parkTenancyYear');
    const lastYear = c.param.int('lastYear');
    const withinYears = c.condition(
      'withinSubsidyYears',
      L(`入驻第 1 至第 ${lastYear} 年`, `Tenancy year 1 to ${lastYear}`),
      tenancyYear >= 1 && tenancyYear <= lastYear,
      R,
    );
    if (!(registered && tenant && withinYears)) return c.notEligible();
    const fullYears = c.param.int('fullYears');
    const rate = tenancyYear <= fullYears ? c.param.bp('fullRateBp') : c.param.bp('reducedRateBp');
    c.computed('rateBp', L('适用补助比例', 'Rate that applies'), rate, 'bp', R);
    const base = c.computed('costPaid', L('场租与宽带费合计', 'Rent and broadband paid'), c.fen('rentPaidFen') + c.fen('broadbandPaidFen'), 'fen');
    const amount = c.computed('subsidy', L('补助金额（四舍五入到分）', 'Subsidy (rounded half up to the fen)'), applyRateBp(base, rate), 'fen', R);
    return { eligible: true, amountFen: amount, benefitKeys: [`park-rent:${c.year}`] };
  },
};
