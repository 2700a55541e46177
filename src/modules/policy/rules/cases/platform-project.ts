import { clean, type RuleCase } from './types.ts';

const base = { ...clean, applicantKind: 'ecommerce-enterprise', projectReference: 'P-1' };

export const platformProjectCases: RuleCase[] = [
  { name: '500,000 yuan invested: 30 % = 150,000 yuan', year: 2025, facts: { ...base, ownFundsInvestmentFen: 50_000_000 }, expect: { amountFen: 15_000_000, eligible: true, benefitKeys: ['platform-project:P-1'], trace: ['shareOfInvestment', 'perProjectCap'] } },
  { name: '1,000,000 yuan invested: exactly the 300,000 cap', year: 2025, facts: { ...base, ownFundsInvestmentFen: 100_000_000 }, expect: { amountFen: 30_000_000, eligible: true } },
  { name: '1,000,001 yuan invested: capped at 300,000', year: 2025, facts: { ...base, ownFundsInvestmentFen: 100_000_100 }, expect: { amountFen: 30_000_000, eligible: true } },
  { name: 'a trade association qualifies too', year: 2025, facts: { ...base, applicantKind: 'trade-association', ownFundsInvestmentFen: 1_000_000 }, expect: { amountFen: 300_000, eligible: true } },
  { name: '333.33 yuan: 9,999.9 fen rounds half up to 10,000', year: 2025, facts: { ...base, ownFundsInvestmentFen: 33_333 }, expect: { amountFen: 10_000, eligible: true } },
  { name: 'neither an e-commerce firm nor an association', year: 2025, facts: { ...base, applicantKind: 'other', ownFundsInvestmentFen: 50_000_000 }, expect: { amountFen: 0, eligible: false, trace: ['eligibleApplicant'] } },
  { name: 'the same project again', year: 2026, facts: { ...base, ownFundsInvestmentFen: 50_000_000, priorBenefits: ['platform-project:P-1'] }, expect: { amountFen: 0, eligible: false, trace: ['priorBenefitExclusion'] } },
  { name: 'a second project of the same firm', year: 2026, facts: { ...base, projectReference: 'P-2', ownFundsInvestmentFen: 50_000_000, priorBenefits: ['platform-project:P-1'] }, expect: { amountFen: 15_000_000, eligible: true, benefitKeys: ['platform-project:P-2'] } },
  { name: 'an unknown applicant kind', year: 2025, facts: { ...base, applicantKind: 'bank', ownFundsInvestmentFen: 1 }, expect: { error: 'INVALID_FACT', fields: ['applicantKind'] } },
];
