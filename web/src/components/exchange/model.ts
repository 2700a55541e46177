/**
 * The livestock exchange's shapes as the server sends them (docs: /work/notes/exchange-contract.md
 * and the route schemas of src/modules/exchange), plus formatting: prices are integer fen per kg
 * or per head, quantities are head, and Chinese convention colours a rise red and a fall green.
 */
import type { LocalizedText } from '../../api';
import { formatYuan, parseYuanToFen } from '../../money';

export type InstrumentKind = 'live_hog' | 'piglet' | 'breeding_pig';
export type PriceUnit = 'fen_per_kg' | 'fen_per_head';
export type TradingMode = 'listing' | 'auction' | 'continuous';
export type Side = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
export type OrderStatus = 'open' | 'filled' | 'partially_filled' | 'cancelled';

export interface Instrument {
  id: string;
  code: string;
  name: LocalizedText;
  kind: InstrumentKind;
  priceUnit: PriceUnit;
  quantityUnit: 'head';
  kgPerHead?: number | null;
  tickFen: number;
  modes: TradingMode[];
  session: { open: string; close: string; tz: string };
  band: { prevSettlementFen: number; bandBp: number; loFen: number; hiFen: number };
  lastFen: number | null;
  changeBp: number | null;
  volumeToday: number;
}

export interface BookLevel {
  priceFen: number;
  quantity: number;
  orders?: number;
}

export interface Book {
  bids: BookLevel[];
  asks: BookLevel[];
}

export interface OrderFill {
  id: string;
  priceFen: number;
  quantity: number;
}

export interface Order {
  id: string;
  instrumentId: string;
  side: Side;
  type: OrderType;
  timeInForce?: TimeInForce;
  priceFen: number | null;
  quantity: number;
  status: OrderStatus;
  filledQuantity: number;
  remainingQuantity: number;
  createdAt?: string;
  lotId?: string | null;
  listing?: boolean;
  note?: string | null;
  reservedFen?: number;
  trades?: OrderFill[];
}

export interface Trade {
  id: string;
  instrumentId?: string;
  priceFen: number;
  quantity: number;
  aggressor?: Side;
  /** In my trades: my side. */
  side?: Side;
  valueFen?: number;
  at: string;
}

export interface Candle {
  t: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface IndexPoint {
  t: string;
  value: number;
}

export interface Lot {
  id: string;
  instrumentId: string;
  headCount: number;
  /** Head on resting sell orders, sold, and still free to offer. */
  reserved?: number;
  sold?: number;
  available?: number;
  avgWeightKg: number;
  farmName: string;
  townCode: string;
  quarantineCertificateNo: string | null;
  breed?: string | null;
  birthDate?: string | null;
  pedigree?: string | null;
  createdAt?: string;
}

/** A 挂牌: a resting GTC limit order (its id is the order's) with the details of its lot. */
export interface Listing {
  id: string;
  instrumentId: string;
  side: Side;
  priceFen: number;
  quantity: number;
  remainingQuantity: number;
  filledQuantity?: number;
  status?: OrderStatus;
  lot?: Lot | null;
  note?: string | null;
  createdAt?: string;
}

export interface Account {
  balanceFen: number;
  reservedFen: number;
  availableFen: number;
}

export type AuctionKind = 'ascending' | 'descending' | 'sealed_first_price' | 'sealed_second_price';
export type AuctionStatus = 'scheduled' | 'running' | 'ended' | 'settled';
export type AuctionOutcome = 'sold' | 'reserve_not_met' | 'no_bids' | 'defaulted';
export type BidOutcome = 'leading' | 'outbid' | 'raised_max' | 'sealed';

export interface Increment {
  fromFen: number;
  stepFen: number;
}

export interface AuctionBid {
  seq: number;
  /** Pseudonymous bidder number within the auction (竞买号). */
  bidder: string;
  mine: boolean;
  amountFen: number;
  /** My own proxy maximum; null for others' bids. */
  maxFen: number | null;
  outcome: BidOutcome;
  /** The price once the engine had applied this bid (a proxy may have answered it). */
  priceAfterFen: number | null;
  at: string;
}

export interface AuctionSummary {
  id: string;
  kind: AuctionKind;
  status: AuctionStatus;
  title: string;
  lotId: string | null;
  instrumentId: string;
  headCount: number;
  priceFen: number | null;
  startFen: number;
  bidCount: number;
  startsAt: string;
  endsAt: string;
  outcome: AuctionOutcome | null;
}

export interface Auction extends AuctionSummary {
  lot: Omit<Lot, 'id' | 'instrumentId'> | null;
  mine: boolean;
  reserveFen: number | null;
  reserveMet: boolean | null;
  depositFen: number;
  increments: Increment[];
  softCloseMinutes: number;
  extendMinutes: number;
  scheduledEndsAt: string;
  serverNow: string;
  minimumNextBidFen: number | null;
  stepFen: number;
  leader: string | null;
  youLead: boolean;
  myMaxFen: number | null;
  bids: AuctionBid[];
  result: { outcome: AuctionOutcome; winner: string | null; winnerId: string | null; youWon: boolean; priceFen: number | null; settledAt: string } | null;
}

export interface PlacedBid {
  auctionId: string;
  seq: number;
  amountFen: number;
  maxFen: number | null;
  outcome: BidOutcome;
  leading: boolean;
  priceFen: number | null;
  endsAt: string;
  extended: boolean;
  depositFen: number;
}

/** One line of the bid history: a bid as placed, or the answer a proxy (maximum) bid gave it. */
export interface HistoryLine {
  key: string;
  bidder: string;
  mine: boolean;
  amountFen: number;
  proxy: boolean;
  maxFen: number | null;
  outcome: BidOutcome | 'proxy';
  at: string;
}

/**
 * The bid history, newest first, with the automatic answers of proxy bids written out: when a bid
 * is outbid at once, the price moved to `priceAfterFen` on behalf of the bidder who stayed ahead
 * (at the same amount when an earlier proxy maximum ties it: the earlier bid wins the tie).
 */
export function bidHistory(bids: AuctionBid[]): HistoryLine[] {
  const lines: HistoryLine[] = [];
  let leader: { bidder: string; mine: boolean } | null = null;
  let price: number | null = null;
  for (const b of [...bids].sort((x, y) => x.seq - y.seq)) {
    lines.push({ key: `b${b.seq}`, bidder: b.bidder, mine: b.mine, amountFen: b.amountFen, proxy: b.maxFen !== null && b.maxFen !== b.amountFen, maxFen: b.maxFen, outcome: b.outcome, at: b.at });
    if (b.outcome === 'leading') leader = { bidder: b.bidder, mine: b.mine };
    const after = b.priceAfterFen;
    // The price the engine set on someone's behalf: the leader's proxy answering an outbid bid
    // (at the same amount when an earlier equal maximum wins the tie), a new leader's proxy
    // topping the old maximum, or the leader's raised maximum lifting the price.
    const answered =
      leader !== null &&
      after !== null &&
      (b.outcome === 'outbid' || (b.outcome === 'leading' && after !== b.amountFen) || (b.outcome === 'raised_max' && after !== price));
    if (answered && leader) lines.push({ key: `p${b.seq}`, bidder: leader.bidder, mine: leader.mine, amountFen: after!, proxy: true, maxFen: null, outcome: 'proxy', at: b.at });
    if (after !== null) price = after;
  }
  return lines.reverse();
}

/** Yuan with two decimals, no sign: 1720 → "17.20". */
export function yuan(fen: number): string {
  return formatYuan(fen);
}

export function unitKey(unit: PriceUnit): 'ex.unit.perKg' | 'ex.unit.perHead' {
  return unit === 'fen_per_kg' ? 'ex.unit.perKg' : 'ex.unit.perHead';
}

/** 1720 bp-style change → "+1.72%"; null → "—". */
export function formatChangeBp(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '—';
  const pct = bp / 100;
  const sign = bp > 0 ? '+' : '';
  return `${sign}${pct.toFixed(2)}%`;
}

/** CSS class for a change: rise red, fall green (Chinese market convention). */
export function changeClass(delta: number | null | undefined): string {
  if (!delta) return 'ex-flat';
  return delta > 0 ? 'ex-up' : 'ex-down';
}

/** Parses a yuan price; it must be a whole number of ticks. Returns fen or an error key. */
export function parsePrice(text: string, tickFen: number): { fen: number } | { error: 'ex.err.price' | 'ex.err.tick' } {
  const fen = parseYuanToFen(text);
  if (fen === null || fen <= 0) return { error: 'ex.err.price' };
  if (tickFen > 0 && fen % tickFen !== 0) return { error: 'ex.err.tick' };
  return { fen };
}

export function parseHead(text: string): number | null {
  const cleaned = text.normalize('NFKC').trim();
  if (!/^\d{1,7}$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return n > 0 ? n : null;
}

/**
 * Value of a trade or order in fen, as the exchange settles it: price × head × the instrument's
 * standard weight per head (kgPerHead; 1 for per-head prices).
 */
export function valueFen(instrument: Pick<Instrument, 'kgPerHead'>, priceFen: number, quantity: number): number {
  return priceFen * quantity * (instrument.kgPerHead ?? 1);
}

/** Minutes since midnight in Beijing time. */
function beijingMinutes(now: number): number {
  const d = new Date(now + 8 * 3600_000);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}

function hhmm(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function sessionOpen(instrument: Pick<Instrument, 'session'>, now: number): boolean {
  const minutes = beijingMinutes(now);
  const open = hhmm(instrument.session.open);
  const close = hhmm(instrument.session.close);
  return open <= close ? minutes >= open && minutes < close : minutes >= open || minutes < close;
}

/** The amounts a bid may take from `fromFen` upwards: each step of the increment table. */
export function stepAt(increments: Increment[], amountFen: number): number {
  let step = increments[0]?.stepFen ?? 100;
  for (const inc of [...increments].sort((a, b) => a.fromFen - b.fromFen)) {
    if (amountFen >= inc.fromFen) step = inc.stepFen;
  }
  return step;
}

/**
 * The next `count` valid bid amounts: from the server's minimum next bid, up by the increment
 * table in an ascending auction, down in a descending one.
 */
export function nextBids(auction: Pick<Auction, 'kind' | 'increments' | 'minimumNextBidFen'>, count: number): number[] {
  const down = auction.kind === 'descending';
  const out: number[] = [];
  let amount = auction.minimumNextBidFen;
  for (let i = 0; i < count && amount !== null && amount > 0; i++) {
    out.push(amount);
    amount = down ? amount - stepAt(auction.increments, amount) : amount + stepAt(auction.increments, amount);
  }
  return out;
}

export function isSealed(kind: AuctionKind): boolean {
  return kind === 'sealed_first_price' || kind === 'sealed_second_price';
}
