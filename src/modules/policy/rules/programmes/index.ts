/** All programmes of 四(二) and 四(四), in the order of the source. */
import type { Programme } from '../types.ts';
import { brandAward } from './brand-award.ts';
import { demonstrationBase } from './demonstration-base.ts';
import { demonstrationEnterprise } from './demonstration-enterprise.ts';
import { flagshipStore } from './flagship-store.ts';
import { loanInterest } from './loan-interest.ts';
import { newLargeFirm } from './new-large-firm.ts';
import { orderReward } from './order-reward.ts';
import { outstandingNewFirm } from './outstanding-new-firm.ts';
import { parkRent } from './park-rent.ts';
import { platformProject } from './platform-project.ts';
import { ruralInfoStation } from './rural-info-station.ts';
import { training } from './training.ts';
import { turnoverMilestone } from './turnover-milestone.ts';

export const PROGRAMMES: readonly Programme[] = [
  demonstrationBase,
  parkRent,
  platformProject,
  flagshipStore,
  outstandingNewFirm,
  brandAward,
  orderReward,
  turnoverMilestone,
  demonstrationEnterprise,
  newLargeFirm,
  ruralInfoStation,
  training,
  loanInterest,
];
