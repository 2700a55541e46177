/**
 * Citizen identity number (公民身份号码), GB 11643-1999:
 *   1-6    address code (GB/T 2260)
 *   7-14   birth date YYYYMMDD
 *   15-17  sequence; odd for men, even for women
 *   18     check character, ISO 7064 MOD 11-2 ('X' stands for 10)
 */
import { beijingDate } from '../clock.ts';
import type { CodeCheck, CodeFailure } from './index.ts';
import { isRongchangDivision, isValidDivisionCode } from './division.ts';

/** 2^(18-i) mod 11 for i = 1..17, as tabulated in the standard. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Check character indexed by Σ ai·Wi mod 11, so that the full weighted sum ≡ 1 (mod 11). */
const CHECK_CHARS = '10X98765432';

/**
 * Address codes used by residence permits for Hong Kong, Macao and Taiwan residents
 * (港澳台居民居住证), which follow this format. 830000 is not a GB/T 2260 code.
 */
const PERMIT_DIVISIONS = new Set(['810000', '820000', '830000']);

/** Earliest birth date accepted; older numbers are not plausible for living users. */
const MIN_BIRTH_DATE = '1900-01-01';

export function residentIdCheckChar(body17: string): string {
  if (!/^\d{17}$/.test(body17)) throw new RangeError(`resident ID body must be 17 digits: ${JSON.stringify(body17)}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Appends the check character to a 17-digit body. */
export function makeResidentId(body17: string): string {
  return body17 + residentIdCheckChar(body17);
}

export function normaliseResidentId(raw: string): string {
  // Upper-casing turns a typed 'x' into the standard 'X'; NFKC folds full-width digits.
  return raw.normalize('NFKC').trim().toUpperCase();
}


/** 'YYYYMMDD' → 'YYYY-MM-DD' when it is a real Gregorian date, else undefined. */
function calendarDate(yyyymmdd: string): string | undefined {
  if (!/^\d{8}$/.test(yyyymmdd)) return undefined;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  // Round-trip through UTC to reject dates such as 0230 or 1301.
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/** Birth date 'YYYY-MM-DD' of a resident ID (normalised first), or undefined if not parseable. */
export function residentIdBirthDate(id: string): string | undefined {
  const v = normaliseResidentId(id);
  return /^\d{17}[\dX]$/.test(v) ? calendarDate(v.slice(6, 14)) : undefined;
}

/** Sex recorded by the sequence code: odd = male, even = female. */
export function residentIdSex(id: string): 'male' | 'female' | undefined {
  const v = normaliseResidentId(id);
  if (!/^\d{17}[\dX]$/.test(v)) return undefined;
  return Number(v[16]) % 2 === 1 ? 'male' : 'female';
}

function fail(value: string, reason: CodeFailure, zh: string, en: string, details?: CodeCheck['details']): CodeCheck {
  return { valid: false, type: 'resident_id', value, reason, message: { zh, en }, ...(details ? { details } : {}) };
}

export interface ResidentIdOptions {
  /** Reference time for the "not in the future" rule; defaults to now. */
  now?: Date;
}

export function validateResidentId(raw: string, options: ResidentIdOptions = {}): CodeCheck {
  const value = normaliseResidentId(raw);
  if (value === '') return fail(value, 'EMPTY', '身份证号码不能为空', 'resident identity number is empty');
  if (value.length !== 18) {
    // 15-digit numbers (pre-1999) have no check digit and are no longer issued.
    return fail(
      value,
      'LENGTH',
      `身份证号码应为 18 位，实际为 ${value.length} 位`,
      `resident identity number must be 18 characters, got ${value.length}`,
    );
  }
  for (let i = 0; i < 18; i++) {
    const ch = value[i]!;
    const ok = i < 17 ? ch >= '0' && ch <= '9' : /^[0-9X]$/.test(ch);
    if (!ok) {
      return i < 17
        ? fail(value, 'CHARSET', `第 ${i + 1} 位应为数字，实际为“${ch}”`, `position ${i + 1} must be a digit, got "${ch}"`)
        : fail(value, 'CHARSET', `校验码只能是数字或 X，实际为“${ch}”`, `check character must be a digit or X, got "${ch}"`);
    }
  }

  const divisionCode = value.slice(0, 6);
  if (!isValidDivisionCode(divisionCode) && !PERMIT_DIVISIONS.has(divisionCode)) {
    return fail(
      value,
      'DIVISION_CODE',
      `前 6 位地址码“${divisionCode}”无效`,
      `address code "${divisionCode}" (positions 1-6) is not valid`,
    );
  }

  const birthDate = calendarDate(value.slice(6, 14));
  if (!birthDate) {
    return fail(
      value,
      'BIRTH_DATE',
      `第 7-14 位出生日期“${value.slice(6, 14)}”不是有效日期`,
      `birth date "${value.slice(6, 14)}" (positions 7-14) is not a real date`,
    );
  }
  if (birthDate < MIN_BIRTH_DATE) {
    return fail(value, 'BIRTH_DATE', `出生日期 ${birthDate} 早于 1900 年`, `birth date ${birthDate} is before 1900`);
  }
  if (birthDate > beijingDate(options.now ?? new Date())) {
    return fail(value, 'BIRTH_DATE', `出生日期 ${birthDate} 晚于今天`, `birth date ${birthDate} is in the future`);
  }

  const expected = residentIdCheckChar(value.slice(0, 17));
  if (value[17] !== expected) {
    return fail(value, 'CHECK_DIGIT', `校验码错误，应为 ${expected}`, `check character is wrong, expected ${expected}`, {
      expected,
    });
  }

  return {
    valid: true,
    type: 'resident_id',
    value,
    details: {
      birthDate,
      sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
      divisionCode,
      rongchang: isRongchangDivision(divisionCode),
    },
  };
}
