import { clean, type RuleCase } from './types.ts';

const base = { ...clean, parkTenant: true, registeredInRongchang: true, priorMaxAnnualTurnoverFen: 0 };
const yuan = (n: number) => n * 100;

export const turnoverMilestoneCases: RuleCase[] = [
  { name: 'exactly 10,000,000 yuan is not a breakthrough (突破 excludes the number)', year: 2025, facts: { ...base, annualTurnoverFen: yuan(10_000_000) }, expect: { amountFen: 0, eligible: false, trace: ['milestone1FirstPassed'] } },
  { name: '10,000,001 yuan: first breakthrough of 10 M → 30,000', year: 2025, facts: { ...base, annualTurnoverFen: yuan(10_000_001) }, expect: { amountFen: 3_000_000, eligible: true, benefitKeys: ['turnover-milestone:10000000'] } },
  { name: 'one fen above 10 M is already above it', year: 2025, facts: { ...base, annualTurnoverFen: yuan(10_000_000) + 1 }, expect: { amountFen: 3_000_000, eligible: true } },
  { name: 'one year passes 10 M and 50 M: both milestones paid', year: 2025, facts: { ...base, annualTurnoverFen: yuan(60_000_000) }, expect: { amountFen: 8_000_000, eligible: true, benefitKeys: ['turnover-milestone:10000000', 'turnover-milestone:50000000'], trace: ['milestone1Award', 'milestone2Award', 'totalAward'] } },
  { name: '10 M passed in an earlier year: only 50 M is new', year: 2025, facts: { ...base, annualTurnoverFen: yuan(60_000_000), priorMaxAnnualTurnoverFen: yuan(20_000_000) }, expect: { amountFen: 5_000_000, eligible: true, benefitKeys: ['turnover-milestone:50000000'] } },
  { name: 'an earlier year of exactly 10 M had not passed it', year: 2025, facts: { ...base, annualTurnoverFen: yuan(60_000_000), priorMaxAnnualTurnoverFen: yuan(10_000_000) }, expect: { amountFen: 8_000_000, eligible: true } },
  { name: 'all four milestones in one year: 380,000', year: 2025, facts: { ...base, annualTurnoverFen: yuan(600_000_000) }, expect: { amountFen: 38_000_000, eligible: true, benefitKeys: ['turnover-milestone:10000000', 'turnover-milestone:50000000', 'turnover-milestone:100000000', 'turnover-milestone:500000000'] } },
  { name: 'a milestone already paid is skipped, the other still paid', year: 2025, facts: { ...base, annualTurnoverFen: yuan(60_000_000), priorBenefits: ['turnover-milestone:10000000'] }, expect: { amountFen: 5_000_000, eligible: true, benefitKeys: ['turnover-milestone:50000000'], trace: ['milestone1NotYetPaid'] } },
  { name: 'the only new milestone already paid: nothing', year: 2025, facts: { ...base, annualTurnoverFen: yuan(60_000_000), priorMaxAnnualTurnoverFen: yuan(20_000_000), priorBenefits: ['turnover-milestone:50000000'] }, expect: { amountFen: 0, eligible: false } },
  { name: 'turnover fell back below an earlier peak', year: 2025, facts: { ...base, annualTurnoverFen: yuan(8_000_000), priorMaxAnnualTurnoverFen: yuan(12_000_000) }, expect: { amountFen: 0, eligible: false } },
  { name: 'a firm outside the park', year: 2025, facts: { ...base, parkTenant: false, annualTurnoverFen: yuan(60_000_000) }, expect: { amountFen: 0, eligible: false, trace: ['inPark'] } },
  { name: 'a park firm not registered in Rongchang', year: 2025, facts: { ...base, registeredInRongchang: false, annualTurnoverFen: yuan(60_000_000) }, expect: { amountFen: 0, eligible: false, trace: ['registered'] } },
  { name: 'a similar city award for the same milestone', year: 2025, facts: { ...base, annualTurnoverFen: yuan(60_000_000), similarAwardReceived: true }, expect: { amountFen: 0, eligible: false, trace: ['similarAwardExclusion'] } },
  { name: 'turnover given as a bigint (as the platform supplies it)', year: 2025, facts: { ...base, annualTurnoverFen: 1_000_000_100n, priorMaxAnnualTurnoverFen: 0n }, expect: { amountFen: 3_000_000, eligible: true } },
];
