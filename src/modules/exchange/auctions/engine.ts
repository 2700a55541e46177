/**
 * The auction rules (挂拍 / 竞价), pure: no database, no clock (time comes in as milliseconds),
 * no randomness. The service keeps an auction's state in its row, runs `placeBid` under the row
 * lock and journals every accepted bid; `settle` says who won at what price.
 *
 * Kinds
 * - `ascending` (竞买): a seller's lot, highest bid wins. Bids are open.
 * - `descending` (竞卖): a buyer's request, sellers bid the price down, lowest bid wins. It is
 *   the mirror image of `ascending` (every comparison and step runs the other way); the
 *   "reserve" is the buyer's ceiling and the opening price defaults to it.
 * - `sealed_first_price`, `sealed_second_price` (Vickrey): one hidden bid per bidder, opened at
 *   the close; the highest wins and pays its own bid (first price) or the second-highest bid,
 *   raised to the reserve (second price). No proxy bids and no soft close.
 *
 * Increments. A table `[{ fromFen, stepFen }]` (first row from 0, `fromFen` strictly rising):
 * the step at a price is the `stepFen` of the last row with `fromFen ≤ price`. The first open bid
 * must be the opening price plus a whole number (≥ 0) of steps at the opening price; every later
 * bid the current price plus a whole number (≥ 1) of steps at the current price (minus, for
 * `descending`). A sealed bid must be the opening price plus whole steps at the opening price.
 * `DEFAULT_INCREMENTS`: below 10,000 yuan 100 yuan; below 50,000 yuan 500 yuan; then 1,000 yuan.
 *
 * Proxy (maximum) bids, eBay-style. A bid carries `amountFen` and optionally `maxFen` (≥ amount;
 * for `descending` a floor ≤ amount). The engine bids for the leader just enough to lead: after a
 * challenger with max m meets a leader with max L, the one with the better max leads (equal maxes:
 * the earlier one keeps the lead) and the price becomes the loser's max plus one step at it, but
 * never beyond the winner's max and never below the challenger's explicit amount. When the
 * leader's max reaches the reserve, the price rises to the reserve at once. The leader may bid
 * again only to raise its max (the price does not move against itself).
 *
 * Soft close (延时, as China's online judicial auctions): an accepted bid within `softCloseMs`
 * of the close moves the close to the bid's time + `extendMs` — never earlier than it was.
 *
 * A refused bid (`{ ok: false, code }`) changes nothing: the caller keeps the old state.
 */

export type AuctionKind = 'ascending' | 'descending' | 'sealed_first_price' | 'sealed_second_price';
export const AUCTION_KINDS: readonly AuctionKind[] = ['ascending', 'descending', 'sealed_first_price', 'sealed_second_price'];

export interface IncrementRow {
  fromFen: bigint;
  stepFen: bigint;
}

/** Below 10,000 yuan: 100 yuan; below 50,000 yuan: 500 yuan; from 50,000 yuan: 1,000 yuan. */
export const DEFAULT_INCREMENTS: readonly IncrementRow[] = [
  { fromFen: 0n, stepFen: 10_000n },
  { fromFen: 1_000_000n, stepFen: 50_000n },
  { fromFen: 5_000_000n, stepFen: 100_000n },
];

export const DEFAULT_SOFT_CLOSE_MS = 5 * 60_000;
export const DEFAULT_EXTEND_MS = 5 * 60_000;

export interface AuctionRules {
  kind: AuctionKind;
  /** Who offers (the lot's seller; for `descending`, the requesting buyer). Cannot bid. */
  ownerId: string;
  /** Opening price (起拍价). */
  startFen: bigint;
  /** Reserve (保留价): the least the seller accepts; for `descending` the most the buyer pays. */
  reserveFen: bigint;
  increments: readonly IncrementRow[];
  startsAt: number;
  /** The scheduled close; the live close is `AuctionState.endsAt`. */
  endsAt: number;
  softCloseMs: number;
  extendMs: number;
}

export interface Leader {
  bidderId: string;
  maxFen: bigint;
  /** Sequence number of the bid that set this max (ties go to the smaller). */
  seq: number;
}

export interface SealedBid {
  bidderId: string;
  amountFen: bigint;
  seq: number;
}

export interface AuctionState {
  /** Current (standing) price; null before the first open bid. Always null for sealed kinds. */
  priceFen: bigint | null;
  leader: Leader | null;
  /** The best max among the bidders who do not lead (the leader's proxy answers it). */
  runnerUpMaxFen: bigint | null;
  /** The live close (soft close moves it). */
  endsAt: number;
  /** Accepted bids so far; the next accepted bid gets `seq = bidCount + 1`. */
  bidCount: number;
  /** Sealed kinds only: every bid (hidden until the close). */
  sealed: readonly SealedBid[];
}

export interface BidInput {
  bidderId: string;
  amountFen: bigint;
  maxFen?: bigint | null;
  at: number;
}

export type BidRefusal =
  | 'AUCTION_NOT_STARTED'
  | 'AUCTION_CLOSED'
  | 'SELF_BID'
  | 'BID_INVALID'
  | 'PROXY_NOT_ALLOWED'
  | 'ALREADY_BID'
  | 'BID_TOO_LOW'
  | 'BID_NOT_IN_INCREMENTS';

/** What an accepted bid did: took the lead, was outbid at once by the leader's proxy, or raised the leader's own max. */
export type BidOutcome = 'leading' | 'outbid' | 'raised_max' | 'sealed';

export type BidResult =
  | { ok: true; state: AuctionState; seq: number; outcome: BidOutcome; extended: boolean }
  | { ok: false; code: BidRefusal; minimumFen?: bigint };

export interface Settlement {
  outcome: 'sold' | 'reserve_not_met' | 'no_bids';
  winnerId: string | null;
  priceFen: bigint | null;
}

export function isSealed(kind: AuctionKind): boolean {
  return kind === 'sealed_first_price' || kind === 'sealed_second_price';
}

/** +1 when higher is better (ascending, sealed), −1 for descending. */
function direction(kind: AuctionKind): 1n | -1n {
  return kind === 'descending' ? -1n : 1n;
}

/** Checks an increment table; returns a reason when it is unusable. */
export function incrementTableProblem(table: readonly IncrementRow[]): string | null {
  if (table.length === 0) return 'the table is empty';
  if (table[0]!.fromFen !== 0n) return 'the first row must start at 0';
  for (let i = 0; i < table.length; i++) {
    const r = table[i]!;
    if (r.stepFen <= 0n) return `row ${i}: stepFen must be positive`;
    if (i > 0 && r.fromFen <= table[i - 1]!.fromFen) return `row ${i}: fromFen must rise`;
  }
  return null;
}

/** The step that applies at `priceFen`. */
export function stepAt(table: readonly IncrementRow[], priceFen: bigint): bigint {
  let step = table[0]!.stepFen;
  for (const r of table) {
    if (r.fromFen <= priceFen) step = r.stepFen;
    else break;
  }
  return step;
}

export function initialState(rules: AuctionRules): AuctionState {
  return { priceFen: null, leader: null, runnerUpMaxFen: null, endsAt: rules.endsAt, bidCount: 0, sealed: [] };
}

export function isClosed(state: AuctionState, now: number): boolean {
  return now >= state.endsAt;
}

/** The least (for descending: the most) amount a new open bid may name now, for display. */
export function minimumNextBid(rules: AuctionRules, state: AuctionState): bigint {
  const dir = direction(rules.kind);
  if (isSealed(rules.kind) || state.priceFen === null) return rules.startFen;
  return state.priceFen + dir * stepAt(rules.increments, state.priceFen);
}

/** Applies one bid. Pure: on refusal the given state is untouched and must be kept. */
export function placeBid(rules: AuctionRules, state: AuctionState, bid: BidInput): BidResult {
  if (bid.at < rules.startsAt) return { ok: false, code: 'AUCTION_NOT_STARTED' };
  if (bid.at >= state.endsAt) return { ok: false, code: 'AUCTION_CLOSED' };
  if (bid.bidderId === rules.ownerId) return { ok: false, code: 'SELF_BID' };
  if (bid.amountFen <= 0n) return { ok: false, code: 'BID_INVALID' };
  const seq = state.bidCount + 1;

  if (isSealed(rules.kind)) {
    if (bid.maxFen !== undefined && bid.maxFen !== null) return { ok: false, code: 'PROXY_NOT_ALLOWED' };
    if (state.sealed.some((b) => b.bidderId === bid.bidderId)) return { ok: false, code: 'ALREADY_BID' };
    if (bid.amountFen < rules.startFen) return { ok: false, code: 'BID_TOO_LOW', minimumFen: rules.startFen };
    if ((bid.amountFen - rules.startFen) % stepAt(rules.increments, rules.startFen) !== 0n) {
      return { ok: false, code: 'BID_NOT_IN_INCREMENTS' };
    }
    const sealed = [...state.sealed, { bidderId: bid.bidderId, amountFen: bid.amountFen, seq }];
    return { ok: true, state: { ...state, bidCount: seq, sealed }, seq, outcome: 'sealed', extended: false };
  }

  const dir = direction(rules.kind);
  /** a is strictly better than b for the offering side's counterpart (higher asc, lower desc). */
  const better = (a: bigint, b: bigint) => dir * (a - b) > 0n;
  const lessAggressive = (a: bigint, b: bigint) => (better(a, b) ? b : a);
  const moreAggressive = (a: bigint, b: bigint) => (better(a, b) ? a : b);
  const max = bid.maxFen ?? bid.amountFen;
  if (max <= 0n || better(bid.amountFen, max)) return { ok: false, code: 'BID_INVALID' };

  let priceFen: bigint;
  let leader: Leader;
  let runnerUpMaxFen = state.runnerUpMaxFen;
  let outcome: BidOutcome;
  const current = state.leader;
  if (current && current.bidderId === bid.bidderId) {
    // The leader raises its own max; the price does not move against itself — only where the
    // old max had capped it below the runner-up's max plus a step does it rise to that now.
    if (!better(max, current.maxFen)) return { ok: false, code: 'BID_TOO_LOW', minimumFen: current.maxFen + dir };
    leader = { bidderId: bid.bidderId, maxFen: max, seq };
    priceFen = state.priceFen!;
    if (runnerUpMaxFen !== null) {
      priceFen = moreAggressive(priceFen, lessAggressive(max, runnerUpMaxFen + dir * stepAt(rules.increments, runnerUpMaxFen)));
    }
    outcome = 'raised_max';
  } else {
    const base = state.priceFen ?? rules.startFen;
    const step = stepAt(rules.increments, base);
    const minimum = state.priceFen === null ? base : base + dir * step;
    if (better(minimum, bid.amountFen)) return { ok: false, code: 'BID_TOO_LOW', minimumFen: minimum };
    if ((bid.amountFen - base) % step !== 0n) return { ok: false, code: 'BID_NOT_IN_INCREMENTS' };
    if (!current) {
      leader = { bidderId: bid.bidderId, maxFen: max, seq };
      priceFen = bid.amountFen;
      outcome = 'leading';
    } else if (better(max, current.maxFen)) {
      const proxy = lessAggressive(max, current.maxFen + dir * stepAt(rules.increments, current.maxFen));
      leader = { bidderId: bid.bidderId, maxFen: max, seq };
      runnerUpMaxFen = current.maxFen;
      priceFen = moreAggressive(bid.amountFen, proxy);
      outcome = 'leading';
    } else {
      const proxy = lessAggressive(current.maxFen, max + dir * stepAt(rules.increments, max));
      leader = current;
      runnerUpMaxFen = runnerUpMaxFen === null ? max : moreAggressive(runnerUpMaxFen, max);
      priceFen = moreAggressive(state.priceFen!, proxy);
      outcome = 'outbid';
    }
  }
  // The leader's max meets the reserve: the price goes to the reserve at once.
  if (!better(rules.reserveFen, leader.maxFen) && better(rules.reserveFen, priceFen)) priceFen = rules.reserveFen;

  let endsAt = state.endsAt;
  if (bid.at >= state.endsAt - rules.softCloseMs) endsAt = Math.max(state.endsAt, bid.at + rules.extendMs);
  return {
    ok: true,
    state: { ...state, priceFen, leader, runnerUpMaxFen, endsAt, bidCount: seq },
    seq,
    outcome,
    extended: endsAt !== state.endsAt,
  };
}

/** The result at the close: who buys (or sells, for descending) at what price. */
export function settle(rules: AuctionRules, state: AuctionState): Settlement {
  if (isSealed(rules.kind)) {
    if (state.sealed.length === 0) return { outcome: 'no_bids', winnerId: null, priceFen: null };
    const ranked = [...state.sealed].sort((a, b) => (a.amountFen === b.amountFen ? a.seq - b.seq : a.amountFen > b.amountFen ? -1 : 1));
    const top = ranked[0]!;
    if (top.amountFen < rules.reserveFen) return { outcome: 'reserve_not_met', winnerId: null, priceFen: null };
    let priceFen = top.amountFen;
    if (rules.kind === 'sealed_second_price') {
      const second = ranked[1]?.amountFen ?? rules.startFen;
      priceFen = second > rules.reserveFen ? second : rules.reserveFen;
      if (priceFen > top.amountFen) priceFen = top.amountFen;
    }
    return { outcome: 'sold', winnerId: top.bidderId, priceFen };
  }
  if (!state.leader || state.priceFen === null) return { outcome: 'no_bids', winnerId: null, priceFen: null };
  const dir = direction(rules.kind);
  if (dir * (rules.reserveFen - state.priceFen) > 0n) return { outcome: 'reserve_not_met', winnerId: null, priceFen: null };
  return { outcome: 'sold', winnerId: state.leader.bidderId, priceFen: state.priceFen };
}
