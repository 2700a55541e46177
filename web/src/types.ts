/** Shapes of the server's JSON, as the API contract describes them. */
import type { LocalizedText } from './api';

export type Role =
  | 'consumer'
  | 'merchant'
  | 'station_operator'
  | 'logistics_operator'
  | 'regulator'
  | 'bureau_officer'
  | 'admin';

export interface Membership {
  role: string;
  scopeType: 'enterprise' | 'station';
  scopeId: string;
  scopeName: string;
}

export interface Me {
  id: string;
  phone: string;
  displayName: string;
  roles: string[];
  memberships: Membership[];
}

export interface Town {
  code: string;
  name: string;
  kind: 'sub-district' | 'town';
}

export const ENTERPRISE_KINDS = ['company', 'sole_trader', 'cooperative'] as const;
export type EnterpriseKind = (typeof ENTERPRISE_KINDS)[number];

export const SIZE_CLASSES = ['sme', 'above_size'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

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

export const ENTERPRISE_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];

export interface Park {
  name: string;
  since: string;
}

export interface Enterprise {
  id: string;
  uscc: string;
  orgCode: string;
  name: string;
  kind: EnterpriseKind;
  legalRepresentative: string;
  townCode: string;
  townName: string;
  registeredInRongchang: boolean;
  sizeClass: SizeClass;
  industry: Industry;
  park: Park | null;
  contactPhone: string | null;
  address: string | null;
  status: EnterpriseStatus;
  rejectionReason: string | null;
  verifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EnterpriseInput {
  uscc: string;
  name: string;
  kind: EnterpriseKind;
  legalRepresentative: string;
  legalRepresentativeIdNumber?: string;
  townCode: string;
  registeredInRongchang: boolean;
  sizeClass: SizeClass;
  industry: Industry;
  park: Park | null;
  contactPhone?: string;
  address?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export type CodeType = 'uscc' | 'orgcode' | 'resident_id' | 'gtin' | 'gln' | 'sscc';

export interface CodeValidation {
  valid: boolean;
  type: CodeType;
  value: string;
  reason?: string;
  message?: LocalizedText;
  details?: unknown;
}

export interface SmsOutboxMessage {
  phone: string;
  purpose: string;
  code: string;
  text: string;
  createdAt: string;
}
