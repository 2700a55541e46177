import { clean, type RuleCase } from './types.ts';

const base = { ...clean, trainingInPark: true };

export const trainingCases: RuleCase[] = [
  { name: '100,000 yuan for 300 trainees: half the cost', year: 2025, facts: { ...base, trainingCostFen: 10_000_000, trainees: 300 }, expect: { amountFen: 5_000_000, eligible: true, benefitKeys: ['training:2025'] } },
  { name: '100,000 yuan for 50 trainees: 500 yuan a trainee', year: 2025, facts: { ...base, trainingCostFen: 10_000_000, trainees: 50 }, expect: { amountFen: 2_500_000, eligible: true, trace: ['perTraineeCap'] } },
  { name: '1,000,000 yuan for 1,000 trainees: the yearly cap of 200,000', year: 2025, facts: { ...base, trainingCostFen: 100_000_000, trainees: 1000 }, expect: { amountFen: 20_000_000, eligible: true, trace: ['annualCap'] } },
  { name: 'three fen at 50 %: 1.5 fen rounds half up to 2', year: 2025, facts: { ...base, trainingCostFen: 3, trainees: 1 }, expect: { amountFen: 2, eligible: true } },
  { name: 'training outside the park', year: 2025, facts: { ...base, trainingInPark: false, trainingCostFen: 10_000_000, trainees: 300 }, expect: { amountFen: 0, eligible: false, trace: ['heldInPark'] } },
  { name: 'no trainees', year: 2025, facts: { ...base, trainingCostFen: 10_000_000, trainees: 0 }, expect: { amountFen: 0, eligible: false } },
  { name: 'a similar training subsidy from the human-resources bureau', year: 2025, facts: { ...base, trainingCostFen: 10_000_000, trainees: 300, similarAwardReceived: true }, expect: { amountFen: 0, eligible: false, trace: ['similarAwardExclusion'] } },
];
