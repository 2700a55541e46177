import { clean, type RuleCase } from './types.ts';

// 5,000,000 yuan at 4.35 %, drawn 15 March 2024: the window is [2024-03-15, 2026-03-15).
const base = { ...clean, loanRecognised: true, loanPrincipalFen: 500_000_000, bankRateBp: 435, loanDate: '2024-03-15' };

export const loanInterestCases: RuleCase[] = [
  // 292 days of 2024: 5e8 × 435 × 50 % × 292 / 360 / 10^4 = 8,820,833.3 fen.
  { name: 'the loan year: 292 days', year: 2024, facts: base, expect: { amountFen: 8_820_833, eligible: true, benefitKeys: ['loan-interest:2024'], trace: ['windowEnd', 'daysInWindow', 'bankInterest', 'subsidyBeforeCaps', 'annualCap'] } },
  // 365 days: 11,026,041.7 fen.
  { name: 'the full second year: 365 days', year: 2025, facts: base, expect: { amountFen: 11_026_042, eligible: true } },
  // 1 Jan – 14 Mar 2026 = 73 days: 2,205,208.3 fen.
  { name: 'the last 73 days up to the second anniversary (excluded)', year: 2026, facts: base, expect: { amountFen: 2_205_208, eligible: true } },
  { name: 'the third year: outside the window', year: 2027, facts: base, expect: { amountFen: 0, eligible: false, trace: ['withinFirstTwoYears'] } },
  // 10,000,000 yuan: 22,052,083 fen in 2025 → capped at 200,000 yuan.
  { name: 'a large loan is capped at 200,000 yuan a year', year: 2025, facts: { ...base, loanPrincipalFen: 1_000_000_000 }, expect: { amountFen: 20_000_000, eligible: true, trace: ['annualCap'] } },
  { name: 'interest actually paid caps the subsidy at half of it', year: 2025, facts: { ...base, interestPaidFen: 10_000_000 }, expect: { amountFen: 5_000_000, eligible: true, trace: ['interestPaidCap'] } },
  { name: 'interest paid above the computed amount changes nothing', year: 2025, facts: { ...base, interestPaidFen: 30_000_000 }, expect: { amountFen: 11_026_042, eligible: true } },
  // Drawn 31 Dec 2023: window [2023-12-31, 2025-12-31), 364 days of 2025; 1,000,000 yuan → 2,199,166.7 fen.
  { name: 'drawn on 31 Dec: the window ends the day before the second anniversary', year: 2025, facts: { ...base, loanDate: '2023-12-31', loanPrincipalFen: 100_000_000 }, expect: { amountFen: 2_199_167, eligible: true } },
  { name: 'drawn on 31 Dec: the second anniversary year is outside', year: 2026, facts: { ...base, loanDate: '2023-12-31', loanPrincipalFen: 100_000_000 }, expect: { amountFen: 0, eligible: false } },
  // Drawn 29 Feb 2024: the window ends 28 Feb 2026 (month end); 58 days of 2026; 360,000 yuan at 10 % → 290,000 fen.
  { name: 'drawn on 29 Feb: the anniversary falls on 28 Feb', year: 2026, facts: { ...base, loanDate: '2024-02-29', loanPrincipalFen: 36_000_000, bankRateBp: 1000 }, expect: { amountFen: 290_000, eligible: true } },
  { name: 'a loan not recognised by the bureau', year: 2025, facts: { ...base, loanRecognised: false }, expect: { amountFen: 0, eligible: false, trace: ['recognised'] } },
  { name: 'already subsidised this year', year: 2025, facts: { ...base, priorBenefits: ['loan-interest:2025'] }, expect: { amountFen: 0, eligible: false, trace: ['priorBenefitExclusion'] } },
  { name: 'a rate given as a percentage string', year: 2025, facts: { ...base, bankRateBp: '4.35%' }, expect: { error: 'INVALID_FACT', fields: ['bankRateBp'] } },
];
