import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gs1CheckDigit, isChinaGs1Prefix, makeGs1, validateGln, validateGtin, validateSscc } from './gs1.ts';

/** Examples published by GS1 and in common references; verified by the algorithm below. */
const GTINS: readonly [string, string][] = [
  ['96385074', 'GTIN-8'],
  ['036000291452', 'GTIN-12'],
  ['4006381333931', 'GTIN-13'],
  ['6901234567892', 'GTIN-13'],
  ['9787115275790', 'GTIN-13'], // ISBN-13 (Bookland 978)
  ['10614141000415', 'GTIN-14'],
  ['00614141000418', 'GTIN-14'],
];

describe('gs1CheckDigit', () => {
  it('reproduces GTIN-13 4006381333931 by hand', () => {
    // Weights from the right of the body: 3,1,3,1,…
    const body = '400638133393';
    let sum = 0;
    [...body].reverse().forEach((d, i) => (sum += Number(d) * (i % 2 === 0 ? 3 : 1)));
    expect(sum).toBe(89); // (10 - 89 mod 10) mod 10 = 1
    expect(gs1CheckDigit(body)).toBe(1);
  });

  it.each(GTINS)('matches published %s (%s)', (code) => {
    expect(gs1CheckDigit(code.slice(0, -1))).toBe(Number(code.slice(-1)));
  });

  it('gives the same digit for a GTIN and its zero-padded GTIN-14 form', () => {
    expect(gs1CheckDigit('03600029145')).toBe(gs1CheckDigit('0003600029145'));
    expect(gs1CheckDigit('9638507')).toBe(gs1CheckDigit('0000009638507'));
  });

  it('returns 0 when the sum is a multiple of 10', () => {
    expect(gs1CheckDigit('00614141123456789')).toBe(0);
  });

  it('rejects non-digit bodies', () => {
    expect(() => gs1CheckDigit('')).toThrow(RangeError);
    expect(() => gs1CheckDigit('12a4')).toThrow(RangeError);
  });
});

describe('validateGtin', () => {
  it.each(GTINS)('accepts %s as %s', (code, format) => {
    expect(validateGtin(code)).toMatchObject({ valid: true, type: 'gtin', value: code, details: { format } });
  });

  it('marks Chinese GS1 prefixes 690-699', () => {
    expect(validateGtin('6901234567892').details).toEqual({ format: 'GTIN-13', gs1Prefix: '690', chinaPrefix: true });
    expect(validateGtin('4006381333931').details).toMatchObject({ gs1Prefix: '400', chinaPrefix: false });
    expect(validateGtin(makeGs1('1699123456789')).details).toEqual({
      format: 'GTIN-14',
      indicator: '1',
      gs1Prefix: '699',
      chinaPrefix: true,
    });
    expect(isChinaGs1Prefix('699')).toBe(true);
    expect(isChinaGs1Prefix('689')).toBe(false);
    expect(isChinaGs1Prefix('700')).toBe(false);
  });

  it('reports each failure reason', () => {
    expect(validateGtin('  ')).toMatchObject({ valid: false, reason: 'EMPTY' });
    expect(validateGtin('4006381333')).toMatchObject({ valid: false, reason: 'LENGTH' });
    expect(validateGtin('400638133393a')).toMatchObject({ valid: false, reason: 'CHARSET' });
    expect(validateGtin('400638 333931')).toMatchObject({ valid: false, reason: 'CHARSET' });
    const r = validateGtin('4006381333932');
    expect(r).toMatchObject({ valid: false, reason: 'CHECK_DIGIT', details: { expected: '1' } });
    expect(r.message).toEqual({ zh: '校验码错误，应为 1', en: 'check digit is wrong, expected 1' });
  });

  it('folds full-width digits', () => {
    expect(validateGtin('６９０１２３４５６７８９２')).toMatchObject({ valid: true, value: '6901234567892' });
  });
});

describe('validateGln and validateSscc', () => {
  it('accept GS1 examples', () => {
    expect(validateGln('0614141000005')).toMatchObject({ valid: true, type: 'gln', details: { gs1Prefix: '061' } });
    expect(validateGln('0614141123452').valid).toBe(true);
    expect(validateSscc('106141411234567897')).toMatchObject({
      valid: true,
      type: 'sscc',
      details: { extension: '1', gs1Prefix: '061', chinaPrefix: false },
    });
    expect(validateSscc('006141411234567890').valid).toBe(true);
  });

  it('mark Chinese prefixes', () => {
    expect(validateGln(makeGs1('690123400001')).details).toEqual({ gs1Prefix: '690', chinaPrefix: true });
    expect(validateSscc(makeGs1('36931234500000001')).details).toMatchObject({ gs1Prefix: '693', chinaPrefix: true });
  });

  it('enforce their fixed lengths', () => {
    expect(validateGln('4006381333931')).toMatchObject({ valid: true }); // any 13-digit key is well-formed
    expect(validateGln('96385074').reason).toBe('LENGTH');
    expect(validateSscc('10614141123456789').reason).toBe('LENGTH');
    expect(validateSscc('106141411234567890').reason).toBe('CHECK_DIGIT');
  });
});

describe('properties', () => {
  const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
  const cases = [
    { len: 7, validate: validateGtin },
    { len: 11, validate: validateGtin },
    { len: 12, validate: validateGtin },
    { len: 13, validate: validateGtin },
    { len: 12, validate: validateGln },
    { len: 17, validate: validateSscc },
  ];

  it.each(cases)('makeGs1 output validates and single-digit substitutions are caught (body $len)', ({ len, validate }) => {
    // Weights 1 and 3 are coprime to 10, so changing one digit always changes the sum mod 10.
    fc.assert(
      fc.property(digits(len), (body) => {
        const code = makeGs1(body);
        if (!validate(code).valid) return false;
        for (let i = 0; i < code.length; i++) {
          for (const ch of '0123456789') {
            if (ch === code[i]) continue;
            if (validate(code.slice(0, i) + ch + code.slice(i + 1)).valid) return false;
          }
        }
        return true;
      }),
    );
  });
});
