import { clean, type RuleCase } from './types.ts';

export const outstandingNewFirmCases: RuleCase[] = [
  { name: 'selected: 20,000 yuan within the quota of 10 a year', year: 2025, facts: { ...clean, selectedByBureau: true }, expect: { amountFen: 2_000_000, eligible: true, benefitKeys: ['outstanding-new-firm'], annualQuota: { key: 'outstanding-new-firm:2025', max: 10 } } },
  { name: 'not selected', year: 2025, facts: { ...clean, selectedByBureau: false }, expect: { amountFen: 0, eligible: false, trace: ['selected'], annualQuota: null } },
  { name: 'a firm is new only once', year: 2026, facts: { ...clean, selectedByBureau: true, priorBenefits: ['outstanding-new-firm'] }, expect: { amountFen: 0, eligible: false, trace: ['priorBenefitExclusion'], annualQuota: null } },
  { name: 'a similar city award for new firms', year: 2025, facts: { ...clean, selectedByBureau: true, similarAwardReceived: true }, expect: { amountFen: 0, eligible: false, trace: ['similarAwardExclusion'] } },
];
