import { clean, type RuleCase } from './types.ts';

const raised = { 'demonstration-base': { annualGrantFen: [{ from: '2026-01-01', value: 80_000_000, reference: '区政府常务会议纪要' }] } };

export const demonstrationBaseCases: RuleCase[] = [
  { name: 'the designated operator: the default 500,000 yuan', year: 2025, facts: { ...clean, designatedOperator: true }, expect: { amountFen: 50_000_000, eligible: true, benefitKeys: ['demonstration-base:2025'], trace: ['param.annualGrantFen', 'grant'] } },
  { name: 'not the designated operator', year: 2025, facts: { ...clean, designatedOperator: false }, expect: { amountFen: 0, eligible: false } },
  { name: 'the bureau sets 800,000 yuan from 2026: 2026 gets it', year: 2026, facts: { ...clean, designatedOperator: true }, params: raised, expect: { amountFen: 80_000_000, eligible: true } },
  { name: '…and 2025 keeps the earlier value', year: 2025, facts: { ...clean, designatedOperator: true }, params: raised, expect: { amountFen: 50_000_000, eligible: true } },
  { name: 'once a year', year: 2025, facts: { ...clean, designatedOperator: true, priorBenefits: ['demonstration-base:2025'] }, expect: { amountFen: 0, eligible: false } },
];
