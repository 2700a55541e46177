/**
 * Turns product text into search lexemes for a `tsvector` under the `simple` configuration.
 *
 * Chinese has no spaces, and `Intl.Segmenter` is both coarse and context-dependent: it splits
 * 夏布 into 夏|布 and 荣昌卤鹅 into 荣昌|卤|鹅, yet keeps 折扇 whole. So every run of CJK
 * characters yields its overlapping character bigrams (夏布, 布围 …), which are the same whatever
 * the context, and queries match on those (see tsquery.ts).
 *
 * Single characters: a document indexes only the LAST character of each CJK run. Every other
 * character of a run starts one of its bigrams, so a one-character query `X`, written as the
 * prefix query `X:*`, finds exactly the documents that contain X. Indexing every character gives
 * the same recall with two thirds more lexemes (bench catalogue: 48 → 80 per product).
 *
 * Intl.Segmenter's words are kept for everything but CJK (Latin words, numbers, scripts that need
 * a dictionary to find word ends). Its Chinese words are not indexed: a query never asks for them
 * (Intl would segment the query differently anyway) and bigrams plus run-final characters
 * already contain every one- and two-character word; they were 17% of all lexemes.
 *
 * Every lexeme is a run of letters/digits that PostgreSQL's default parser keeps whole (checked
 * against the database in segment.test.ts), so `to_tsvector('simple', lexemes.join(' '))` stores
 * exactly these lexemes.
 */
import { sql, type RawBuilder } from 'kysely';

/** Per-document cap, so a pasted novel cannot bloat the index (a tsvector is at most 1 MB). */
export const MAX_LEXEMES = 2000;
/** Lexemes are cut to this many characters (the database limit is 2 KB; real words are short). */
export const MAX_LEXEME_CHARS = 32;
/** Text beyond this many characters per field is not indexed: it bounds the work per product. */
const MAX_FIELD_CHARS = 20_000;

// CJK: Han, kana and Hangul letters (and 〇), not CJK punctuation such as 。「」 that shares the script.
const CJK = String.raw`(?:(?=[\p{L}\p{Nl}])[\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Hang}])`;
// Other words: letters and decimal digits only; anything else (marks, symbols, emoji, `-.'`)
// separates, because the database parser would split or drop it.
const OTHER = String.raw`(?:(?![\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Hang}])[\p{L}\p{Nd}])`;
const CJK_RUN = new RegExp(`${CJK}+`, 'gu');
const RUN = new RegExp(`${CJK}+|${OTHER}+`, 'gu');
const IS_CJK = new RegExp(`^${CJK}`, 'u');

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** NFKC (full-width ＡＢＣ１２３ → abc123, ① → 1), lower case, bounded length. */
export function normalizeText(text: string, maxChars = MAX_FIELD_CHARS): string {
  const cut = text.length > maxChars ? text.slice(0, maxChars) : text;
  return cut.normalize('NFKC').toLowerCase();
}

/** Whether the text starts with a CJK character (runs are all-CJK or all-other). */
export function isCjk(text: string): boolean {
  return IS_CJK.test(text);
}

/** Letter/digit runs of already normalised text: CJK runs and other-script runs, separately. */
export function runs(normalized: string): string[] {
  return normalized.match(RUN) ?? [];
}

export function cjkRuns(normalized: string): string[] {
  return normalized.match(CJK_RUN) ?? [];
}

/** Overlapping character bigrams of one CJK run (code points, so 𠮷 counts as one). */
export function bigrams(run: string): string[] {
  const chars = [...run];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

export function clip(lexeme: string): string {
  const chars = [...lexeme];
  return chars.length > MAX_LEXEME_CHARS ? chars.slice(0, MAX_LEXEME_CHARS).join('') : lexeme;
}

/**
 * Adds the lexemes of one text to `into`: each CJK run's bigrams and last character, in text
 * order so ts_rank_cd sees adjacent bigrams as a close cover, then Intl's non-CJK words.
 */
function collect(text: string, into: Set<string>, cap: number): void {
  const norm = normalizeText(text);
  for (const run of cjkRuns(norm)) {
    for (const b of bigrams(run)) into.add(b);
    into.add([...run].at(-1)!);
    if (into.size >= cap) return;
  }
  for (const seg of segmenter.segment(norm)) {
    if (into.size >= cap) return;
    if (!seg.isWordLike) continue;
    // A segment may mix scripts or hold an apostrophe (can't): keep its non-CJK letter/digit runs.
    for (const run of runs(seg.segment)) if (!isCjk(run)) into.add(clip(run));
  }
}

/** The deduplicated search lexemes of one text, at most MAX_LEXEMES. */
export function searchLexemes(text: string): string[] {
  const out = new Set<string>();
  collect(text, out, MAX_LEXEMES);
  return [...out].slice(0, MAX_LEXEMES);
}

export interface SearchFields {
  title: string;
  subtitle?: string;
  description?: string;
  attributes?: Record<string, string>;
  shopName?: string;
  pavilionName?: string;
  townName?: string;
  giMarks?: string[];
}

export interface SearchDocument {
  /** Space-joined lexemes per weight: A title, B subtitle/pavilion/GI/attributes/town, C description/shop. */
  weighted: { A: string; B: string; C: string };
  /** Normalised title, subtitle and attribute values for pg_trgm (products.search_text). */
  text: string;
}

/** Cap on products.search_text: enough for the fields it holds, bounded for the trigram index. */
const MAX_TEXT_CHARS = 1000;

export function searchDocument(fields: SearchFields): SearchDocument {
  const attributeValues = Object.values(fields.attributes ?? {});
  const groups: Record<'A' | 'B' | 'C', string[]> = {
    A: [fields.title],
    B: [fields.subtitle ?? '', fields.pavilionName ?? '', ...(fields.giMarks ?? []), ...attributeValues, fields.townName ?? ''],
    C: [fields.description ?? '', fields.shopName ?? ''],
  };
  // A lexeme is stored once, under the highest weight it appears with: fewer index entries,
  // and ts_rank_cd already scores it by that weight. The cap keeps A and B before C.
  const seen = new Set<string>();
  const weighted = { A: '', B: '', C: '' };
  for (const weight of ['A', 'B', 'C'] as const) {
    const mine = new Set<string>();
    for (const text of groups[weight]) collect(text, mine, MAX_LEXEMES);
    const kept: string[] = [];
    for (const lexeme of mine) {
      if (seen.size >= MAX_LEXEMES) break;
      if (seen.has(lexeme)) continue;
      seen.add(lexeme);
      kept.push(lexeme);
    }
    weighted[weight] = kept.join(' ');
  }
  const text = normalizeText([fields.title, fields.subtitle ?? '', ...attributeValues].join(' '), MAX_TEXT_CHARS * 2)
    // Control characters (NUL cannot be stored in text at all) and lone surrogates become spaces.
    .replace(/[\p{Cc}\p{Cs}\s]+/gu, ' ')
    .trim()
    .slice(0, MAX_TEXT_CHARS);
  return { weighted, text };
}

/**
 * The SQL value for products.search_vector. Lexemes contain no spaces or punctuation, so the
 * default parser hands each to the `simple` dictionary unchanged.
 */
export function searchVectorSql(doc: SearchDocument): RawBuilder<unknown> {
  const { A, B, C } = doc.weighted;
  return sql`setweight(to_tsvector('simple', ${A}), 'A') || setweight(to_tsvector('simple', ${B}), 'B') || setweight(to_tsvector('simple', ${C}), 'C')`;
}
