import { clean, type RuleCase } from './types.ts';

const base = {
  ...clean,
  establishedOn: '2024-05-10',
  tertiaryShareBp: 25,
  jobsCreated: 40,
  retailSalesFen: 2_000_000_000, // 20,000,000 yuan
  taxContributionFen: 50_000_000, // 500,000 yuan
};

export const newLargeFirmCases: RuleCase[] = [
  // 25 bp × 1,000 yuan + 40 × 2,000 yuan + 0.5 % × 20 M + 20 % × 500,000 = 25,000 + 80,000 + 100,000 + 100,000 yuan.
  { name: 'weighted factors with the default weights: 305,000 yuan', year: 2025, facts: base, expect: { amountFen: 30_500_000, eligible: true, benefitKeys: ['new-large-firm:2025'], trace: ['shareComponent', 'jobsComponent', 'retailComponent', 'taxComponent', 'weightedSum', 'annualCap'] } },
  { name: 'a large firm is capped at 1,000,000 yuan', year: 2025, facts: { ...base, tertiaryShareBp: 500, jobsCreated: 500 }, expect: { amountFen: 100_000_000, eligible: true } },
  { name: 'rates round half up to the fen per factor', year: 2025, facts: { ...base, tertiaryShareBp: 0, jobsCreated: 0, retailSalesFen: 1_234_567, taxContributionFen: 99 }, expect: { amountFen: 6_193, eligible: true } },
  { name: 'established on 1 Jan of last year: still new', year: 2025, facts: { ...base, establishedOn: '2024-01-01' }, expect: { amountFen: 30_500_000, eligible: true } },
  { name: 'established 31 Dec the year before last: no longer new', year: 2025, facts: { ...base, establishedOn: '2023-12-31' }, expect: { amountFen: 0, eligible: false, trace: ['newlyEstablished'] } },
  { name: 'established after the year', year: 2025, facts: { ...base, establishedOn: '2026-01-01' }, expect: { amountFen: 0, eligible: false } },
  { name: 'a key firm decided case by case', year: 2025, facts: { ...base, keyFirm: true, caseByCaseAmountFen: 300_000_000 }, expect: { amountFen: 300_000_000, eligible: true, trace: ['caseByCase'] } },
  { name: 'a key firm without the decided amount', year: 2025, facts: { ...base, keyFirm: true }, expect: { error: 'MISSING_FACT', fields: ['caseByCaseAmountFen'] } },
  {
    name: 'the bureau sets 3,000 yuan a job from 2025',
    year: 2025,
    facts: base,
    params: { 'new-large-firm': { perJobFen: [{ from: '2025-01-01', value: 300_000, reference: '区商务局通知' }] } },
    expect: { amountFen: 34_500_000, eligible: true },
  },
  { name: 'paid already this year', year: 2025, facts: { ...base, priorBenefits: ['new-large-firm:2025'] }, expect: { amountFen: 0, eligible: false, trace: ['priorBenefitExclusion'] } },
];
