import { clean, type RuleCase } from './types.ts';

export const ruralInfoStationCases: RuleCase[] = [
  { name: '10 stations and 12 officers at the default rates', year: 2025, facts: { ...clean, stationsAccepted: 10, officersTrained: 12 }, expect: { amountFen: 6_200_000, eligible: true, benefitKeys: ['rural-info-station:2025'] } },
  { name: '100 stations: exactly the 500,000 cap', year: 2025, facts: { ...clean, stationsAccepted: 100, officersTrained: 0 }, expect: { amountFen: 50_000_000, eligible: true } },
  { name: '120 stations: capped', year: 2025, facts: { ...clean, stationsAccepted: 120, officersTrained: 0 }, expect: { amountFen: 50_000_000, eligible: true, trace: ['annualCap'] } },
  { name: 'nothing built or trained', year: 2025, facts: { ...clean, stationsAccepted: 0, officersTrained: 0 }, expect: { amountFen: 0, eligible: false, trace: ['anyBuiltOrTrained'] } },
  { name: 'already paid this year', year: 2025, facts: { ...clean, stationsAccepted: 3, officersTrained: 3, priorBenefits: ['rural-info-station:2025'] }, expect: { amountFen: 0, eligible: false } },
];
