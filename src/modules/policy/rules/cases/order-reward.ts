import { clean, type RuleCase } from './types.ts';

const base = { ...clean, registeredInRongchang: true };

export const orderRewardCases: RuleCase[] = [
  { name: '19,999 orders: below 2万单以上', year: 2025, facts: { ...base, qualifyingOrders: 19_999 }, expect: { amountFen: 0, eligible: false, trace: ['enoughOrders'], benefitKeys: [] } },
  { name: 'exactly 20,000 orders: 以上 includes the number → 40,000 yuan', year: 2025, facts: { ...base, qualifyingOrders: 20_000 }, expect: { amountFen: 4_000_000, eligible: true, benefitKeys: ['order-reward:2025'] } },
  { name: '150,000 orders: exactly the 300,000-yuan cap', year: 2025, facts: { ...base, qualifyingOrders: 150_000 }, expect: { amountFen: 30_000_000, eligible: true, trace: ['rewardBeforeCap', 'annualCap'] } },
  { name: '150,001 orders: 300,002 yuan capped at 300,000', year: 2025, facts: { ...base, qualifyingOrders: 150_001 }, expect: { amountFen: 30_000_000, eligible: true, trace: ['annualCap'] } },
  { name: 'a million orders: still 300,000 yuan', year: 2025, facts: { ...base, qualifyingOrders: 1_000_000 }, expect: { amountFen: 30_000_000, eligible: true } },
  { name: 'not registered in Rongchang', year: 2025, facts: { ...base, registeredInRongchang: false, qualifyingOrders: 50_000 }, expect: { amountFen: 0, eligible: false, trace: ['registered'] } },
  { name: 'similar district award received (四(七))', year: 2025, facts: { ...base, qualifyingOrders: 50_000, similarAwardReceived: true }, expect: { amountFen: 0, eligible: false, trace: ['similarAwardExclusion'], benefitKeys: [] } },
  { name: "this year's reward already paid (四(七))", year: 2025, facts: { ...base, qualifyingOrders: 50_000, priorBenefits: ['order-reward:2025'] }, expect: { amountFen: 0, eligible: false, trace: ['priorBenefitExclusion'] } },
  { name: "last year's reward does not block this year's", year: 2025, facts: { ...base, qualifyingOrders: 30_000, priorBenefits: ['order-reward:2024'] }, expect: { amountFen: 6_000_000, eligible: true, benefitKeys: ['order-reward:2025'] } },
  { name: 'platform facts the programme does not use are ignored', year: 2025, facts: { ...base, qualifyingOrders: 20_000, annualTurnoverFen: 123, parkTenant: true, parkTenancyYear: 2, priorMaxAnnualTurnoverFen: 0 }, expect: { amountFen: 4_000_000, eligible: true } },
  { name: 'priorBenefits may be omitted (taken as none)', year: 2025, facts: { registeredInRongchang: true, qualifyingOrders: 20_000, similarAwardReceived: false }, expect: { amountFen: 4_000_000, eligible: true, trace: ['priorBenefitsGiven'] } },
  { name: 'missing orders', year: 2025, facts: { ...base }, expect: { error: 'MISSING_FACT', fields: ['qualifyingOrders'] } },
  { name: 'no 四(七) declaration: taken as none, and the trace says so', year: 2025, facts: { registeredInRongchang: true, qualifyingOrders: 20_000 }, expect: { amountFen: 4_000_000, eligible: true, trace: ['similarAwardReceived', 'priorBenefitsGiven'] } },
  { name: 'negative orders', year: 2025, facts: { ...base, qualifyingOrders: -1 }, expect: { error: 'INVALID_FACT', fields: ['qualifyingOrders'] } },
  { name: 'orders as a string', year: 2025, facts: { ...base, qualifyingOrders: '20000' }, expect: { error: 'INVALID_FACT', fields: ['qualifyingOrders'] } },
  { name: 'a typo is refused, not ignored', year: 2025, facts: { ...base, qualifyingOrders: 20_000, qualifyingOrder: 30_000 }, expect: { error: 'INVALID_FACT', fields: ['qualifyingOrder'] } },
  { name: 'a year before the policy', year: 2014, facts: { ...base, qualifyingOrders: 20_000 }, expect: { error: 'INVALID_YEAR' } },
];
