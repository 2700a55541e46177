import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyRateBp, fen, formatYuan, parseYuan, yuan } from './money.ts';

describe('money in fen', () => {
  it('parses yuan text exactly, without floats', () => {
    expect(parseYuan('0.1') + parseYuan('0.2')).toBe(30n);
    expect(parseYuan('1,234.56')).toBe(123456n);
    expect(parseYuan('¥12')).toBe(1200n);
    expect(parseYuan('-3.5')).toBe(-350n);
    expect(() => parseYuan('1.234')).toThrow(RangeError);
    expect(() => parseYuan('abc')).toThrow(RangeError);
  });

  it('formats fen as yuan with separators', () => {
    expect(formatYuan(123456n)).toBe('1,234.56');
    expect(formatYuan(5n)).toBe('0.05');
    expect(formatYuan(-100000000n)).toBe('-1,000,000.00');
    expect(formatYuan(yuan(10_000_000))).toBe('10,000,000.00');
  });

  it('round-trips every amount through format and parse', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (a) => parseYuan(formatYuan(a)) === a));
  });

  it('applies rates in basis points, rounding half up', () => {
    expect(applyRateBp(yuan(100), 3000)).toBe(yuan(30)); // 30 %
    expect(applyRateBp(1n, 5000)).toBe(1n); // 0.5 fen rounds up
    expect(applyRateBp(1n, 4999)).toBe(0n);
    expect(applyRateBp(-1n, 5000)).toBe(-1n);
  });

  it('refuses non-integer fen', () => {
    expect(() => fen(1.5)).toThrow(RangeError);
    expect(() => fen('1.5')).toThrow(RangeError);
    expect(fen('42')).toBe(42n);
  });
});
