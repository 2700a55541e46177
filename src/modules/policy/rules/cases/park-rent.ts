import { clean, type RuleCase } from './types.ts';

// 60,000.00 yuan rent + 3,000.55 yuan broadband = 6,300,055 fen.
const base = { ...clean, registeredInRongchang: true, parkTenant: true, rentPaidFen: 6_000_000, broadbandPaidFen: 300_055 };

export const parkRentCases: RuleCase[] = [
  { name: 'tenancy year 1: 100 %', year: 2025, facts: { ...base, parkTenancyYear: 1 }, expect: { amountFen: 6_300_055, eligible: true, benefitKeys: ['park-rent:2025'], trace: ['rateBp', 'costPaid', 'subsidy'] } },
  { name: 'tenancy year 3: still 100 % (前3年 includes year 3)', year: 2025, facts: { ...base, parkTenancyYear: 3 }, expect: { amountFen: 6_300_055, eligible: true } },
  { name: 'tenancy year 4: 50 %, half a fen rounds up', year: 2025, facts: { ...base, parkTenancyYear: 4 }, expect: { amountFen: 3_150_028, eligible: true } },
  { name: 'tenancy year 5: 50 % (第4-5年 includes year 5)', year: 2025, facts: { ...base, parkTenancyYear: 5 }, expect: { amountFen: 3_150_028, eligible: true } },
  { name: 'tenancy year 6: nothing', year: 2025, facts: { ...base, parkTenancyYear: 6 }, expect: { amountFen: 0, eligible: false, trace: ['withinSubsidyYears'] } },
  { name: 'not a park tenant', year: 2025, facts: { ...base, parkTenant: false, parkTenancyYear: 0 }, expect: { amountFen: 0, eligible: false, trace: ['inPark'] } },
  { name: 'park tenant not registered in Rongchang', year: 2025, facts: { ...base, registeredInRongchang: false, parkTenancyYear: 2 }, expect: { amountFen: 0, eligible: false, trace: ['registered'] } },
  { name: 'one fen of broadband at 50 %: 0.5 fen rounds half up to 1', year: 2025, facts: { ...base, rentPaidFen: 0, broadbandPaidFen: 1, parkTenancyYear: 4 }, expect: { amountFen: 1, eligible: true } },
  { name: "this year's rent already subsidised", year: 2025, facts: { ...base, parkTenancyYear: 2, priorBenefits: ['park-rent:2025', 'park-rent:2024'] }, expect: { amountFen: 0, eligible: false, trace: ['priorBenefitExclusion'] } },
  { name: 'similar city rent subsidy received', year: 2025, facts: { ...base, parkTenancyYear: 2, similarAwardReceived: true }, expect: { amountFen: 0, eligible: false, trace: ['similarAwardExclusion'] } },
  { name: 'rent in yuan with decimals is refused (fen are integers)', year: 2025, facts: { ...base, parkTenancyYear: 1, rentPaidFen: 60000.5 }, expect: { error: 'INVALID_FACT', fields: ['rentPaidFen'] } },
  { name: 'missing rent and broadband', year: 2025, facts: { ...clean, registeredInRongchang: true, parkTenant: true, parkTenancyYear: 1 }, expect: { error: 'MISSING_FACT', fields: ['rentPaidFen', 'broadbandPaidFen'] } },
];
