import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  makeResidentId,
  residentIdBirthDate,
  residentIdCheckChar,
  residentIdSex,
  validateResidentId,
} from './resident-id.ts';

const NOW = { now: new Date('2025-06-01T12:00:00Z') };

describe('residentIdCheckChar (GB 11643-1999, ISO 7064 MOD 11-2)', () => {
  it('reproduces the standard example 11010519491231002X by hand', () => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...'11010519491231002'].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
    expect(sum % 11).toBe(2); // "10X98765432"[2] = X
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('reproduces the standard example 440524188001010014', () => {
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });

  it('rejects malformed bodies', () => {
    expect(() => residentIdCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => residentIdCheckChar('1101051949123100X')).toThrow(RangeError);
  });
});

describe('validateResidentId', () => {
  it('accepts the standard example and extracts fields', () => {
    const r = validateResidentId('11010519491231002X', NOW);
    expect(r).toEqual({
      valid: true,
      type: 'resident_id',
      value: '11010519491231002X',
      details: { birthDate: '1949-12-31', sex: 'female', divisionCode: '110105', rongchang: false },
    });
  });

  it('upper-cases a trailing x and trims', () => {
    expect(validateResidentId(' 11010519491231002x ', NOW)).toMatchObject({ valid: true, value: '11010519491231002X' });
  });

  it('flags Rongchang residents and accepts the HK/Macao/Taiwan residence permit codes', () => {
    expect(validateResidentId(makeResidentId('50015320000229001'), NOW)).toMatchObject({
      valid: true,
      details: { rongchang: true, birthDate: '2000-02-29', sex: 'male' },
    });
    expect(validateResidentId(makeResidentId('50022619800101002'), NOW).details?.rongchang).toBe(true);
    expect(validateResidentId(makeResidentId('83000019900101003'), NOW).valid).toBe(true);
  });

  it('compares the birth date with today in China (UTC+8)', () => {
    const id = makeResidentId('11010520250602001');
    // 2025-06-01T16:30Z is already 2025-06-02 00:30 in Beijing.
    expect(validateResidentId(id, { now: new Date('2025-06-01T16:30:00Z') }).valid).toBe(true);
    expect(validateResidentId(id, { now: new Date('2025-06-01T15:30:00Z') }).reason).toBe('BIRTH_DATE');
  });

  describe('failure reasons', () => {
    it('EMPTY', () => {
      expect(validateResidentId('', NOW)).toMatchObject({ valid: false, reason: 'EMPTY' });
    });

    it('LENGTH, including old 15-digit numbers', () => {
      expect(validateResidentId('110105491231002', NOW)).toMatchObject({ valid: false, reason: 'LENGTH' });
      expect(validateResidentId('11010519491231002X1', NOW).reason).toBe('LENGTH');
    });

    it('CHARSET', () => {
      expect(validateResidentId('1101051949123100XX', NOW).reason).toBe('CHARSET');
      expect(validateResidentId('11010519491231002Y', NOW).reason).toBe('CHARSET');
      expect(validateResidentId('110105-9491231002X', NOW).reason).toBe('CHARSET');
    });

    it('DIVISION_CODE', () => {
      expect(validateResidentId(makeResidentId('99010519491231002'), NOW)).toMatchObject({
        valid: false,
        reason: 'DIVISION_CODE',
      });
    });

    it('BIRTH_DATE: impossible, before 1900, in the future', () => {
      for (const date of ['19990230', '19991301', '19990001', '19990431', '19000229', '21000229']) {
        const r = validateResidentId(makeResidentId(`110105${date}001`), NOW);
        expect(r.reason, date).toBe('BIRTH_DATE');
      }
      expect(validateResidentId(makeResidentId('11010520000229001'), NOW).valid).toBe(true); // leap year
      // The published GB 11643 example is from 1880: correct check char, but too old to accept.
      const old = validateResidentId('440524188001010014', NOW);
      expect(old).toMatchObject({ valid: false, reason: 'BIRTH_DATE' });
      expect(old.message?.en).toBe('birth date 1880-01-01 is before 1900');
      expect(validateResidentId(makeResidentId('11010520250602001'), NOW).reason).toBe('BIRTH_DATE');
    });

    it('CHECK_DIGIT', () => {
      const r = validateResidentId('110105194912310021', NOW);
      expect(r).toMatchObject({ valid: false, reason: 'CHECK_DIGIT', details: { expected: 'X' } });
      expect(r.message).toEqual({ zh: '校验码错误，应为 X', en: 'check character is wrong, expected X' });
    });
  });
});

describe('birth date and sex helpers', () => {
  it('extract fields', () => {
    expect(residentIdBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(residentIdSex('11010519491231002X')).toBe('female'); // sequence 002
    expect(residentIdSex('440524188001010014')).toBe('male'); // sequence 001
    expect(residentIdBirthDate('11010519491231002x')).toBe('1949-12-31');
  });

  it('return undefined for unparseable input', () => {
    expect(residentIdBirthDate('110105199902300011')).toBeUndefined();
    expect(residentIdBirthDate('1101051949')).toBeUndefined();
    expect(residentIdSex('abc')).toBeUndefined();
  });
});

describe('properties', () => {
  /** Random bodies with a real address code and a birth date between 1900 and 2024. */
  const body = fc
    .record({
      division: fc.constantFrom('110105', '500153', '500226', '440305', '650102', '810000'),
      birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }),
      seq: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ division, birth, seq }) => division + birth.toISOString().slice(0, 10).replaceAll('-', '') + String(seq).padStart(3, '0'));

  it('makeResidentId produces numbers that validate, with consistent helpers', () => {
    fc.assert(
      fc.property(body, (b) => {
        const id = makeResidentId(b);
        const r = validateResidentId(id, NOW);
        return (
          r.valid &&
          r.details?.birthDate === residentIdBirthDate(id) &&
          r.details?.sex === residentIdSex(id) &&
          residentIdSex(id) === (Number(b[16]) % 2 === 1 ? 'male' : 'female')
        );
      }),
    );
  });

  it('every single-character substitution is rejected', () => {
    // Digits differ by at most 9 and weights are non-zero mod 11, so the sum always moves;
    // the check char maps residues one-to-one.
    fc.assert(
      fc.property(body, (b) => {
        const id = makeResidentId(b);
        for (let i = 0; i < 18; i++) {
          for (const ch of i < 17 ? '0123456789' : '0123456789X') {
            if (ch === id[i]) continue;
            if (validateResidentId(id.slice(0, i) + ch + id.slice(i + 1), NOW).valid) return false;
          }
        }
        return true;
      }),
    );
  });
});
