/**
 * Standard-code validators: one entry point, `validateCode`, returning a value rather than
 * throwing, so HTTP handlers, importers and the UI can all show the same bilingual reason.
 */
import { validateGln, validateGtin, validateSscc } from './gs1.ts';
import { validateOrgCode } from './orgcode.ts';
import { validateResidentId } from './resident-id.ts';
import { validateUscc } from './uscc.ts';

export * from './division.ts';
export * from './gs1.ts';
export * from './orgcode.ts';
export * from './resident-id.ts';
export * from './uscc.ts';

export type CodeType = 'uscc' | 'orgcode' | 'resident_id' | 'gtin' | 'gln' | 'sscc';

export const CODE_TYPES: readonly CodeType[] = Object.freeze(['uscc', 'orgcode', 'resident_id', 'gtin', 'gln', 'sscc']);

/**
 * Which check failed. Checks run in a fixed order and the first failure is reported:
 * EMPTY, LENGTH, CHARSET, structural fields (REGISTRATION_AUTHORITY, ENTITY_TYPE,
 * DIVISION_CODE, BIRTH_DATE), ORG_CODE_CHECK_DIGIT, CHECK_DIGIT.
 */
export type CodeFailure =
  | 'EMPTY'
  | 'LENGTH'
  | 'CHARSET'
  | 'REGISTRATION_AUTHORITY'
  | 'ENTITY_TYPE'
  | 'DIVISION_CODE'
  | 'BIRTH_DATE'
  | 'ORG_CODE_CHECK_DIGIT'
  | 'CHECK_DIGIT';

export const CODE_FAILURES: readonly CodeFailure[] = Object.freeze([
  'EMPTY',
  'LENGTH',
  'CHARSET',
  'REGISTRATION_AUTHORITY',
  'ENTITY_TYPE',
  'DIVISION_CODE',
  'BIRTH_DATE',
  'ORG_CODE_CHECK_DIGIT',
  'CHECK_DIGIT',
]);

export interface CodeCheck {
  valid: boolean;
  type: CodeType;
  /** Normalised input (NFKC, trimmed, upper-cased; org code without its hyphen). */
  value: string;
  /** Set when invalid: the first check that failed. */
  reason?: CodeFailure;
  /** Set when invalid: what is wrong, in Simplified Chinese and English. */
  message?: { zh: string; en: string };
  /** Parsed fields for valid codes; `expected` check character for check failures. */
  details?: Record<string, string | number | boolean>;
}

export function isCodeType(x: unknown): x is CodeType {
  return typeof x === 'string' && (CODE_TYPES as readonly string[]).includes(x);
}

const VALIDATORS: Readonly<Record<CodeType, (raw: string) => CodeCheck>> = {
  uscc: validateUscc,
  orgcode: validateOrgCode,
  resident_id: (raw) => validateResidentId(raw),
  gtin: validateGtin,
  gln: validateGln,
  sscc: validateSscc,
};

export function validateCode(type: CodeType, raw: string): CodeCheck {
  // Guard the runtime value too: callers may pass strings straight from a request.
  if (!isCodeType(type)) throw new TypeError(`unknown code type: ${String(type)}`);
  return VALIDATORS[type](typeof raw === 'string' ? raw : '');
}
