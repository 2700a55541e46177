/**
 * Organisation code, GB 11714-1997: 8 body characters (digits or capital letters) and a
 * check character. Also embedded as positions 9-17 of every Unified Social Credit Code.
 */
import type { CodeCheck, CodeFailure } from './index.ts';

const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Body characters allowed by GB 11714: digits and capital Latin letters. */
const BODY_RE = /^[0-9A-Z]$/;

/** GB 11714 character value: digits 0-9, letters A=10 … Z=35. */
function charValue(ch: string): number {
  const c = ch.charCodeAt(0);
  return c <= 57 ? c - 48 : c - 55;
}

/**
 * Check character for an 8-character body: C9 = 11 - (Σ Ci·Wi mod 11), 10 → 'X', 11 → '0'.
 * Throws on a malformed body, since callers generating codes must pass a clean one.
 */
export function orgCodeCheckChar(body8: string): string {
  if (body8.length !== 8 || ![...body8].every((ch) => BODY_RE.test(ch))) {
    throw new RangeError(`organisation code body must be 8 digits or capital letters: ${JSON.stringify(body8)}`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += charValue(body8[i]!) * WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Appends the check character to an 8-character body (no hyphen). */
export function makeOrgCode(body8: string): string {
  return body8 + orgCodeCheckChar(body8);
}

/** Display form with the hyphen printed on certificates, e.g. `D2143569-X`. */
export function formatOrgCode(code9: string): string {
  return `${code9.slice(0, 8)}-${code9.slice(8)}`;
}

/** Normalised form: trimmed, upper-cased, and without the optional hyphen before the check char. */
export function normaliseOrgCode(raw: string): string {
  // NFKC folds full-width characters that Chinese input methods often produce.
  const s = raw.normalize('NFKC').trim().toUpperCase();
  // The hyphen is only a printing convention; drop it only in its one legal place.
  return s.length === 10 && s[8] === '-' ? s.slice(0, 8) + s.slice(9) : s;
}

function fail(value: string, reason: CodeFailure, zh: string, en: string, details?: CodeCheck['details']): CodeCheck {
  return { valid: false, type: 'orgcode', value, reason, message: { zh, en }, ...(details ? { details } : {}) };
}

export function validateOrgCode(raw: string): CodeCheck {
  const value = normaliseOrgCode(raw);
  if (value === '') return fail(value, 'EMPTY', '组织机构代码不能为空', 'organisation code is empty');
  if (value.length !== 9) {
    return fail(
      value,
      'LENGTH',
      `组织机构代码应为 9 位（可在第 8 位后加连字符），实际为 ${value.length} 位`,
      `organisation code must be 9 characters (optionally with a hyphen before the last), got ${value.length}`,
    );
  }
  for (let i = 0; i < 8; i++) {
    const ch = value[i]!;
    if (!BODY_RE.test(ch)) {
      return fail(value, 'CHARSET', `第 ${i + 1} 位字符“${ch}”不允许使用`, `character "${ch}" at position ${i + 1} is not allowed`);
    }
  }
  const last = value[8]!;
  if (!/^[0-9X]$/.test(last)) {
    return fail(value, 'CHARSET', `校验码只能是数字或 X，实际为“${last}”`, `check character must be a digit or X, got "${last}"`);
  }
  const expected = orgCodeCheckChar(value.slice(0, 8));
  if (last !== expected) {
    return fail(value, 'CHECK_DIGIT', `校验码错误，应为 ${expected}`, `check character is wrong, expected ${expected}`, {
      expected,
    });
  }
  return { valid: true, type: 'orgcode', value, details: { formatted: formatOrgCode(value) } };
}
