/** Enterprise registry (市场主体): registration, verification by the bureau, role-scoped reads. */
export { RegistryService, RegistryErrors, type PolicyProfile } from './service.ts';
export * from './model.ts';
