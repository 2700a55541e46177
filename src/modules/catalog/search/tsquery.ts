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
/** Fuzzy matching looks at this many CJK runs, of at most this many characters (bounds the query). */
const MAX_FUZZY_RUNS = 4;
const MAX_FUZZY_CHARS = 10;

/** One tsquery operand, quoted (`'` doubled, `\\` escaped); `prefix` matches lexemes starting with it. */
export function term(lexeme: string, options: { prefix?: boolean } = {}): string {
  const quoted = `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return options.prefix ? `${quoted}:*` : quoted;
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

/**
 * Typo-tolerant query for Chinese (荣昌卤饿 for 荣昌卤鹅): in every CJK run of three or more
 * characters, any ONE character may be wrong. For each position the run is cut there and the
 * pieces on either side must match — two or more characters by their bigrams (so they stay
 * contiguous), a single character as a prefix term:
 *   荣昌卤饿 → (昌卤 & 卤饿) | (荣:* & 卤饿) | (荣昌 & 饿:*) | (荣昌 & 昌卤)
 * Shorter runs must match exactly: with two characters, one right one would match half the
 * catalogue. Null when no run is long enough.
 */
export function fuzzyCjkTsquery(parsed: ParsedQuery): string | null {
  const parts: string[] = [];
  let tolerant = false;
  for (const run of parsed.cjk.slice(0, MAX_FUZZY_RUNS)) {
    const chars = [...run].slice(0, MAX_FUZZY_CHARS);
    if (chars.length < 3) {
      parts.push(exactTsquery({ cjk: [run], words: [] })!);
      continue;
    }
    tolerant = true;
    const clauses = chars.map((_, i) => {
      const pieces = [chars.slice(0, i), chars.slice(i + 1)].filter((p) => p.length > 0);
      const terms = pieces.flatMap((p) => (p.length === 1 ? [term(p[0]!, { prefix: true })] : bigrams(p.join('')).map((g) => term(g))));
      return `(${terms.join(' & ')})`;
    });
    parts.push(`(${clauses.join(' | ')})`);
  }
  return tolerant ? parts.join(' & ') : null;
}

/**
 * What ranks fuzzy matches: any of the query's bigrams, characters and words, so a product
 * sharing more and closer pieces of the query comes first.
 */
export function fuzzyRankTsquery(parsed: ParsedQuery): string | null {
  const terms = new Set<string>();
  for (const run of parsed.cjk) for (const g of bigrams(run)) terms.add(term(g));
  for (const c of new Set(parsed.cjk.flatMap((run) => [...run].slice(0, MAX_FUZZY_CHARS)))) terms.add(term(c, { prefix: true }));
  for (const w of parsed.words) terms.add(term(w));
  const list = [...terms].slice(0, MAX_TERMS * 2);
  return list.length ? list.join(' | ') : null;
}

/**
 * The non-CJK words joined, for pg_trgm's word similarity (Latin typos). Null unless some word
 * has three letters: shorter words and numbers have too few trigrams to tell a typo from noise.
 */
export function fuzzyLatinText(parsed: ParsedQuery): string | null {
  return parsed.words.some((w) => w.replace(/\d/g, '').length >= 3) ? parsed.words.join(' ') : null;
}
