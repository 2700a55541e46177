/**
 * Policy (四(二), 四(四), 四(五), 四(七)): subsidy programmes as rules-as-code (./rules), the facts
 * the platform knows, applications with a second officer's confirmation, the budget as a ledger
 * account, the bureau's eligibility run and the public notice.
 */
export { ApplicationsService, type SubsidyApplication, type ApplicationStatus, type ApplyInput, type Decision } from './applications.ts';
export { BudgetService, type BudgetStatus, fiscalAppropriation, subsidyPayable } from './budget.ts';
export { EligibilityService, type Entitlement, type EligibilityRunResult } from './eligibility.ts';
export { PlatformFacts, type PlatformFactValues, type EnterpriseFacts } from './platform-facts.ts';
export { PolicyParameters } from './parameters.ts';
export { PolicyErrors } from './errors.ts';
export { calculate, getProgramme, listProgrammes, PROGRAMME_IDS } from './rules/index.ts';
