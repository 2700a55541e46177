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
export type AuctionStatus = 'scheduled' | 'open' | 'closed' | 'settled' | 'cancelled' | 'unsold' | 'failed';

export interface Increment {
  fromFen: number;
  stepFen: number;
}

export interface AuctionBid {
  id: string;
  amountFen: number;
  /** Placed by the system for a proxy (maximum) bid. */
  proxy?: boolean;
  bidderLabel?: string | null;
  bidder?: string | null;
  mine?: boolean;
  at: string;
}

export interface Auction {
  id: string;
  lotId: string;
  lot?: Lot | null;
  instrumentId?: string | null;
  title?: LocalizedText | string | null;
  kind: AuctionKind;
  status: AuctionStatus;
  reserveFen: number;
  startsAt: string;
  endsAt: string;
  serverNow?: string;
  increments: Increment[];
  depositFen: number;
  softCloseMinutes: number;
  extendMinutes: number;
  currentFen: number | null;
  leading?: boolean | null;
  myMaxFen?: number | null;
  bidCount?: number;
  bids?: AuctionBid[];
  nextValidFen?: number | null;
  extensions?: number;
  winnerLabel?: string | null;
  winner?: string | null;
  winningFen?: number | null;
  /** Settlement result after close, when the server reports one. */
  result?: { winnerLabel?: string | null; winner?: string | null; priceFen?: number | null; mine?: boolean; sold?: boolean } | null;
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

/** Value of a trade or order in fen: per-kg prices count the lot's standard weight per head. */
export function valueFen(instrument: Pick<Instrument, 'priceUnit' | 'kgPerHead'>, priceFen: number, quantity: number, kgPerHead?: number | null): number {
  if (instrument.priceUnit === 'fen_per_kg') {
    const kg = kgPerHead ?? instrument.kgPerHead ?? 0;
    return Math.round(priceFen * kg * quantity);
  }
  return priceFen * quantity;
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
 * The next `count` valid bid amounts: upwards from the current price by the increment table in
 * an ascending auction (the reserve opens it), downwards in a descending one.
 */
export function nextBids(auction: Pick<Auction, 'kind' | 'increments' | 'currentFen' | 'reserveFen' | 'nextValidFen'>, count: number): number[] {
  const down = auction.kind === 'descending';
  const out: number[] = [];
  let amount =
    auction.nextValidFen ??
    (auction.currentFen === null ? auction.reserveFen : down ? auction.currentFen - stepAt(auction.increments, auction.currentFen) : auction.currentFen + stepAt(auction.increments, auction.currentFen));
  for (let i = 0; i < count && amount > 0; i++) {
    out.push(amount);
    amount = down ? amount - stepAt(auction.increments, amount) : amount + stepAt(auction.increments, amount);
  }
  return out;
}

export function isSealed(kind: AuctionKind): boolean {
  return kind === 'sealed_first_price' || kind === 'sealed_second_price';
}

export function auctionTitle(auction: Auction, pick: (t: LocalizedText) => string): string | null {
  if (!auction.title) return null;
  return typeof auction.title === 'string' ? auction.title : pick(auction.title);
}

export function isLive(kind: InstrumentKind): boolean {
  return kind === 'live_hog' || kind === 'piglet' || kind === 'breeding_pig';
}
