/** Declarative cases of every programme, by programme id. */
import { brandAwardCases } from './brand-award.ts';
import { demonstrationBaseCases } from './demonstration-base.ts';
import { demonstrationEnterpriseCases } from './demonstration-enterprise.ts';
import { flagshipStoreCases } from './flagship-store.ts';
import { loanInterestCases } from './loan-interest.ts';
import { newLargeFirmCases } from './new-large-firm.ts';
import { orderRewardCases } from './order-reward.ts';
import { outstandingNewFirmCases } from './outstanding-new-firm.ts';
import { parkRentCases } from './park-rent.ts';
import { platformProjectCases } from './platform-project.ts';
import { ruralInfoStationCases } from './rural-info-station.ts';
import { trainingCases } from './training.ts';
import { turnoverMilestoneCases } from './turnover-milestone.ts';
import type { RuleCase } from './types.ts';

export type { RuleCase } from './types.ts';

export const CASES: Record<string, RuleCase[]> = {
  'demonstration-base': demonstrationBaseCases,
  'park-rent': parkRentCases,
  'platform-project': platformProjectCases,
  'flagship-store': flagshipStoreCases,
  'outstanding-new-firm': outstandingNewFirmCases,
  'brand-award': brandAwardCases,
  'order-reward': orderRewardCases,
  'turnover-milestone': turnoverMilestoneCases,
  'demonstration-enterprise': demonstrationEnterpriseCases,
  'new-large-firm': newLargeFirmCases,
  'rural-info-station': ruralInfoStationCases,
  training: trainingCases,
  'loan-interest': loanInterestCases,
};
