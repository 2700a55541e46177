/** Client-side checks that mirror the server's rules, for feedback while typing. */
import type { MessageKey } from './messages';

export const PHONE_RE = /^1[3-9]\d{9}$/;
export const SMS_CODE_RE = /^\d{6}$/;

export function isPhone(value: string): boolean {
  return PHONE_RE.test(value);
}

/**
 * A problem with a phone number being typed, or null. A prefix that can still become
 * valid is not a problem yet; an impossible one is flagged at once.
 */
export function phoneProblem(value: string, complete: boolean): MessageKey | null {
  if (value === '') return null;
  const possiblePrefix = /^(1([3-9]\d{0,9})?)$/.test(value);
  if (!possiblePrefix) return 'auth.phoneInvalid';
  if ((complete || value.length >= 11) && !isPhone(value)) return 'auth.phoneInvalid';
  return null;
}

export function passwordProblem(value: string): MessageKey | null {
  if (value.length < 8) return 'auth.passwordShort';
  if (!/[A-Za-z]/.test(value) || !/\d/.test(value)) return 'auth.passwordMix';
  return null;
}

/** Masks the middle of a phone number: 138****0002. */
export function maskPhone(phone: string): string {
  return isPhone(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}
