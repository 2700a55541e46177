/** The enterprise registry's vocabulary (市场主体登记). */
import type { RawBuilder } from 'kysely';

export type EnterpriseKind = 'company' | 'sole_trader' | 'cooperative';
export type SizeClass = 'sme' | 'above_size';
export type EnterpriseStatus = 'pending' | 'verified' | 'rejected';

export const ENTERPRISE_KINDS: readonly EnterpriseKind[] = ['company', 'sole_trader', 'cooperative'];
export const SIZE_CLASSES: readonly SizeClass[] = ['sme', 'above_size'];
export const INDUSTRIES = [
  'pottery',
  'ramie_cloth',
  'folding_fan',
  'food',
  'pig_farming',
  'agriculture',
  'home_goods',
  'logistics',
  'retail',
  'manufacturing',
  'services',
  'other',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/**
 * The USCC's second character names the kind of market entity registered by the market
 * regulator (first character 9): 1 enterprise, 2 sole trader, 3 farmer cooperative.
 */
export const USCC_ENTITY_TYPE: Record<EnterpriseKind, string> = {
  company: '91',
  sole_trader: '92',
  cooperative: '93',
};

export interface Park {
  name: string;
  /** Date the tenancy began (YYYY-MM-DD); park-rent subsidies count years from it. */
  since: string;
}

export interface Enterprise {
  id: string;
  uscc: string;
  orgCode: string;
  name: string;
  kind: EnterpriseKind;
  legalRepresentative: string;
  /** Shown masked to anyone but the enterprise itself and the authorities. */
  legalRepresentativeIdNumber: string | null;
  townCode: string;
  townName: string | null;
  registeredInRongchang: boolean;
  sizeClass: SizeClass;
  industry: Industry;
  park: Park | null;
  contactPhone: string | null;
  address: string | null;
  status: EnterpriseStatus;
  rejectionReason: string | null;
  verifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EnterpriseInput {
  uscc: string;
  name: string;
  kind: EnterpriseKind;
  legalRepresentative: string;
  legalRepresentativeIdNumber?: string | null | undefined;
  townCode: string;
  registeredInRongchang: boolean;
  sizeClass: SizeClass;
  industry: Industry;
  park?: Park | null | undefined;
  contactPhone?: string | null | undefined;
  address?: string | null | undefined;
}

export type VerificationDecision = 'approve' | 'reject';

/** A count of verified enterprises of one size class, kind, industry and registration (statistics). */
export interface VerifiedCount {
  sizeClass: SizeClass;
  kind: EnterpriseKind;
  industry: Industry;
  registeredInRongchang: boolean;
  count: number;
}

/** Named sets of enterprises for verifiedCounts: a query yielding distinct `id`s with one boolean column per set. */
export interface EnterpriseSets<K extends string> {
  query: RawBuilder<unknown>;
  sets: readonly K[];
}
