import { describe, expect, it } from 'vitest';
import { isUuid, uuidv7 } from './ids.ts';
import { maskPhone, normaliseChinaMobile } from './phone.ts';

describe('uuidv7', () => {
  it('makes valid version-7 UUIDs that sort in creation order', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7());
    expect(ids.every(isUuid)).toBe(true);
    expect(ids.every((id) => id[14] === '7' && '89ab'.includes(id[19]!))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('encodes the millisecond timestamp in the first 48 bits', () => {
    const at = Date.UTC(2026, 10, 25, 8, 0, 0);
    const id = uuidv7(at + 10_000_000); // later than any id made so far in this process
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(at + 10_000_000);
  });
});

describe('China mobile numbers', () => {
  it('accepts 11-digit numbers starting 13-19, with +86 and separators', () => {
    expect(normaliseChinaMobile('138 0000 0002')).toBe('13800000002');
    expect(normaliseChinaMobile('+86 139-0000-0001')).toBe('13900000001');
    expect(normaliseChinaMobile('12800000000')).toBeNull();
    expect(normaliseChinaMobile('1380000000')).toBeNull();
    expect(maskPhone('13800000002')).toBe('138****0002');
  });
});
