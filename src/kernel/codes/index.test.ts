import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CODE_FAILURES,
  CODE_TYPES,
  type CodeCheck,
  type CodeFailure,
  type CodeType,
  isCodeType,
  isRongchangDivision,
  isValidDivisionCode,
  makeGs1,
  makeResidentId,
  makeUscc,
  provinceOf,
  RONGCHANG_DIVISION,
  validateCode,
} from './index.ts';

describe('validateCode', () => {
  const VALID: readonly [CodeType, string][] = [
    ['uscc', '91350100M000100Y43'],
    ['orgcode', 'D2143569-X'],
    ['resident_id', '11010519491231002X'],
    ['gtin', '4006381333931'],
    ['gtin', '036000291452'],
    ['gtin', '96385074'],
    ['gln', '0614141000005'],
    ['sscc', '106141411234567897'],
  ];

  it.each(VALID)('accepts %s %s', (type, raw) => {
    const r = validateCode(type, raw);
    expect(r.valid).toBe(true);
    expect(r.type).toBe(type);
    expect(r.reason).toBeUndefined();
    expect(r.message).toBeUndefined();
  });

  it('returns documented details for valid codes', () => {
    expect(validateCode('uscc', '91350100M000100Y43').details).toMatchObject({
      registrationAuthority: '9',
      entityType: '1',
      divisionCode: '350100',
      orgCode: 'M000100Y4',
    });
    expect(validateCode('resident_id', '11010519491231002X').details).toMatchObject({
      birthDate: '1949-12-31',
      sex: 'female',
      divisionCode: '110105',
    });
    expect(validateCode('gtin', '96385074').details).toEqual({ format: 'GTIN-8' });
    expect(validateCode('gtin', '036000291452').details).toEqual({ format: 'GTIN-12' });
  });

  /** One example per failure reason. */
  const INVALID: readonly [CodeType, string, CodeFailure][] = [
    ['uscc', '', 'EMPTY'],
    ['uscc', '91350100M000100Y4', 'LENGTH'],
    ['uscc', '91350100M000100O43', 'CHARSET'],
    ['uscc', makeUscc('B1350100M000100Y4'), 'REGISTRATION_AUTHORITY'],
    ['uscc', makeUscc('95350100M000100Y4'), 'ENTITY_TYPE'],
    ['uscc', makeUscc('91000000M000100Y4'), 'DIVISION_CODE'],
    ['uscc', makeUscc('91350100M000100Y0'), 'ORG_CODE_CHECK_DIGIT'],
    ['uscc', '91350100M000100Y4A', 'CHECK_DIGIT'],
    ['orgcode', 'D2143569-0', 'CHECK_DIGIT'],
    ['resident_id', makeResidentId('11010519990230001'), 'BIRTH_DATE'],
    ['resident_id', '110105194912310020', 'CHECK_DIGIT'],
    ['gtin', '4006381333930', 'CHECK_DIGIT'],
    ['gln', '061414100000', 'LENGTH'],
    ['sscc', '10614141123456789X', 'CHARSET'],
  ];

  it.each(INVALID)('rejects %s %j with %s and a bilingual message', (type, raw, reason) => {
    const r = validateCode(type, raw);
    expect(r).toMatchObject({ valid: false, type, reason });
    expect(r.message?.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(r.message?.en).toMatch(/^[\x20-\x7e]+$/);
  });

  it('covers every failure reason in the tests', () => {
    expect(new Set(INVALID.map(([, , reason]) => reason))).toEqual(new Set(CODE_FAILURES));
  });

  it('reports the first failing check when several are wrong', () => {
    // Bad authority, bad division and bad check char: the authority is reported.
    expect(validateCode('uscc', 'B1000000M000100Y40').reason).toBe('REGISTRATION_AUTHORITY');
    // Forbidden letter and wrong check char: charset comes first.
    expect(validateCode('uscc', 'I1350100M000100Y40').reason).toBe('CHARSET');
  });

  it('treats non-string input as empty and rejects unknown types', () => {
    expect(validateCode('gtin', undefined as unknown as string).reason).toBe('EMPTY');
    expect(() => validateCode('iban' as CodeType, 'x')).toThrow(TypeError);
    expect(isCodeType('uscc')).toBe(true);
    expect(isCodeType('iban')).toBe(false);
    expect(CODE_TYPES).toEqual(['uscc', 'orgcode', 'resident_id', 'gtin', 'gln', 'sscc']);
  });

  it('never throws and keeps the result shape consistent for arbitrary input', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CODE_TYPES), fc.string({ maxLength: 24 }), (type, raw) => {
        const r: CodeCheck = validateCode(type, raw);
        return r.type === type && (r.valid ? r.reason === undefined : r.reason !== undefined && r.message !== undefined);
      }),
    );
  });

  it('property: make* helpers feed validateCode', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
    fc.assert(fc.property(digits(12), (b) => validateCode('gtin', makeGs1(b)).valid));
    fc.assert(fc.property(digits(3), (seq) => validateCode('resident_id', makeResidentId(`50015319900101${seq}`)).valid));
  });
});

describe('division helpers', () => {
  it('recognises Rongchang, current and pre-2015', () => {
    expect(RONGCHANG_DIVISION).toBe('500153');
    expect(isRongchangDivision('500153')).toBe(true);
    expect(isRongchangDivision('500226')).toBe(true);
    expect(isRongchangDivision('500100')).toBe(false);
  });

  it('checks six digits and a real province prefix', () => {
    for (const ok of ['110000', '150102', '230103', '460100', '500153', '540102', '650102', '710000', '810000', '820000']) {
      expect(isValidDivisionCode(ok), ok).toBe(true);
    }
    for (const bad of ['100000', '160000', '240000', '380000', '470000', '550000', '660000', '720000', '830000', '50015', '5001531', '50O153', '']) {
      expect(isValidDivisionCode(bad), bad).toBe(false);
    }
    expect(provinceOf('500153')).toEqual({ code: '500000', zh: '重庆市', en: 'Chongqing' });
    expect(provinceOf('990000')).toBeUndefined();
  });
});
