/**
 * The typo-tolerant fallback, used only when the exact query finds nothing at all.
 *
 * Why not pg_trgm for Chinese (measured on PGlite 0.5 = PostgreSQL 18, and PostgreSQL 15):
 * - pg_trgm sees CJK characters only when the database's LC_CTYPE is UTF-8 aware. Both databases
 *   here use C.UTF-8 and `show_trgm('荣昌夏布')` gives 5 (hashed) trigrams; in a database created
 *   with LC_CTYPE 'C' it gives `{}`, so Chinese could never match there.
 * - Even then pg_trgm pads trigrams at word boundaries, and an unspaced Chinese title is one long
 *   "word": a typo in the middle shares almost nothing with it. word_similarity('夏币围巾',
 *   '荣昌夏布围巾') = 0.2 and ('黄凉份', '荣昌黄凉粉') = 0, against a default threshold of 0.6.
 * So a Chinese typo is matched in the tsvector instead, allowing one wrong character per run
 * (fuzzyCjkTsquery), which behaves the same on every database and uses the GIN index.
 * Latin words (ceramik → ceramic) use pg_trgm's word similarity on products.search_text, which
 * works for ASCII under any ctype and is served by the products_trgm GIN index.
 */
import { sql, type SqlBool } from 'kysely';
import { inTransaction, type Executor } from '../../../db/transaction.ts';
import { matchSql, rankSql, type MatchPlan } from './plan.ts';
import { exactTsquery, fuzzyCjkTsquery, fuzzyLatinText, fuzzyRankTsquery, type ParsedQuery } from './tsquery.ts';

/**
 * Minimum pg_trgm word similarity for a Latin typo. The default 0.6 misses a transposition in a
 * six-letter word (teapto/teapot: 0.57); 0.5 still rejects unrelated words.
 */
export const LATIN_WORD_SIMILARITY = 0.5;

/** Latin fuzzy candidates looked at, at most: a typo of a common word still stays cheap. */
const MAX_LATIN_CANDIDATES = 5000;

/**
 * Null when the query has nothing a typo could be tolerated in (e.g. one or two characters).
 * Latin candidates are fetched first, by id: the planner can only guess how selective `<%` is,
 * and a low guess made it scan the products_sales index row by row, computing word_similarity
 * on 30,000 products (350 ms) instead of asking the trigram index (20 ms).
 */
export async function fuzzyPlan(db: Executor, parsed: ParsedQuery): Promise<MatchPlan | null> {
  const cjkFuzzy = fuzzyCjkTsquery(parsed);
  const latin = fuzzyLatinText(parsed);
  if (!cjkFuzzy && !latin) return null;
  // A part that cannot be fuzzy (two CJK characters, a short word) must still match exactly.
  const cjkPart = cjkFuzzy ?? exactTsquery({ cjk: parsed.cjk, words: [] });
  const latinExact = latin ? null : exactTsquery({ cjk: [], words: parsed.words });
  const conditions = [];
  if (cjkPart) conditions.push(matchSql(cjkPart));
  if (latinExact) conditions.push(matchSql(latinExact));
  if (latin) conditions.push(sql<SqlBool>`id = any(${await latinCandidates(db, latin)}::uuid[])`);
  const rank = fuzzyRankTsquery(parsed);
  const scores = [];
  if (rank) scores.push(rankSql(rank));
  if (latin) scores.push(sql<number>`word_similarity(${latin}, search_text)`);
  return {
    match: sql<SqlBool>`(${sql.join(conditions, sql` and `)})`,
    score: sql<number>`(${sql.join(scores, sql` + `)})`,
  };
}

/**
 * Ids of on-sale products with a word similar to `latin`, through the products_trgm index.
 * `<%` compares with pg_trgm's session threshold, so it is set for one transaction only (a pooled
 * connection keeps no session state); inside the caller's transaction the previous value is put
 * back afterwards (if the query fails, that transaction is aborted and the setting goes with it).
 */
async function latinCandidates(db: Executor, latin: string): Promise<string[]> {
  const name = 'pg_trgm.word_similarity_threshold';
  return inTransaction(db, async (tx) => {
    const previous = db.isTransaction
      ? (await sql<{ v: string | null }>`select current_setting(${name}, true) as v`.execute(tx)).rows[0]?.v
      : null;
    await sql`select set_config(${name}, ${String(LATIN_WORD_SIMILARITY)}, true)`.execute(tx);
    const rows = await sql<{ id: string }>`
      select id from products
      where status = 'on_sale' and ${latin} <% search_text
      limit ${MAX_LATIN_CANDIDATES}`.execute(tx);
    if (previous != null) await sql`select set_config(${name}, ${previous}, true)`.execute(tx);
    return rows.rows.map((r) => r.id);
  });
}
