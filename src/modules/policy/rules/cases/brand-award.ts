import { clean, type RuleCase } from './types.ts';

const base = { ...clean, brandReference: '荣昌夏布' };

export const brandAwardCases: RuleCase[] = [
  { name: 'district brand, 30,000 yuan decided', year: 2025, facts: { ...base, brandLevel: 'district', districtAwardFen: 3_000_000 }, expect: { amountFen: 3_000_000, eligible: true, benefitKeys: ['brand-award:district:荣昌夏布'] } },
  { name: 'district brand at the lower end, 20,000', year: 2025, facts: { ...base, brandLevel: 'district', districtAwardFen: 2_000_000 }, expect: { amountFen: 2_000_000, eligible: true } },
  { name: 'district brand at the upper end, 50,000', year: 2025, facts: { ...base, brandLevel: 'district', districtAwardFen: 5_000_000 }, expect: { amountFen: 5_000_000, eligible: true } },
  { name: 'district amount below 20,000 is refused', year: 2025, facts: { ...base, brandLevel: 'district', districtAwardFen: 1_999_999 }, expect: { error: 'INVALID_FACT', fields: ['districtAwardFen'] } },
  { name: 'district amount above 50,000 is refused', year: 2025, facts: { ...base, brandLevel: 'district', districtAwardFen: 5_000_001 }, expect: { error: 'INVALID_FACT', fields: ['districtAwardFen'] } },
  { name: 'district brand without the decided amount', year: 2025, facts: { ...base, brandLevel: 'district' }, expect: { error: 'MISSING_FACT', fields: ['districtAwardFen'] } },
  { name: 'Chongqing famous brand: 100 % of the municipal award', year: 2025, facts: { ...base, brandLevel: 'chongqing', higherLevelAwardFen: 10_000_000 }, expect: { amountFen: 10_000_000, eligible: true, benefitKeys: ['brand-award:chongqing:荣昌夏布'] } },
  { name: 'national brand: 100 % of an odd national award', year: 2025, facts: { ...base, brandLevel: 'national', higherLevelAwardFen: 12_345_678 }, expect: { amountFen: 12_345_678, eligible: true } },
  { name: 'national brand without the national award', year: 2025, facts: { ...base, brandLevel: 'national' }, expect: { error: 'MISSING_FACT', fields: ['higherLevelAwardFen'] } },
  { name: 'a brand with a district award may later be matched at Chongqing level', year: 2026, facts: { ...base, brandLevel: 'chongqing', higherLevelAwardFen: 5_000_000, priorBenefits: ['brand-award:district:荣昌夏布'] }, expect: { amountFen: 5_000_000, eligible: true } },
  { name: 'the same brand at the same level again', year: 2026, facts: { ...base, brandLevel: 'district', districtAwardFen: 3_000_000, priorBenefits: ['brand-award:district:荣昌夏布'] }, expect: { amountFen: 0, eligible: false, trace: ['priorBenefitExclusion'] } },
  { name: 'another brand of the same firm', year: 2026, facts: { ...base, brandReference: '荣昌陶', brandLevel: 'district', districtAwardFen: 3_000_000, priorBenefits: ['brand-award:district:荣昌夏布'] }, expect: { amountFen: 3_000_000, eligible: true } },
  { name: 'a provincial level does not exist', year: 2025, facts: { ...base, brandLevel: 'province', higherLevelAwardFen: 1 }, expect: { error: 'INVALID_FACT', fields: ['brandLevel'] } },
];
