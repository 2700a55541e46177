import { clean, type RuleCase } from './types.ts';

export const demonstrationEnterpriseCases: RuleCase[] = [
  { name: 'national demonstration enterprise: 100,000', year: 2025, facts: { ...clean, demonstrationLevel: 'national' }, expect: { amountFen: 10_000_000, eligible: true, benefitKeys: ['demonstration-enterprise:national'], annualQuota: null } },
  { name: 'Chongqing demonstration enterprise: 50,000', year: 2025, facts: { ...clean, demonstrationLevel: 'chongqing' }, expect: { amountFen: 5_000_000, eligible: true, benefitKeys: ['demonstration-enterprise:chongqing'] } },
  { name: 'district demonstration enterprise: 20,000, at most 5 a year', year: 2025, facts: { ...clean, demonstrationLevel: 'district' }, expect: { amountFen: 2_000_000, eligible: true, annualQuota: { key: 'demonstration-enterprise:district:2025', max: 5 } } },
  { name: 'district level awarded before', year: 2026, facts: { ...clean, demonstrationLevel: 'district', priorBenefits: ['demonstration-enterprise:district'] }, expect: { amountFen: 0, eligible: false, trace: ['priorBenefitExclusion'] } },
  { name: 'a district award earlier does not block the national one', year: 2026, facts: { ...clean, demonstrationLevel: 'national', priorBenefits: ['demonstration-enterprise:district'] }, expect: { amountFen: 10_000_000, eligible: true } },
  { name: 'a Chongqing award for the same recognition already received', year: 2025, facts: { ...clean, demonstrationLevel: 'chongqing', similarAwardReceived: true }, expect: { amountFen: 0, eligible: false, trace: ['similarAwardExclusion'] } },
];
