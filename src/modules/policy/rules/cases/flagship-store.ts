import { clean, type RuleCase } from './types.ts';

const base = {
  ...clean,
  registeredInRongchang: true,
  traditionalEnterprise: true,
  storePlatform: 'jd',
  storeKind: 'flagship',
  sellsRongchangProducts: true,
  storeOpenedOn: '2024-03-01',
  storeRunningNormally: true,
  storeTurnoverFen: 80_000_000, // 800,000 yuan
  storeOperatingCostFen: 6_000_000, // 60,000 yuan
};

export const flagshipStoreCases: RuleCase[] = [
  { name: '60,000 yuan operating cost: half is 30,000', year: 2025, facts: base, expect: { amountFen: 3_000_000, eligible: true, benefitKeys: ['flagship-store'], trace: ['runningYearCompleteOn', 'runningOneYear', 'turnoverReached', 'shareOfCost', 'cap'] } },
  { name: '100,000 yuan cost: exactly the 50,000 cap', year: 2025, facts: { ...base, storeOperatingCostFen: 10_000_000 }, expect: { amountFen: 5_000_000, eligible: true } },
  { name: '150,000 yuan cost: capped at 50,000', year: 2025, facts: { ...base, storeOperatingCostFen: 15_000_000 }, expect: { amountFen: 5_000_000, eligible: true, trace: ['cap'] } },
  { name: 'opened 31 Dec of last year: exactly one year by 31 Dec (一年以上 includes one year)', year: 2025, facts: { ...base, storeOpenedOn: '2024-12-31' }, expect: { amountFen: 3_000_000, eligible: true } },
  { name: 'opened 1 Jan of the year: one day short of a year', year: 2025, facts: { ...base, storeOpenedOn: '2025-01-01' }, expect: { amountFen: 0, eligible: false, trace: ['runningOneYear'] } },
  { name: 'opened 29 Feb 2024: the year completes on 28 Feb 2025 (month end)', year: 2025, facts: { ...base, storeOpenedOn: '2024-02-29' }, expect: { amountFen: 3_000_000, eligible: true } },
  { name: 'turnover exactly the 500,000-yuan threshold (达到 includes it)', year: 2025, facts: { ...base, storeTurnoverFen: 50_000_000 }, expect: { amountFen: 3_000_000, eligible: true } },
  { name: 'turnover one fen short of the threshold', year: 2025, facts: { ...base, storeTurnoverFen: 49_999_999 }, expect: { amountFen: 0, eligible: false, trace: ['turnoverReached'] } },
  { name: 'a store on a platform that is not national', year: 2025, facts: { ...base, storePlatform: 'other' }, expect: { amountFen: 0, eligible: false, trace: ['nationalPlatform'] } },
  { name: 'an ordinary shop, neither flagship nor specialty', year: 2025, facts: { ...base, storeKind: 'other' }, expect: { amountFen: 0, eligible: false, trace: ['flagshipOrSpecialty'] } },
  { name: 'a firm not registered in Rongchang', year: 2025, facts: { ...base, registeredInRongchang: false }, expect: { amountFen: 0, eligible: false, trace: ['registered'] } },
  { name: 'a born-online firm is not a traditional enterprise', year: 2025, facts: { ...base, traditionalEnterprise: false }, expect: { amountFen: 0, eligible: false, trace: ['traditional'] } },
  { name: 'a store opened before the policy is not new', year: 2025, facts: { ...base, storeOpenedOn: '2014-06-01' }, expect: { amountFen: 0, eligible: false, trace: ['newStore'] } },
  { name: 'a second store on another platform: once per firm', year: 2025, facts: { ...base, storePlatform: 'tmall', priorBenefits: ['flagship-store'] }, expect: { amountFen: 0, eligible: false, trace: ['priorBenefitExclusion'] } },
  {
    name: 'the bureau raises the threshold to 1,000,000 yuan from 2025: 800,000 no longer reaches it',
    year: 2025,
    facts: base,
    params: { 'flagship-store': { minTurnoverFen: [{ from: '2025-01-01', value: 100_000_000, reference: '区商务局 2024 年第 9 次会议' }] } },
    expect: { amountFen: 0, eligible: false, trace: ['param.minTurnoverFen', 'turnoverReached'] },
  },
  {
    name: 'the raised threshold does not reach back to 2024',
    year: 2024,
    facts: { ...base, storeOpenedOn: '2023-03-01' },
    params: { 'flagship-store': { minTurnoverFen: [{ from: '2025-01-01', value: 100_000_000, reference: '区商务局 2024 年第 9 次会议' }] } },
    expect: { amountFen: 3_000_000, eligible: true },
  },
  { name: 'an opening date that is not a date', year: 2025, facts: { ...base, storeOpenedOn: '2024-02-30' }, expect: { error: 'INVALID_FACT', fields: ['storeOpenedOn'] } },
];
