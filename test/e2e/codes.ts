/**
 * Test-only generators for Chinese identifiers: a valid Unified Social Credit Code
 * (GB 32100) with an embedded organisation code (GB 11714).
 */
import { randomInt } from 'node:crypto';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character for an 8-character organisation code body. */
export function orgCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body.charAt(i);
    const value = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55; // A=10 … Z=35
    sum += value * (ORG_WEIGHTS[i] ?? 0);
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** GB 32100 check character for the first 17 characters of a USCC. */
export function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** A random, valid USCC of a company (91) registered in Rongchang (500153). */
export function makeUscc(): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += String(randomInt(10));
  const first17 = `91500153${body}${orgCodeCheck(body)}`;
  return first17 + usccCheck(first17);
}

/** The same code with a wrong check character. */
export function breakUsccCheck(uscc: string): string {
  const last = uscc.charAt(17);
  const replacement = USCC_ALPHABET.charAt((USCC_ALPHABET.indexOf(last) + 1) % USCC_ALPHABET.length);
  return uscc.slice(0, 17) + replacement;
}

/** A random mobile number outside the demo accounts' ranges. */
export function makePhone(): string {
  let rest = '';
  for (let i = 0; i < 9; i++) rest += String(randomInt(10));
  return `15${rest}`;
}
