/**
 * GS1 identification keys with the standard mod-10 check digit (GS1 General Specifications
 * §7.9): GTIN-8/12/13/14, GLN (13 digits) and SSCC (18 digits).
 */
import type { CodeCheck, CodeFailure, CodeType } from './index.ts';

export type GtinFormat = 'GTIN-8' | 'GTIN-12' | 'GTIN-13' | 'GTIN-14';

const GTIN_FORMATS: Readonly<Record<number, GtinFormat>> = {
  8: 'GTIN-8',
  12: 'GTIN-12',
  13: 'GTIN-13',
  14: 'GTIN-14',
};

/**
 * Check digit for a body (all digits but the check digit): weights 3,1,3,1… starting from
 * the rightmost body digit, check = (10 - sum mod 10) mod 10. Right-anchored weights are
 * why a GTIN keeps its check digit when zero-padded to 14 digits.
 */
export function gs1CheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new RangeError(`GS1 body must be digits only: ${JSON.stringify(body)}`);
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += (body.charCodeAt(i) - 48) * w;
  return (10 - (sum % 10)) % 10;
}

/** Appends the check digit; body length 7, 11, 12, 13 or 17 gives a GTIN-8/12/13/14, GLN or SSCC. */
export function makeGs1(body: string): string {
  return body + String(gs1CheckDigit(body));
}

/** GS1 member organisation China (GS1 China / 中国物品编码中心) issues prefixes 690-699. */
export function isChinaGs1Prefix(prefix3: string): boolean {
  return /^69\d$/.test(prefix3);
}

export function normaliseGs1(raw: string): string {
  // NFKC folds full-width digits; inner spaces are kept so they fail as CHARSET, not silently.
  return raw.normalize('NFKC').trim();
}

const LABELS: Readonly<Record<'gtin' | 'gln' | 'sscc', { zh: string; en: string; lengths: readonly number[] }>> = {
  gtin: { zh: '商品条码（GTIN）', en: 'GTIN', lengths: [8, 12, 13, 14] },
  gln: { zh: '全球位置码（GLN）', en: 'GLN', lengths: [13] },
  sscc: { zh: '系列货运包装箱代码（SSCC）', en: 'SSCC', lengths: [18] },
};

function fail(
  type: CodeType,
  value: string,
  reason: CodeFailure,
  zh: string,
  en: string,
  details?: CodeCheck['details'],
): CodeCheck {
  return { valid: false, type, value, reason, message: { zh, en }, ...(details ? { details } : {}) };
}

/** Shared checks: empty, length, charset, check digit. */
function validateGs1(type: 'gtin' | 'gln' | 'sscc', raw: string): CodeCheck {
  const value = normaliseGs1(raw);
  const label = LABELS[type];
  if (value === '') return fail(type, value, 'EMPTY', `${label.zh}不能为空`, `${label.en} is empty`);
  if (!label.lengths.includes(value.length)) {
    const want = label.lengths.join('/');
    return fail(
      type,
      value,
      'LENGTH',
      `${label.zh}应为 ${want.replaceAll('/', '、')} 位，实际为 ${value.length} 位`,
      `${label.en} must be ${want} digits long, got ${value.length}`,
    );
  }
  const bad = [...value].findIndex((ch) => ch < '0' || ch > '9');
  if (bad >= 0) {
    return fail(type, value, 'CHARSET', `第 ${bad + 1} 位应为数字，实际为“${value[bad]}”`, `position ${bad + 1} must be a digit, got "${value[bad]}"`);
  }
  const expected = String(gs1CheckDigit(value.slice(0, -1)));
  if (value.slice(-1) !== expected) {
    return fail(type, value, 'CHECK_DIGIT', `校验码错误，应为 ${expected}`, `check digit is wrong, expected ${expected}`, {
      expected,
    });
  }
  return { valid: true, type, value };
}

/** The GS1 company prefix starts after the indicator / extension digit of GTIN-14 and SSCC. */
function prefixDetails(prefix3: string): Record<string, string | boolean> {
  return { gs1Prefix: prefix3, chinaPrefix: isChinaGs1Prefix(prefix3) };
}

export function validateGtin(raw: string): CodeCheck {
  const r = validateGs1('gtin', raw);
  if (!r.valid) return r;
  const format = GTIN_FORMATS[r.value.length]!;
  const details: Record<string, string | boolean> = { format };
  // GTIN-8 prefixes come from a separate GS1-8 range and GTIN-12 is a US/Canada number,
  // so the prefix is only meaningful for GTIN-13 and GTIN-14.
  if (format === 'GTIN-13') Object.assign(details, prefixDetails(r.value.slice(0, 3)));
  if (format === 'GTIN-14') Object.assign(details, { indicator: r.value[0]! }, prefixDetails(r.value.slice(1, 4)));
  return { ...r, details };
}

export function validateGln(raw: string): CodeCheck {
  const r = validateGs1('gln', raw);
  return r.valid ? { ...r, details: prefixDetails(r.value.slice(0, 3)) } : r;
}

export function validateSscc(raw: string): CodeCheck {
  const r = validateGs1('sscc', raw);
  return r.valid ? { ...r, details: { extension: r.value[0]!, ...prefixDetails(r.value.slice(1, 4)) } } : r;
}
