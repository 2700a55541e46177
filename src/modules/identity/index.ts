/**
 * Identity: accounts, roles, sessions, API tokens and the simulated SMS gateway.
 * Other modules use the `Actor` type and the membership functions of `IdentityService`.
 */
export type GlobalRole = 'consumer' | 'regulator' | 'bureau_officer' | 'admin';
export type ScopedRole = 'merchant' | 'station_operator' | 'logistics_operator';
export type Role = GlobalRole | ScopedRole;
export type ScopeType = 'enterprise' | 'station';

export const GLOBAL_ROLES: readonly GlobalRole[] = ['consumer', 'regulator', 'bureau_officer', 'admin'];
export const SCOPED_ROLES: readonly ScopedRole[] = ['merchant', 'station_operator', 'logistics_operator'];

export interface Membership {
  role: ScopedRole;
  scopeType: ScopeType;
  scopeId: string;
}

/** Whoever is acting: a signed-in person or an integration using an API token. */
export interface Actor {
  userId: string;
  phone: string;
  displayName: string;
  globalRoles: GlobalRole[];
  memberships: Membership[];
  via: 'session' | 'token';
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some(
    (r) => (actor.globalRoles as Role[]).includes(r) || actor.memberships.some((m) => m.role === r),
  );
}

/** Bureau-side roles that may review and verify on behalf of the commerce bureau. */
export function isBureau(actor: Actor): boolean {
  return actor.globalRoles.includes('bureau_officer') || actor.globalRoles.includes('admin');
}

export function holdsScope(actor: Actor, scopeType: ScopeType, scopeId: string, role?: ScopedRole): boolean {
  return actor.memberships.some(
    (m) => m.scopeType === scopeType && m.scopeId === scopeId && (role === undefined || m.role === role),
  );
}

export { IdentityService, IdentityErrors } from './service.ts';
