/**
 * Builds tsquery text from what a shopper typed. The result is passed as a bind parameter to
 * `to_tsquery('simple', $1)`, never spliced into SQL; each term is also quoted for tsquery's own
 * syntax, so `&|!():*'\` in the input are ordinary characters that never reach the parser as
 * operators (they are not letters, so segmentation already dropped them anyway).
 */
import { bigrams, clip, isCjk, normalizeText, runs } from './segment.ts';

/** Longer input is cut: a search box needs no more, and it bounds the query's size. */
export const MAX_QUERY_CHARS = 100;
/** At most this many AND-ed terms. */
const MAX_TERMS = 32;
/** Fuzzy matching looks at this many distinct CJK characters at most (bounds the OR of ANDs). */
const MAX_FUZZY_CHARS = 10;

/** One tsquery operand: `'lexeme'`, optionally a prefix (`:*`) and weight-restricted (`:AB`). */
export function term(lexeme: string, options: { prefix?: boolean; weights?: string } = {}): string {
  const quoted = `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  const flags = `${options.prefix ? '*' : ''}${options.weights ?? ''}`;
  return flags ? `${quoted}:${flags}` : quoted;
}

export interface ParsedQuery {
  /** CJK runs of the query (each ≥ 1 character). */
  cjk: string[];
  /** Other words (Latin, digits), lower-cased and NFKC-normalised. */
  words: string[];
}

export function parseQuery(q: string): ParsedQuery {
  const norm = normalizeText(q, MAX_QUERY_CHARS);
  const cjk: string[] = [];
  const words: string[] = [];
  for (const run of runs(norm)) (isCjk(run) ? cjk : words).push(run);
  return { cjk, words: words.map(clip) };
}

/**
 * The exact query: every term must match. A CJK run of two or more characters needs its
 * bigrams (荣昌卤鹅 → 荣昌 & 昌卤 & 卤鹅), which do not depend on how Intl segmented the query
 * or the product; a single character is a prefix query that matches the bigrams it starts or
 * the run-final character indexed for it (see segment.ts). Null when nothing is searchable.
 */
export function exactTsquery(parsed: ParsedQuery): string | null {
  const terms = new Set<string>();
  for (const run of parsed.cjk) {
    const grams = bigrams(run);
    if (grams.length === 0) terms.add(term(run, { prefix: true }));
    for (const g of grams) terms.add(term(g));
  }
  for (const w of parsed.words) terms.add(term(w));
  const list = [...terms].slice(0, MAX_TERMS);
  return list.length ? list.join(' & ') : null;
}

/** Distinct CJK characters of the query, in order, capped. */
export function fuzzyChars(parsed: ParsedQuery): string[] {
  return [...new Set(parsed.cjk.flatMap((run) => [...run]))].slice(0, MAX_FUZZY_CHARS);
}

/** How many of n query characters may be missing or wrong: one per four, at least one. */
export function allowedMisses(n: number): number {
  return Math.max(1, Math.floor(n / 4));
}

function combinations<T>(items: T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items as [T, ...T[]];
  return [...combinations(rest, k - 1).map((c) => [first, ...c]), ...combinations(rest, k)];
}

/**
 * Character-overlap query for a Chinese typo (荣昌卤饿 for 荣昌卤鹅): the product's title or
 * B-weighted fields must contain all but `allowedMisses(n)` of the query's n characters. Written
 * as an OR of ANDs so the GIN index does the counting. Needs three or more characters: with two,
 * one right character would match half the catalogue. Null when not applicable.
 */
export function fuzzyCjkTsquery(parsed: ParsedQuery): string | null {
  const chars = fuzzyChars(parsed);
  if (chars.length < 3) return null;
  const need = chars.length - allowedMisses(chars.length);
  const terms = chars.map((c) => term(c, { prefix: true, weights: 'AB' }));
  return combinations(terms, need)
    .map((c) => `(${c.join(' & ')})`)
    .join(' | ');
}

/**
 * What ranks fuzzy matches: any of the query's bigrams, characters and words, so a product
 * sharing more and closer pieces of the query comes first.
 */
export function fuzzyRankTsquery(parsed: ParsedQuery): string | null {
  const terms = new Set<string>();
  for (const run of parsed.cjk) for (const g of bigrams(run)) terms.add(term(g));
  for (const c of fuzzyChars(parsed)) terms.add(term(c, { prefix: true }));
  for (const w of parsed.words) terms.add(term(w));
  const list = [...terms].slice(0, MAX_TERMS * 2);
  return list.length ? list.join(' | ') : null;
}

/** The non-CJK words joined, for pg_trgm's word similarity (Latin typos). Null when too short. */
export function fuzzyLatinText(parsed: ParsedQuery): string | null {
  const text = parsed.words.join(' ');
  return text.replace(/\d/g, '').length >= 3 ? text : null;
}
