import { describe, expect, it } from 'vitest';
import { exactTsquery, fuzzyCjkTsquery, fuzzyLatinText, fuzzyRankTsquery, parseQuery, term } from './tsquery.ts';

describe('term', () => {
  it("quotes for tsquery syntax: ' is doubled and \\ escaped", () => {
    expect(term('夏布')).toBe("'夏布'");
    expect(term("a'b\\c")).toBe("'a''b\\\\c'");
    expect(term('鹅', { prefix: true })).toBe("'鹅':*");
  });
});

describe('parseQuery', () => {
  it('splits CJK runs from other words, normalised, ignoring operators and punctuation', () => {
    expect(parseQuery('荣昌卤鹅 ＆ "iPhone15" | !礼盒:*')).toEqual({ cjk: ['荣昌卤鹅', '礼盒'], words: ['iphone15'] });
  });

  it('reads at most 100 characters', () => {
    expect(parseQuery('a'.repeat(500)).words).toEqual(['a'.repeat(32)]);
    expect([...parseQuery('夏'.repeat(500)).cjk.join('')]).toHaveLength(100);
  });
});

describe('exactTsquery', () => {
  it('asks for every bigram of a CJK run, whatever Intl would make of it', () => {
    expect(exactTsquery(parseQuery('荣昌卤鹅'))).toBe("'荣昌' & '昌卤' & '卤鹅'");
  });

  it('asks for a lone character as a prefix', () => {
    expect(exactTsquery(parseQuery('扇'))).toBe("'扇':*");
  });

  it('combines runs and words with AND', () => {
    expect(exactTsquery(parseQuery('夏布 围巾 500G'))).toBe("'夏布' & '围巾' & '500g'");
  });

  it('is null when nothing is searchable', () => {
    expect(exactTsquery(parseQuery('😀 !!! & |'))).toBeNull();
  });
});

describe('fuzzy', () => {
  it('lets any one character of a CJK run be wrong, keeping the rest contiguous', () => {
    expect(fuzzyCjkTsquery(parseQuery('荣昌卤饿'))).toBe(
      "(('昌卤' & '卤饿') | ('荣':* & '卤饿') | ('荣昌' & '饿':*) | ('荣昌' & '昌卤'))",
    );
  });

  it('does not guess within two characters, and needs a run of three to guess at all', () => {
    expect(fuzzyCjkTsquery(parseQuery('夏币'))).toBeNull();
    expect(fuzzyCjkTsquery(parseQuery('荣昌 黄凉份'))).toBe("'荣昌' & (('凉份') | ('黄':* & '份':*) | ('黄凉'))");
  });

  it('hands Latin words of three or more letters to pg_trgm', () => {
    expect(fuzzyLatinText(parseQuery('Ceramik 茶壶'))).toBe('ceramik');
    expect(fuzzyLatinText(parseQuery('xl 500'))).toBeNull();
  });

  it('ranks fuzzy matches by any shared bigram, character or word', () => {
    expect(fuzzyRankTsquery(parseQuery('卤饿 abc'))).toBe("'卤饿' | '卤':* | '饿':* | 'abc'");
  });
});
