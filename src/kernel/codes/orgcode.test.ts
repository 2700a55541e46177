import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatOrgCode, makeOrgCode, normaliseOrgCode, orgCodeCheckChar, validateOrgCode } from './orgcode.ts';

describe('orgCodeCheckChar (GB 11714-1997)', () => {
  it('computes the standard example D2143569-X (10 maps to X)', () => {
    // 13·3 + 2·7 + 1·9 + 4·10 + 3·5 + 5·8 + 6·4 + 9·2 = 199; 199 mod 11 = 1; 11 - 1 = 10 → X
    expect(orgCodeCheckChar('D2143569')).toBe('X');
  });

  it('computes the check chars embedded in published USCCs', () => {
    expect(orgCodeCheckChar('M000100Y')).toBe('4'); // GB 32100-2015 example 91350100M000100Y43
    expect(orgCodeCheckChar('71526726')).toBe('X'); // Tencent 9144030071526726XG
    expect(orgCodeCheckChar('19220382')).toBe('1'); // Huawei 914403001922038216
    expect(orgCodeCheckChar('79965505')).toBe('8'); // Alibaba 91330100799655058B
  });

  it('maps a remainder of 0 (C9 = 11) to 0', () => {
    // Sum 0 gives C9 = 11 - 0 = 11, written as 0.
    expect(orgCodeCheckChar('00000000')).toBe('0');
    // 1·3 + 1·7 + 1·9 + 1·10 + 1·5 + 1·8 + 1·4 + 0·2 = 46; 46 mod 11 = 2; 11 - 2 = 9.
    expect(orgCodeCheckChar('11111110')).toBe('9');
  });

  it('rejects malformed bodies', () => {
    expect(() => orgCodeCheckChar('D214356')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('d2143569')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('D214356-')).toThrow(RangeError);
  });
});

describe('validateOrgCode', () => {
  it('accepts a code with or without the hyphen and normalises it without', () => {
    for (const raw of ['D2143569-X', 'D2143569X', ' d2143569-x ', 'Ｄ２１４３５６９－Ｘ']) {
      const r = validateOrgCode(raw);
      expect(r).toMatchObject({ valid: true, type: 'orgcode', value: 'D2143569X' });
      expect(r.details).toEqual({ formatted: 'D2143569-X' });
      expect(r.reason).toBeUndefined();
    }
  });

  it('reports each failure reason', () => {
    expect(validateOrgCode('   ')).toMatchObject({ valid: false, reason: 'EMPTY', value: '' });
    expect(validateOrgCode('D2143569')).toMatchObject({ valid: false, reason: 'LENGTH' });
    expect(validateOrgCode('D214-3569X')).toMatchObject({ valid: false, reason: 'LENGTH' });
    expect(validateOrgCode('D21435_9-X')).toMatchObject({ valid: false, reason: 'CHARSET' });
    expect(validateOrgCode('D2143569-Y')).toMatchObject({ valid: false, reason: 'CHARSET' });
    const wrong = validateOrgCode('D2143569-1');
    expect(wrong).toMatchObject({ valid: false, reason: 'CHECK_DIGIT', value: 'D21435691', details: { expected: 'X' } });
    expect(wrong.message?.zh).toBe('校验码错误，应为 X');
    expect(wrong.message?.en).toBe('check character is wrong, expected X');
  });

  it('formats and normalises', () => {
    expect(formatOrgCode('D2143569X')).toBe('D2143569-X');
    expect(normaliseOrgCode('d2143569-x')).toBe('D2143569X');
    expect(makeOrgCode('D2143569')).toBe('D2143569X');
  });

  const DIGITS = '0123456789';
  const digitBody = fc.array(fc.constantFrom(...DIGITS), { minLength: 8, maxLength: 8 }).map((a) => a.join(''));

  it('property: makeOrgCode output always validates', () => {
    const body = fc
      .array(fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: 8, maxLength: 8 })
      .map((a) => a.join(''));
    fc.assert(fc.property(body, (b) => validateOrgCode(makeOrgCode(b)).valid));
  });

  it('property: any single substitution in a digit-only code is detected', () => {
    // Digit values differ by at most 9 and every weight is non-zero mod 11, so the sum always moves.
    fc.assert(
      fc.property(digitBody, (b) => {
        const code = makeOrgCode(b);
        for (let i = 0; i < 9; i++) {
          const alphabet = i < 8 ? DIGITS : '0123456789X';
          for (const ch of alphabet) {
            if (ch === code[i]) continue;
            if (validateOrgCode(code.slice(0, i) + ch + code.slice(i + 1)).valid) return false;
          }
        }
        return true;
      }),
    );
  });

  it('documents the MOD 11 blind spot: letters 11 apart in value can swap undetected', () => {
    // '2' (2) and 'D' (13) differ by 11, so the weighted sum mod 11 is unchanged. The USCC's
    // MOD 31 check over the whole code still catches this.
    expect(validateOrgCode('D2143569-X').valid).toBe(true);
    expect(validateOrgCode('DD143569-X').valid).toBe(true);
  });
});
