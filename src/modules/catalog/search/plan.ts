/** What a search matches and how it scores each match, as SQL over products' search columns. */
import { sql, type RawBuilder, type SqlBool } from 'kysely';

export interface MatchPlan {
  match: RawBuilder<SqlBool>;
  score: RawBuilder<number>;
}

/** ts_rank_cd takes weights in D, C, B, A order: the title (A) counts five times the description (C). */
const RANK_WEIGHTS = sql.lit('{0.1, 0.2, 0.4, 1.0}');

/** `tsquery` is tsquery text (tsquery.ts), always sent as a parameter. */
export function rankSql(tsquery: string): RawBuilder<number> {
  return sql<number>`ts_rank_cd(${RANK_WEIGHTS}, search_vector, to_tsquery('simple', ${tsquery}))`;
}

export function matchSql(tsquery: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`search_vector @@ to_tsquery('simple', ${tsquery})`;
}

/** Every term must match; ranked by cover density with the same terms. */
export function exactPlan(tsquery: string): MatchPlan {
  return { match: matchSql(tsquery), score: rankSql(tsquery) };
}
