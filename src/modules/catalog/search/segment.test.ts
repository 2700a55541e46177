import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { Database } from '../../../db/connect.ts';
import { testDatabase } from '../../../../test/support/platform.ts';
import { MAX_LEXEME_CHARS, MAX_LEXEMES, searchDocument, searchLexemes, searchVectorSql } from './segment.ts';

describe('searchLexemes', () => {
  it('indexes the character bigrams that Intl.Segmenter splits apart (夏|布 → 夏布)', () => {
    const lexemes = searchLexemes('荣昌夏布围巾');
    expect(lexemes).toContain('夏布');
    expect(lexemes).toEqual(expect.arrayContaining(['荣昌', '昌夏', '夏布', '布围', '围巾']));
  });

  it("keeps each CJK run's last character, so a one-character query can find it (扇 in 折扇)", () => {
    expect(searchLexemes('荣昌折扇')).toContain('扇');
    expect(searchLexemes('鹅')).toEqual(['鹅']);
  });

  it("does not index Intl.Segmenter's Chinese words: bigrams and run-final characters cover them", () => {
    expect(searchLexemes('巧克力')).toEqual(['巧克', '克力', '力']);
  });

  it('lower-cases Latin words and numbers after NFKC normalisation (full-width ＡＢＣ１２３ → abc123)', () => {
    expect(searchLexemes('ＡＢＣ１２３ iPhone15 Pro ①')).toEqual(expect.arrayContaining(['abc123', 'iphone15', 'pro', '1']));
  });

  it('separates at punctuation, symbols and emoji and never emits them', () => {
    const lexemes = searchLexemes("安陶、茶具。「折扇」😀 can't a-b 'x'\\y & | ! ( ) : *");
    for (const l of lexemes) expect(l).toMatch(/^[\p{L}\p{Nd}\p{Nl}]+$/u);
    expect(lexemes).toEqual(expect.arrayContaining(['安陶', '茶具', '折扇', 'can', 't', 'a', 'b', 'x', 'y']));
  });

  it('treats a supplementary-plane character (𠮷) as one character', () => {
    expect(searchLexemes('𠮷野家')).toEqual(expect.arrayContaining(['𠮷野', '野家', '家']));
  });

  it('deduplicates', () => {
    const lexemes = searchLexemes('夏布 夏布 夏布 ABC abc');
    expect(new Set(lexemes).size).toBe(lexemes.length);
  });

  it('is bounded: at most MAX_LEXEMES lexemes of at most MAX_LEXEME_CHARS characters', () => {
    const cjk = Array.from({ length: 20_000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20_000))).join('');
    expect(searchLexemes(cjk).length).toBeLessThanOrEqual(MAX_LEXEMES);
    const long = searchLexemes('x'.repeat(5000));
    expect(long).toEqual(['x'.repeat(MAX_LEXEME_CHARS)]);
  });

  it('returns nothing for text without letters or digits', () => {
    expect(searchLexemes('')).toEqual([]);
    expect(searchLexemes('😀 !!! ——')).toEqual([]);
  });
});

describe('searchDocument', () => {
  it('puts the title under A, subtitle/pavilion/GI/attributes/town under B, description/shop under C', () => {
    const doc = searchDocument({
      title: '荣昌卤鹅',
      subtitle: '真空包装',
      description: '香而不腻',
      attributes: { 净含量: '500g' },
      shopName: '周记食品',
      pavilionName: '美食馆',
      townName: '昌元街道',
      giMarks: ['荣昌猪'],
    });
    expect(doc.weighted.A.split(' ')).toContain('卤鹅');
    expect(doc.weighted.B.split(' ')).toEqual(expect.arrayContaining(['真空', '美食', '500g', '街道', '昌猪']));
    expect(doc.weighted.C.split(' ')).toEqual(expect.arrayContaining(['不腻', '食品']));
  });

  it('stores a lexeme once, under the highest weight it appears with', () => {
    const doc = searchDocument({ title: '荣昌夏布', description: '荣昌夏布，手工织造' });
    expect(doc.weighted.A.split(' ')).toContain('夏布');
    expect(doc.weighted.C.split(' ')).not.toContain('夏布');
    expect(doc.weighted.C.split(' ')).toContain('织造');
  });

  it('caps the whole document at MAX_LEXEMES, keeping the title first', () => {
    const noise = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ');
    const doc = searchDocument({ title: '荣昌夏布', subtitle: noise, description: noise });
    const count = (s: string) => (s ? s.split(' ').length : 0);
    expect(count(doc.weighted.A) + count(doc.weighted.B) + count(doc.weighted.C)).toBe(MAX_LEXEMES);
    expect(doc.weighted.A.split(' ')).toContain('夏布');
    expect(doc.weighted.C).toBe('');
  });

  it('gives pg_trgm normalised title, subtitle and attribute values', () => {
    const doc = searchDocument({ title: 'Rongchang  ＣＥＲＡＭＩＣ 茶壶', subtitle: '手工', attributes: { 材质: '陶土' }, description: '不在其中' });
    expect(doc.text).toBe('rongchang ceramic 茶壶 手工 陶土');
  });
});

describe('in the database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  async function parsed(text: string): Promise<string[]> {
    const r = await sql<{ lexemes: string[] }>`select tsvector_to_array(to_tsvector('simple', ${text})) as lexemes`.execute(database.db);
    return r.rows[0]!.lexemes;
  }

  // The tsvector is built by PostgreSQL's default parser: it must store our lexemes exactly,
  // neither splitting (夏布 → 夏, 布) nor dropping (CJK as non-letters) nor changing any.
  it("keeps every lexeme intact through to_tsvector('simple', …)", async () => {
    const alphabet = fc.constantFrom(
      ...'荣昌夏布围巾手工桌旗卤鹅安陶茶具𠮷〇一二ぁアー한국abcXYZéßΩжＡＢＣ１２３0123456789 \t\n、。「」,.;:\'"\\&|!()*-_/😀👍🏻①½'.split(/(?:)/u),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), async (text) => {
        const lexemes = searchLexemes(text);
        expect((await parsed(lexemes.join(' '))).sort()).toEqual([...lexemes].sort());
      }),
      { numRuns: 150 },
    );
  });

  // Letters newer than the database's Unicode tables (e.g. 𒾐, Unicode 14) are not letters to
  // its parser, which then splits around them. Queries go through the same parser, so such
  // text still matches itself (see query.test.ts); the parser can only cut our lexemes down.
  it('with arbitrary Unicode, the parser at worst cuts a lexeme into pieces of it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (text) => {
        const lexemes = searchLexemes(text);
        const stored = await parsed(lexemes.join(' '));
        for (const s of stored) expect(lexemes.some((l) => l.includes(s))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('builds the weighted search_vector with searchVectorSql', async () => {
    const doc = searchDocument({ title: '荣昌夏布', subtitle: '围巾', description: '手工' });
    const r = await sql<{ v: string }>`select (${searchVectorSql(doc)})::text as v`.execute(database.db);
    expect(r.rows[0]!.v).toContain("'夏布':3A");
    expect(r.rows[0]!.v).toMatch(/'围巾':\d+B/);
    expect(r.rows[0]!.v).toMatch(/'手工':\d+C/);
    const hit = await sql<{ ok: boolean }>`select (${searchVectorSql(doc)}) @@ to_tsquery('simple', '夏布 & 围巾') as ok`.execute(database.db);
    expect(hit.rows[0]!.ok).toBe(true);
  });
});
