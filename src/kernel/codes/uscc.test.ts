import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeOrgCode } from './orgcode.ts';
import { RONGCHANG_DIVISION, RONGCHANG_LEGACY_DIVISION } from './division.ts';
import { makeUscc, USCC_ALPHABET, USCC_AUTHORITIES, usccCheckChar, validateUscc } from './uscc.ts';

/** Published codes; each passes both the embedded GB 11714 check and the MOD 31 check. */
const PUBLISHED: readonly [string, string][] = [
  ['91350100M000100Y43', 'GB 32100-2015 example'],
  ['9144030071526726XG', 'Tencent Technology (Shenzhen)'],
  ['914403001922038216', 'Huawei Technologies'],
  ['91330100799655058B', 'Alibaba (China)'],
  ['91110108551385082Q', 'Beijing Xiaomi Technology'],
  ['91100000100003962T', 'Industrial and Commercial Bank of China (national registration, 100000)'],
  ['911000001000013428', 'Bank of China (national registration, 100000)'],
];

describe('usccCheckChar (GB 32100-2015)', () => {
  it('reproduces the check character of the standard example by hand', () => {
    // Values: 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4; weights 3^(i-1) mod 31.
    const values = [9, 1, 3, 5, 0, 1, 0, 0, 21, 0, 0, 0, 1, 0, 0, 30, 4];
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const sum = values.reduce((s, v, i) => s + v * weights[i]!, 0);
    expect(sum % 31).toBe(28); // 31 - 28 = 3
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it.each(PUBLISHED)('matches published code %s (%s)', (code) => {
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('maps 31 to 0', () => {
    // Sum 0 would give 31 - 0 = 31, which the standard writes as 0.
    expect(usccCheckChar('00000000000000000')).toBe('0');
  });

  it('rejects malformed bodies', () => {
    expect(() => usccCheckChar('91350100M000100Y')).toThrow(RangeError);
    expect(() => usccCheckChar('91350100M000100I4')).toThrow(RangeError);
  });
});

describe('validateUscc', () => {
  it.each(PUBLISHED)('accepts %s (%s)', (code) => {
    const r = validateUscc(code);
    expect(r.valid).toBe(true);
    expect(r.reason).toBeUndefined();
    expect(r.message).toBeUndefined();
  });

  it('returns parsed details', () => {
    expect(validateUscc('91350100M000100Y43').details).toEqual({
      registrationAuthority: '9',
      registrationAuthorityZh: '工商（市场监管）',
      registrationAuthorityEn: 'Market regulation',
      entityType: '1',
      entityTypeZh: '企业',
      entityTypeEn: 'Enterprise',
      divisionCode: '350100',
      province: '350000',
      orgCode: 'M000100Y4',
      rongchang: false,
    });
  });

  it('normalises whitespace, case and full-width characters and reports the normalised value', () => {
    expect(validateUscc('  91350100m000100y43\n')).toMatchObject({ valid: true, value: '91350100M000100Y43' });
    expect(validateUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toMatchObject({ valid: true, value: '91350100M000100Y43' });
    expect(validateUscc('91350100m000100y44')).toMatchObject({ valid: false, value: '91350100M000100Y44' });
  });

  it('flags Rongchang registrations, including the pre-2015 county code', () => {
    const current = makeUscc(`92${RONGCHANG_DIVISION}${makeOrgCode('L1234567')}`);
    const legacy = makeUscc(`91${RONGCHANG_LEGACY_DIVISION}${makeOrgCode('MA5U0000')}`);
    expect(validateUscc(current)).toMatchObject({ valid: true, details: { rongchang: true, entityTypeZh: '个体工商户' } });
    expect(validateUscc(legacy)).toMatchObject({ valid: true, details: { rongchang: true, divisionCode: '500226' } });
  });

  describe('failure reasons, in check order', () => {
    it('EMPTY', () => {
      expect(validateUscc('')).toMatchObject({ valid: false, reason: 'EMPTY' });
      expect(validateUscc(' \t\u3000')).toMatchObject({ valid: false, reason: 'EMPTY', value: '' });
    });

    it('LENGTH', () => {
      const r = validateUscc('91350100M000100Y4');
      expect(r).toMatchObject({ valid: false, reason: 'LENGTH' });
      expect(r.message?.en).toBe('unified social credit code must be 18 characters, got 17');
      expect(validateUscc('91350100M000100Y431').reason).toBe('LENGTH');
    });

    it('CHARSET: forbidden letters I, O, Z, S, V and other symbols', () => {
      for (const ch of ['I', 'O', 'Z', 'S', 'V']) {
        const r = validateUscc(`91350100M000100${ch}43`);
        expect(r.reason).toBe('CHARSET');
        expect(r.message?.zh).toContain('不使用 I、O、Z、S、V');
      }
      expect(validateUscc('91350100M000100-43').reason).toBe('CHARSET');
    });

    it('REGISTRATION_AUTHORITY', () => {
      // 'B' is in the alphabet but no authority uses it.
      const r = validateUscc(makeUscc('B1350100M000100Y4'));
      expect(r).toMatchObject({ valid: false, reason: 'REGISTRATION_AUTHORITY' });
    });

    it('ENTITY_TYPE: combination not defined for the authority', () => {
      // Market regulation (9) has types 1-3 only; "other" (Y) has only 1.
      expect(validateUscc(makeUscc('99350100M000100Y4'))).toMatchObject({ valid: false, reason: 'ENTITY_TYPE' });
      expect(validateUscc(makeUscc('94350100M000100Y4')).reason).toBe('ENTITY_TYPE');
      expect(validateUscc(makeUscc('Y2350100M000100Y4')).reason).toBe('ENTITY_TYPE');
      expect(validateUscc(makeUscc('9A350100M000100Y4')).reason).toBe('ENTITY_TYPE');
      // The same second digit is fine under civil affairs (5) or staffing (1).
      expect(validateUscc(makeUscc('59350100M000100Y4')).valid).toBe(true);
      expect(validateUscc(makeUscc('Y1350100M000100Y4')).valid).toBe(true);
    });

    it('DIVISION_CODE', () => {
      expect(validateUscc(makeUscc('91990100M000100Y4'))).toMatchObject({ valid: false, reason: 'DIVISION_CODE' });
      expect(validateUscc(makeUscc('913501A0M000100Y4')).reason).toBe('DIVISION_CODE');
    });

    it('ORG_CODE_CHECK_DIGIT: embedded GB 11714 check fails even when the final char is consistent', () => {
      // Position 17 changed from 4 to 5 and the MOD 31 char recomputed, so only the embedded check fails.
      const code = makeUscc('91350100M000100Y5');
      const r = validateUscc(code);
      expect(r).toMatchObject({ valid: false, reason: 'ORG_CODE_CHECK_DIGIT', details: { expected: '4' } });
      expect(r.message?.zh).toContain('应为 4');
    });

    it('CHECK_DIGIT', () => {
      const r = validateUscc('91350100M000100Y44');
      expect(r).toMatchObject({ valid: false, reason: 'CHECK_DIGIT', details: { expected: '3' } });
      expect(r.message).toEqual({ zh: '校验码错误，应为 3', en: 'check character is wrong, expected 3' });
    });
  });

  /** Random structurally valid 17-char bodies: real authority/type pair, division, valid org code. */
  const usccBody = fc
    .record({
      authority: fc.constantFrom(...Object.keys(USCC_AUTHORITIES)),
      typeIndex: fc.nat(),
      division: fc.constantFrom('110105', '350100', '440300', '500153', '500226', '650102', '820000', '100000'),
      org: fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 8, maxLength: 8 }),
    })
    .map(({ authority, typeIndex, division, org }) => {
      const types = Object.keys(USCC_AUTHORITIES[authority]!.types);
      return authority + types[typeIndex % types.length]! + division + makeOrgCode(org.join(''));
    });

  it('property: makeUscc produces codes that validate', () => {
    fc.assert(fc.property(usccBody, (body) => validateUscc(makeUscc(body)).valid));
  });

  it('property: every single-character substitution is rejected', () => {
    // 31 is prime and every weight is non-zero mod 31, so any change of one value moves the sum.
    fc.assert(
      fc.property(usccBody, (body) => {
        const code = makeUscc(body);
        for (let i = 0; i < 18; i++) {
          for (const ch of USCC_ALPHABET) {
            if (ch === code[i]) continue;
            if (validateUscc(code.slice(0, i) + ch + code.slice(i + 1)).valid) return false;
          }
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
