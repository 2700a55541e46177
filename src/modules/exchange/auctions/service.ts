/**
 * Auctions over the exchange's lots (挂拍) and buyers' requests (竞卖). Prices are for the whole
 * lot (all its head). Each use case is one database transaction: lock the auction row, run the
 * pure engine (engine.ts), move money in the ledger, append to the `auction_bids` journal and
 * write the new state — all or nothing. Results go out on the exchange hub (`auction:<id>`).
 *
 * Money (all transfer ids derived from the auction, so a retried settlement posts nothing twice):
 *
 *   deposit   customer:<bidder> ⇢ exchange_escrow (pending)       auction.deposit
 *             open kinds: the auction's `depositFen`, once per bidder (at its first bid);
 *             sealed kinds: the bid itself (a sealed bid is a firm, fully funded commitment).
 *   hold      customer:<buyer> ⇢ exchange_escrow (pending, reserveFen)   auction.hold  (descending, at creation)
 *   release   void a loser's deposit (or every deposit when nothing is sold)  auction.release
 *   settle    sold, open kinds: post the winner's deposit (up to the price), exchange_escrow →
 *             customer:<seller> that much, and customer:<winner> → customer:<seller> the rest,
 *             one linked chain (auction.settlement). If the winner cannot pay the rest, the
 *             whole deposit is forfeited to the seller (auction.forfeit; outcome `defaulted`).
 *             sealed: post the winner's bid reservation for the price (the rest is released).
 *             descending: post the buyer's hold for the price to the winning seller; release
 *             the rest and every seller's deposit.
 */
import { sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import { inTransaction, type Executor, type Tx } from '../../../db/transaction.ts';
import type { Clock } from '../../../kernel/clock.ts';
import { AppError, CommonErrors, defineErrors, validationError } from '../../../kernel/errors.ts';
import { derivedId, isUuid, sha256, uuidv7 } from '../../../kernel/ids.ts';
import { hasRole, type Actor } from '../../identity/index.ts';
import type { LedgerService, TransferInput, TransferResult } from '../../ledger/index.ts';
import { LedgerAccounts, transferError } from '../../ledger/index.ts';
import { ExchangeErrors } from '../errors.ts';
import { exchangeEscrow } from '../funding.ts';
import type { ExchangeHub } from '../hub.ts';
import { getInstrument } from '../instruments.ts';
import { getLot, lockLots, releaseLotFromAuction, reserveLotForAuction, sellLotInAuction, type Lot } from '../lots.ts';
import {
  DEFAULT_EXTEND_MS,
  DEFAULT_INCREMENTS,
  DEFAULT_SOFT_CLOSE_MS,
  incrementTableProblem,
  isSealed,
  minimumNextBid,
  placeBid,
  settle as settleRules,
  stepAt,
  type AuctionKind,
  type AuctionRules,
  type AuctionState,
  type BidOutcome,
  type BidRefusal,
  type IncrementRow,
} from './engine.ts';

export const AuctionErrors = defineErrors({
  AUCTION_NOT_FOUND: { status: 404, zh: '拍卖不存在', en: 'No such auction' },
  AUCTION_NOT_STARTED: { status: 409, zh: '拍卖尚未开始', en: 'The auction has not started yet' },
  AUCTION_CLOSED: { status: 409, zh: '拍卖已结束', en: 'The auction is closed' },
  AUCTION_NOT_ENDED: { status: 409, zh: '拍卖尚未结束，不能结算', en: 'The auction has not ended yet' },
  BID_TOO_LOW: { status: 409, zh: '出价低于当前最低应价', en: 'The bid is below the minimum next bid' },
  BID_NOT_IN_INCREMENTS: { status: 422, zh: '出价须为当前价加整数个加价幅度', en: 'The bid must be the current price plus whole increments' },
  BID_INVALID: { status: 422, zh: '出价无效（代理上限须不低于出价）', en: 'Invalid bid (a proxy maximum must not be below the bid)' },
  PROXY_NOT_ALLOWED: { status: 422, zh: '密封竞价不支持代理出价', en: 'Sealed-bid auctions take no proxy bids' },
  ALREADY_BID: { status: 409, zh: '密封竞价每人只能出价一次', en: 'One sealed bid per bidder' },
  SELF_BID: { status: 409, zh: '不能对自己的拍卖出价', en: 'You cannot bid in your own auction' },
  NOT_LOT_OWNER: { status: 403, zh: '只能拍卖自己名下的批次', en: 'You can only auction your own lots' },
  LOT_NOT_FOUND: { status: 404, zh: '批次不存在', en: 'No such lot' },
  LOT_IN_AUCTION: { status: 409, zh: '该批次已在拍卖中', en: 'The lot is already in an open auction' },
  LOT_UNAVAILABLE: { status: 409, zh: '该批次已无可售头数', en: 'The lot has no animals left to sell' },
});

const REFUSAL_ERRORS: Record<BidRefusal, string> = {
  AUCTION_NOT_STARTED: AuctionErrors.AUCTION_NOT_STARTED,
  AUCTION_CLOSED: AuctionErrors.AUCTION_CLOSED,
  SELF_BID: AuctionErrors.SELF_BID,
  BID_INVALID: AuctionErrors.BID_INVALID,
  PROXY_NOT_ALLOWED: AuctionErrors.PROXY_NOT_ALLOWED,
  ALREADY_BID: AuctionErrors.ALREADY_BID,
  BID_TOO_LOW: AuctionErrors.BID_TOO_LOW,
  BID_NOT_IN_INCREMENTS: AuctionErrors.BID_NOT_IN_INCREMENTS,
};

export type AuctionStatus = 'scheduled' | 'running' | 'ended' | 'settled';
export type AuctionOutcome = 'sold' | 'reserve_not_met' | 'no_bids' | 'defaulted';

export interface CreateAuctionInput {
  kind: AuctionKind;
  /** The seller's lot (ascending and sealed kinds). */
  lotId?: string | undefined;
  /** Descending (a buyer's request): what is wanted, how many head. */
  instrumentId?: string | undefined;
  headCount?: number | undefined;
  title?: string | undefined;
  /** Reserve; for descending the buyer's ceiling (held in the ledger until settlement). */
  reserveFen: number;
  /** Opening price; default: the reserve (or one step when the reserve is 0). */
  startFen?: number | undefined;
  startsAt?: string | Date | undefined;
  endsAt: string | Date;
  increments?: Array<{ fromFen: number; stepFen: number }> | undefined;
  depositFen: number;
  softCloseMinutes?: number | undefined;
  extendMinutes?: number | undefined;
}

export interface BidView {
  seq: number;
  bidder: string;
  mine: boolean;
  amountFen: number;
  /** The bidder's own proxy max; null for others' bids. */
  maxFen: number | null;
  outcome: BidOutcome;
  priceAfterFen: number | null;
  at: string;
}

export interface AuctionView {
  id: string;
  kind: AuctionKind;
  status: AuctionStatus;
  title: string;
  lotId: string | null;
  instrumentId: string;
  lot: {
    headCount: number;
    avgWeightKg: number;
    farmName: string;
    townCode: string;
    quarantineCertificateNo: string | null;
    breed: string | null;
    birthDate: string | null;
    pedigree: string | null;
  } | null;
  headCount: number;
  mine: boolean;
  startFen: number;
  /** Shown to the owner only (and to everyone once settled); others see `reserveMet`. */
  reserveFen: number | null;
  reserveMet: boolean | null;
  depositFen: number;
  increments: Array<{ fromFen: number; stepFen: number }>;
  softCloseMinutes: number;
  extendMinutes: number;
  startsAt: string;
  scheduledEndsAt: string;
  endsAt: string;
  serverNow: string;
  /** Standing price (null before the first bid and for sealed bids until the result). */
  priceFen: number | null;
  minimumNextBidFen: number | null;
  stepFen: number;
  leader: string | null;
  youLead: boolean;
  myMaxFen: number | null;
  bidCount: number;
  bids: BidView[];
  result: { outcome: AuctionOutcome; winner: string | null; winnerId: string | null; youWon: boolean; priceFen: number | null; settledAt: string } | null;
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

interface AuctionRow {
  id: string;
  kind: AuctionKind;
  lot_id: string | null;
  instrument_id: string;
  owner_id: string;
  title: string;
  head_count: number;
  start_fen: bigint;
  reserve_fen: bigint;
  deposit_fen: bigint;
  increments: Array<{ fromFen: string; stepFen: string }>;
  starts_at: Date;
  scheduled_end_at: Date;
  ends_at: Date;
  soft_close_seconds: number;
  extend_seconds: number;
  status: 'open' | 'settled';
  price_fen: bigint | null;
  leader_id: string | null;
  leader_max_fen: bigint | null;
  leader_seq: number | null;
  runner_up_max_fen: bigint | null;
  bid_count: number;
  outcome: AuctionOutcome | null;
  winner_id: string | null;
  final_price_fen: bigint | null;
  settled_at: Date | null;
  created_at: Date;
}

interface BidRow {
  auction_id: string;
  seq: number;
  id: string;
  bidder_id: string;
  amount_fen: bigint;
  max_fen: bigint | null;
  placed_at: Date;
  outcome: BidOutcome;
  price_after_fen: bigint | null;
  leader_after: string | null;
  ends_at_after: Date;
  deposit_fen: bigint;
  deposit_transfer_id: string | null;
}

const MAX_DURATION_MS = 30 * 24 * 3600_000;
const ADMIN_ROLES = ['admin', 'bureau_officer'] as const;

export const depositTransferId = (auctionId: string, bidderId: string) => derivedId('auction.deposit', auctionId, bidderId);
export const holdTransferId = (auctionId: string) => derivedId('auction.hold', auctionId);

function rulesOf(r: AuctionRow): AuctionRules {
  return {
    kind: r.kind,
    ownerId: r.owner_id,
    startFen: r.start_fen,
    reserveFen: r.reserve_fen,
    increments: r.increments.map((x) => ({ fromFen: BigInt(x.fromFen), stepFen: BigInt(x.stepFen) })),
    startsAt: r.starts_at.getTime(),
    endsAt: r.scheduled_end_at.getTime(),
    softCloseMs: r.soft_close_seconds * 1000,
    extendMs: r.extend_seconds * 1000,
  };
}

function stateOf(r: AuctionRow, sealedBids: BidRow[]): AuctionState {
  return {
    priceFen: r.price_fen,
    leader: r.leader_id ? { bidderId: r.leader_id, maxFen: r.leader_max_fen!, seq: r.leader_seq! } : null,
    runnerUpMaxFen: r.runner_up_max_fen,
    endsAt: r.ends_at.getTime(),
    bidCount: r.bid_count,
    sealed: sealedBids.map((b) => ({ bidderId: b.bidder_id, amountFen: b.amount_fen, seq: b.seq })),
  };
}

/** A stable pseudonym for a bidder within one auction (竞买号), e.g. `A3F0`. */
export function bidderAlias(auctionId: string, bidderId: string): string {
  return sha256(`auction.alias|${auctionId}|${bidderId}`).slice(0, 6).toUpperCase();
}

const n = (v: bigint | null): number | null => (v === null ? null : Number(v));

function toDate(v: string | Date | undefined, field: string): Date | undefined {
  if (v === undefined) return undefined;
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) {
    throw validationError([{ field: `/${field}`, code: 'INVALID_DATE_TIME', message: { zh: '时间格式无效', en: 'Invalid date-time' } }]);
  }
  return d;
}

export class AuctionsService {
  private readonly clock: Clock;
  private readonly ledger: LedgerService;
  private readonly hub: ExchangeHub | null;

  constructor(
    private readonly db: Db,
    deps: { ledger: LedgerService; clock: Clock; hub?: ExchangeHub | null },
  ) {
    this.ledger = deps.ledger;
    this.clock = deps.clock;
    this.hub = deps.hub ?? null;
  }

  // ---- creation ----------------------------------------------------------------------------

  /**
   * `within`: run in the caller's transaction (an Idempotency-Key's, routes.ts); the live feed is
   * then published through `afterCommit`, once that transaction has committed.
   */
  async create(actor: Actor, input: CreateAuctionInput, within?: Within): Promise<AuctionView> {
    const now = this.clock.now();
    const kind = input.kind;
    const increments: IncrementRow[] = input.increments
      ? input.increments.map((r) => ({ fromFen: BigInt(r.fromFen), stepFen: BigInt(r.stepFen) }))
      : [...DEFAULT_INCREMENTS];
    const problem = incrementTableProblem(increments);
    if (problem) throw validationError([{ field: '/increments', code: 'INVALID_INCREMENTS', message: { zh: `加价幅度表无效：${problem}`, en: `Invalid increment table: ${problem}` } }]);
    const startsAt = toDate(input.startsAt, 'startsAt') ?? now;
    const endsAt = toDate(input.endsAt, 'endsAt')!;
    const reserveFen = BigInt(input.reserveFen);
    const depositFen = BigInt(input.depositFen);
    const startFen = BigInt(input.startFen ?? (reserveFen > 0n ? reserveFen : stepAt(increments, 0n)));
    const fieldErrors = [];
    if (endsAt.getTime() <= Math.max(startsAt.getTime(), now.getTime())) {
      fieldErrors.push({ field: '/endsAt', code: 'ENDS_BEFORE_START', message: { zh: '结束时间须晚于开始时间和当前时间', en: 'endsAt must be after startsAt and now' } });
    }
    if (endsAt.getTime() - startsAt.getTime() > MAX_DURATION_MS) {
      fieldErrors.push({ field: '/endsAt', code: 'AUCTION_TOO_LONG', message: { zh: '拍卖期不能超过 30 天', en: 'An auction lasts at most 30 days' } });
    }
    if (startFen <= 0n) fieldErrors.push({ field: '/startFen', code: 'START_NOT_POSITIVE', message: { zh: '起拍价须大于零', en: 'The opening price must be positive' } });
    if (kind === 'descending' && reserveFen <= 0n) {
      fieldErrors.push({ field: '/reserveFen', code: 'CEILING_REQUIRED', message: { zh: '竞卖须设最高限价', en: 'A descending auction needs the buyer’s ceiling as reserveFen' } });
    }
    if (kind === 'descending' && startFen > reserveFen) {
      fieldErrors.push({ field: '/startFen', code: 'START_ABOVE_CEILING', message: { zh: '竞卖起始价不能高于最高限价', en: 'The opening price cannot exceed the ceiling' } });
    }
    if (kind !== 'descending' && !input.lotId) fieldErrors.push({ field: '/lotId', code: 'LOT_REQUIRED', message: { zh: '请选择拍卖的批次', en: 'lotId is required' } });
    if (kind === 'descending' && (!input.instrumentId || !input.headCount)) {
      fieldErrors.push({ field: '/instrumentId', code: 'REQUEST_REQUIRED', message: { zh: '竞卖须指明品种与头数', en: 'A descending auction needs instrumentId and headCount' } });
    }
    if (fieldErrors.length) throw validationError(fieldErrors);

    const id = uuidv7(now.getTime());
    const view = await inTransaction(within?.tx ?? this.db, async (tx) => {
      let lot: Lot | null = null;
      let instrumentId: string;
      let headCount: number;
      let title: string;
      if (kind !== 'descending') {
        lot = isUuid(input.lotId!) ? await getLot(tx, input.lotId!) : null;
        if (!lot) throw new AppError(AuctionErrors.LOT_NOT_FOUND);
        if (lot.ownerId !== actor.userId) throw new AppError(AuctionErrors.NOT_LOT_OWNER);
        instrumentId = lot.instrumentId;
        headCount = 0; // set when the head are reserved, below
      } else {
        instrumentId = input.instrumentId!;
        headCount = input.headCount!;
      }
      const instrument = isUuid(instrumentId) ? await getInstrument(tx, instrumentId) : null;
      if (!instrument) throw new AppError(CommonErrors.NOT_FOUND, { detail: 'instrument' });
      if (!instrument.modes.includes('auction')) throw new AppError(ExchangeErrors.MODE_NOT_ALLOWED, { detail: 'auction' });
      const open = await sql<{ id: string }>`select id from auctions where lot_id = ${lot?.id ?? null} and status = 'open'`.execute(tx);
      if (lot && open.rows.length) throw new AppError(AuctionErrors.LOT_IN_AUCTION);
      if (lot) {
        // The auction holds every available head of the lot, so they cannot also be sold in the
        // order book; settlement sells or releases them.
        try {
          ({ headCount } = await reserveLotForAuction(tx, lot.id, actor.userId, null));
        } catch (e) {
          if (e instanceof AppError && e.code === ExchangeErrors.LOT_INSUFFICIENT) throw new AppError(AuctionErrors.LOT_UNAVAILABLE);
          throw e;
        }
      }
      if (lot) title = input.title ?? `${instrument.name.zh}${lot.breed ? ` ${lot.breed}` : ''} · ${lot.farmName} · ${headCount}头`;
      else title = input.title ?? `求购 ${instrument.name.zh} ${headCount}头`;
      await sql`
        insert into auctions (id, kind, lot_id, instrument_id, owner_id, title, head_count, start_fen, reserve_fen, deposit_fen,
          increments, starts_at, scheduled_end_at, ends_at, soft_close_seconds, extend_seconds, created_at)
        values (${id}, ${kind}, ${lot?.id ?? null}, ${instrumentId}, ${actor.userId}, ${title}, ${headCount}, ${startFen}, ${reserveFen},
          ${depositFen}, ${JSON.stringify(increments.map((r) => ({ fromFen: r.fromFen.toString(), stepFen: r.stepFen.toString() })))}::jsonb,
          ${startsAt}, ${endsAt}, ${endsAt},
          ${Math.round((input.softCloseMinutes ?? DEFAULT_SOFT_CLOSE_MS / 60_000) * 60)}, ${Math.round((input.extendMinutes ?? DEFAULT_EXTEND_MS / 60_000) * 60)}, ${now})`.execute(tx);
      if (kind === 'descending') {
        // The buyer's ceiling is held now, so the winning seller is sure to be paid.
        await this.ensureAccounts(tx, actor.userId);
        await this.reserve(tx, { id: holdTransferId(id), userId: actor.userId, amountFen: reserveFen, code: 'auction.hold', auctionId: id });
      }
      return this.viewIn(tx, id, actor);
    });
    const publish = () => this.publish(id, 'created', { id, kind, endsAt: view.endsAt });
    if (within) within.afterCommit(publish);
    else publish();
    return view;
  }

  // ---- reading -----------------------------------------------------------------------------

  async list(filter: { status?: 'open' | 'settled'; kind?: AuctionKind; mine?: boolean } = {}, viewer: Actor | null = null): Promise<AuctionSummary[]> {
    const now = this.clock.now();
    const rows = await sql<AuctionRow>`
      select * from auctions
      where (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
        and (${filter.kind ?? null}::text is null or kind = ${filter.kind ?? null})
        and (${filter.mine && viewer ? viewer.userId : null}::uuid is null or owner_id = ${filter.mine && viewer ? viewer.userId : null})
      order by (status = 'open') desc, ends_at asc
      limit 200`.execute(this.db);
    return rows.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: statusOf(r, now),
      title: r.title,
      lotId: r.lot_id,
      instrumentId: r.instrument_id,
      headCount: r.head_count,
      priceFen: isSealed(r.kind) ? n(r.final_price_fen) : n(r.status === 'settled' ? (r.final_price_fen ?? r.price_fen) : r.price_fen),
      startFen: Number(r.start_fen),
      bidCount: r.bid_count,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      outcome: r.outcome,
    }));
  }

  async get(id: string, viewer: Actor | null): Promise<AuctionView> {
    return this.viewIn(this.db, id, viewer);
  }

  private async viewIn(ex: Executor, id: string, viewer: Actor | null): Promise<AuctionView> {
    const r = await this.row(ex, id, false);
    const bids = await this.bids(ex, id);
    const lot = r.lot_id ? await getLot(ex, r.lot_id) : null;
    const now = this.clock.now();
    const me = viewer?.userId ?? null;
    const sealed = isSealed(r.kind);
    const settled = r.status === 'settled';
    const isOwner = me === r.owner_id;
    const privileged = isOwner || (viewer !== null && hasRole(viewer, ...ADMIN_ROLES));
    const rules = rulesOf(r);
    const state = stateOf(r, sealed ? bids : []);
    const visible = sealed && !settled ? bids.filter((b) => b.bidder_id === me) : bids;
    const myBids = bids.filter((b) => b.bidder_id === me);
    const reserveMet = sealed ? null : r.price_fen === null ? false : r.kind === 'descending' ? r.price_fen <= r.reserve_fen : r.price_fen >= r.reserve_fen;
    const priceFen = sealed ? (settled ? r.final_price_fen : null) : settled && r.final_price_fen !== null ? r.final_price_fen : r.price_fen;
    return {
      id: r.id,
      kind: r.kind,
      status: statusOf(r, now),
      title: r.title,
      lotId: r.lot_id,
      instrumentId: r.instrument_id,
      lot: lot
        ? {
            headCount: lot.headCount,
            avgWeightKg: lot.avgWeightKg,
            farmName: lot.farmName,
            townCode: lot.townCode,
            quarantineCertificateNo: lot.quarantineCertificateNo,
            breed: lot.breed,
            birthDate: lot.birthDate,
            pedigree: lot.pedigree,
          }
        : null,
      headCount: r.head_count,
      mine: isOwner,
      startFen: Number(r.start_fen),
      reserveFen: privileged || settled ? Number(r.reserve_fen) : null,
      reserveMet,
      depositFen: Number(r.deposit_fen),
      increments: rules.increments.map((x) => ({ fromFen: Number(x.fromFen), stepFen: Number(x.stepFen) })),
      softCloseMinutes: r.soft_close_seconds / 60,
      extendMinutes: r.extend_seconds / 60,
      startsAt: r.starts_at.toISOString(),
      scheduledEndsAt: r.scheduled_end_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      serverNow: now.toISOString(),
      priceFen: n(priceFen),
      minimumNextBidFen: settled || now >= r.ends_at ? null : Number(minimumNextBid(rules, state)),
      stepFen: Number(stepAt(rules.increments, r.price_fen ?? r.start_fen)),
      leader: sealed || !r.leader_id ? null : bidderAlias(r.id, r.leader_id),
      youLead: !sealed && me !== null && r.leader_id === me,
      myMaxFen: sealed || !me ? null : n(myBids.reduce<bigint | null>((m, b) => { const x = b.max_fen ?? b.amount_fen; return m === null || (r.kind === 'descending' ? x < m : x > m) ? x : m; }, null)),
      bidCount: r.bid_count,
      bids: visible.map((b) => ({
        seq: b.seq,
        bidder: bidderAlias(r.id, b.bidder_id),
        mine: b.bidder_id === me,
        amountFen: Number(b.amount_fen),
        maxFen: b.bidder_id === me ? n(b.max_fen) : null,
        outcome: b.outcome,
        priceAfterFen: n(b.price_after_fen),
        at: b.placed_at.toISOString(),
      })),
      result: settled
        ? {
            outcome: r.outcome!,
            winner: r.winner_id ? bidderAlias(r.id, r.winner_id) : null,
            winnerId: r.winner_id && (privileged || r.winner_id === me) ? r.winner_id : null,
            youWon: me !== null && r.winner_id === me,
            priceFen: n(r.final_price_fen),
            settledAt: r.settled_at!.toISOString(),
          }
        : null,
    };
  }

  // ---- bidding -----------------------------------------------------------------------------

  /** `within`: as for `create`. */
  async bid(actor: Actor, auctionId: string, input: { amountFen: number; maxFen?: number | null | undefined }, within?: Within): Promise<PlacedBid> {
    const at = this.clock.now();
    const placed = await inTransaction(within?.tx ?? this.db, async (tx) => {
      const r = await this.row(tx, auctionId, true);
      if (r.status !== 'open') throw new AppError(AuctionErrors.AUCTION_CLOSED);
      const sealed = isSealed(r.kind);
      const sealedBids = sealed ? await this.bids(tx, auctionId) : [];
      const rules = rulesOf(r);
      const before = stateOf(r, sealedBids);
      const amountFen = BigInt(input.amountFen);
      const maxFen = input.maxFen === undefined || input.maxFen === null ? null : BigInt(input.maxFen);
      const res = placeBid(rules, before, { bidderId: actor.userId, amountFen, maxFen, at: at.getTime() });
      if (!res.ok) {
        throw new AppError(REFUSAL_ERRORS[res.code], {
          ...(res.minimumFen !== undefined ? { detail: `minimum ${res.minimumFen.toString()} fen`, extra: { minimumFen: Number(res.minimumFen) } } : {}),
        });
      }
      const s = res.state;
      // Money: a sealed bid reserves itself; an open auction's deposit is taken at a bidder's first bid.
      let depositFen = 0n;
      let depositId: string | null = null;
      if (sealed) depositFen = amountFen;
      else if (r.deposit_fen > 0n) {
        const prior = await sql<{ one: number }>`select 1 as one from auction_bids where auction_id = ${auctionId} and bidder_id = ${actor.userId} limit 1`.execute(tx);
        if (prior.rows.length === 0) depositFen = r.deposit_fen;
      }
      if (depositFen > 0n) {
        depositId = depositTransferId(auctionId, actor.userId);
        await this.ensureAccounts(tx, actor.userId);
        await this.reserve(tx, { id: depositId, userId: actor.userId, amountFen: depositFen, code: 'auction.deposit', auctionId });
      }
      await sql`
        insert into auction_bids (auction_id, seq, id, bidder_id, amount_fen, max_fen, placed_at, outcome, price_after_fen, leader_after,
          ends_at_after, deposit_fen, deposit_transfer_id)
        values (${auctionId}, ${res.seq}, ${uuidv7(at.getTime())}, ${actor.userId}, ${amountFen}, ${maxFen}, ${at}, ${res.outcome},
          ${s.priceFen}, ${s.leader?.bidderId ?? null}, ${new Date(s.endsAt)}, ${depositFen}, ${depositId})`.execute(tx);
      await sql`
        update auctions set price_fen = ${s.priceFen}, leader_id = ${s.leader?.bidderId ?? null}, leader_max_fen = ${s.leader?.maxFen ?? null},
          leader_seq = ${s.leader?.seq ?? null}, runner_up_max_fen = ${s.runnerUpMaxFen}, bid_count = ${s.bidCount}, ends_at = ${new Date(s.endsAt)}
        where id = ${auctionId}`.execute(tx);
      return {
        auctionId,
        seq: res.seq,
        amountFen: Number(amountFen),
        maxFen: n(maxFen),
        outcome: res.outcome,
        leading: !sealed && s.leader?.bidderId === actor.userId,
        priceFen: sealed ? null : n(s.priceFen),
        endsAt: new Date(s.endsAt).toISOString(),
        extended: res.extended,
        depositFen: Number(depositFen),
        leader: sealed || !s.leader ? null : bidderAlias(auctionId, s.leader.bidderId),
      };
    });
    const { leader, ...out } = placed;
    const publish = () => this.publish(auctionId, 'bid', { id: auctionId, seq: out.seq, priceFen: out.priceFen, leader, endsAt: out.endsAt, extended: out.extended, bidCount: out.seq });
    if (within) within.afterCommit(publish);
    else publish();
    return out;
  }

  // ---- settlement --------------------------------------------------------------------------

  /** Settles an auction whose close has passed. Idempotent: a settled auction is returned as is. */
  async settle(actor: Actor | null, auctionId: string): Promise<AuctionView> {
    let fresh = false;
    const view = await inTransaction(this.db, async (tx) => {
      const r = await this.row(tx, auctionId, true);
      if (actor && actor.userId !== r.owner_id && !hasRole(actor, ...ADMIN_ROLES)) throw new AppError(CommonErrors.FORBIDDEN);
      if (r.status === 'settled') return this.viewIn(tx, auctionId, actor);
      const now = this.clock.now();
      if (now < r.ends_at) throw new AppError(AuctionErrors.AUCTION_NOT_ENDED, { detail: `ends at ${r.ends_at.toISOString()}` });
      await this.settleIn(tx, r, now);
      fresh = true;
      return this.viewIn(tx, auctionId, actor);
    });
    if (fresh && view.result) {
      this.publish(auctionId, 'settled', { id: auctionId, outcome: view.result.outcome, winner: view.result.winner, priceFen: view.result.priceFen });
    }
    return view;
  }

  /** The job: settles every open auction whose close has passed. Returns how many. */
  async settleDue(limit = 100): Promise<number> {
    const now = this.clock.now();
    const due = await sql<{ id: string }>`select id from auctions where status = 'open' and ends_at <= ${now} order by ends_at limit ${limit}`.execute(this.db);
    let settled = 0;
    const failures: unknown[] = [];
    for (const { id } of due.rows) {
      try {
        await this.settle(null, id);
        settled++;
      } catch (e) {
        failures.push(e); // one stuck auction must not hold up the others
      }
    }
    if (failures.length) throw new AggregateError(failures, `settled ${settled}, ${failures.length} failed`);
    return settled;
  }

  private async settleIn(tx: Tx, r: AuctionRow, now: Date): Promise<void> {
    // The lot first (the exchange writer locks lots before ledger accounts: same order, no deadlock).
    if (r.lot_id) await lockLots(tx, [r.lot_id]);
    const bids = await this.bids(tx, r.id);
    const rules = rulesOf(r);
    const state = stateOf(r, isSealed(r.kind) ? bids : []);
    const result = settleRules(rules, state);
    const deposits = new Map<string, bigint>();
    for (const b of bids) if (b.deposit_fen > 0n) deposits.set(b.bidder_id, (deposits.get(b.bidder_id) ?? 0n) + b.deposit_fen);
    let outcome: AuctionOutcome = result.outcome;
    const winner = result.winnerId;
    const price = result.priceFen;
    const escrow = exchangeEscrow().code;
    const customer = (u: string) => LedgerAccounts.customer(u).code;
    const meta = { auctionId: r.id };

    if (r.kind === 'descending') {
      // The buyer's hold pays the winning seller; the rest of it comes back.
      const hold: TransferInput = { id: derivedId('auction.hold_settle', r.id), debitAccount: customer(r.owner_id), creditAccount: escrow, amountFen: r.reserve_fen, code: 'auction.settlement', userData: meta };
      if (outcome === 'sold') {
        await this.ensureAccounts(tx, winner!);
        await this.apply(tx, [
          { ...hold, postPendingId: holdTransferId(r.id), amountToPost: price! },
          { id: derivedId('auction.pay', r.id), debitAccount: escrow, creditAccount: customer(winner!), amountFen: price!, code: 'auction.settlement', userData: meta },
        ]);
      } else {
        await this.apply(tx, [{ ...hold, voidPendingId: holdTransferId(r.id), code: 'auction.release' }]);
      }
    } else if (outcome === 'sold') {
      const seller = r.owner_id;
      await this.ensureAccounts(tx, seller);
      const deposit = deposits.get(winner!) ?? 0n;
      const applied = deposit < price! ? deposit : price!;
      const chain: TransferInput[] = [];
      if (deposit > 0n) {
        chain.push(
          { id: derivedId('auction.apply_deposit', r.id), debitAccount: customer(winner!), creditAccount: escrow, amountFen: deposit, postPendingId: depositTransferId(r.id, winner!), amountToPost: applied, code: 'auction.settlement', userData: meta },
          { id: derivedId('auction.pay', r.id), debitAccount: escrow, creditAccount: customer(seller), amountFen: applied, code: 'auction.settlement', userData: meta },
        );
      }
      if (price! > applied) {
        chain.push({ id: derivedId('auction.pay_rest', r.id), debitAccount: customer(winner!), creditAccount: customer(seller), amountFen: price! - applied, code: 'auction.settlement', userData: meta });
      }
      const results = await this.ledger.createTransfers(tx, linkedChain(chain));
      const failed = results.find((x) => x.result !== 'ok' && x.result !== 'exists' && x.result !== 'linked_event_failed');
      if (failed && failed.result === 'exceeds_credits' && deposit > 0n) {
        // The winner cannot pay the rest: the deposit is forfeited to the seller (保证金不予退还).
        outcome = 'defaulted';
        await this.apply(tx, [
          { id: derivedId('auction.forfeit_post', r.id), debitAccount: customer(winner!), creditAccount: escrow, amountFen: deposit, postPendingId: depositTransferId(r.id, winner!), code: 'auction.forfeit', userData: meta },
          { id: derivedId('auction.forfeit_pay', r.id), debitAccount: escrow, creditAccount: customer(seller), amountFen: deposit, code: 'auction.forfeit', userData: meta },
        ]);
      } else if (failed) {
        if (failed.result === 'exceeds_credits' || failed.result === 'debit_account_not_found') {
          outcome = 'defaulted'; // no deposit and no money: nothing to move
        } else {
          throw transferError(failed);
        }
      }
    }
    // Every other deposit comes back (all of them for descending and when nothing sold).
    const releases: TransferInput[] = [];
    for (const [bidder, amount] of deposits) {
      if (r.kind !== 'descending' && bidder === winner && (outcome === 'sold' || outcome === 'defaulted')) continue;
      releases.push({ id: derivedId('auction.release', r.id, bidder), debitAccount: customer(bidder), creditAccount: escrow, amountFen: amount, voidPendingId: depositTransferId(r.id, bidder), code: 'auction.release', userData: meta });
    }
    for (let i = 0; i < releases.length; i += 100) {
      const results = await this.ledger.createTransfers(tx, releases.slice(i, i + 100));
      const failed = results.find((x) => x.result !== 'ok' && x.result !== 'exists');
      if (failed) throw transferError(failed);
    }
    const sold = outcome === 'sold';
    // The auctioned head leave the seller's lot when sold; otherwise they can be sold again.
    if (r.lot_id) {
      if (sold) await sellLotInAuction(tx, r.lot_id, r.head_count);
      else await releaseLotFromAuction(tx, r.lot_id, r.head_count);
    }
    await sql`
      update auctions set status = 'settled', outcome = ${outcome}, winner_id = ${sold || outcome === 'defaulted' ? winner : null},
        final_price_fen = ${sold ? price : null}, settled_at = ${now}
      where id = ${r.id}`.execute(tx);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private async row(ex: Executor, id: string, forUpdate: boolean): Promise<AuctionRow> {
    if (!isUuid(id)) throw new AppError(AuctionErrors.AUCTION_NOT_FOUND);
    const r = forUpdate
      ? await sql<AuctionRow>`select * from auctions where id = ${id} for update`.execute(ex)
      : await sql<AuctionRow>`select * from auctions where id = ${id}`.execute(ex);
    const row = r.rows[0];
    if (!row) throw new AppError(AuctionErrors.AUCTION_NOT_FOUND);
    return row;
  }

  private async bids(ex: Executor, auctionId: string): Promise<BidRow[]> {
    const r = await sql<BidRow>`select * from auction_bids where auction_id = ${auctionId} order by seq`.execute(ex);
    return r.rows;
  }

  private async ensureAccounts(tx: Tx, userId: string): Promise<void> {
    await this.ledger.ensureAccount(tx, exchangeEscrow());
    await this.ledger.ensureAccount(tx, LedgerAccounts.customer(userId));
  }

  /** A pending transfer customer:<user> ⇢ exchange_escrow; unfunded → INSUFFICIENT_FUNDS. */
  private async reserve(tx: Tx, p: { id: string; userId: string; amountFen: bigint; code: string; auctionId: string }): Promise<void> {
    const [result] = await this.ledger.createTransfers(tx, [
      { id: p.id, debitAccount: LedgerAccounts.customer(p.userId).code, creditAccount: exchangeEscrow().code, amountFen: p.amountFen, pending: { timeoutSeconds: 0 }, code: p.code, userData: { auctionId: p.auctionId } },
    ]);
    if (!result) throw new Error('ledger returned no result');
    if (result.result === 'exceeds_credits') throw new AppError(ExchangeErrors.INSUFFICIENT_FUNDS, { detail: `${p.amountFen.toString()} fen needed` });
    if (result.result !== 'ok' && result.result !== 'exists') throw transferError(result);
  }

  private async apply(tx: Tx, transfers: TransferInput[]): Promise<TransferResult[]> {
    const results = await this.ledger.createTransfers(tx, linkedChain(transfers));
    const failed = results.find((x) => x.result !== 'ok' && x.result !== 'exists' && x.result !== 'linked_event_failed');
    if (failed) throw transferError(failed);
    return results;
  }

  private publish(auctionId: string, type: string, data: Record<string, unknown>): void {
    this.hub?.publish(`auction:${auctionId}`, 'auction', { type, ...data });
  }
}

/** A caller's transaction to run in, and where to leave what must wait for its commit. */
export interface Within {
  tx: Tx;
  afterCommit: (fn: () => void) => void;
}

function linkedChain(transfers: TransferInput[]): TransferInput[] {
  return transfers.map((t, i) => ({ ...t, linked: i < transfers.length - 1 }));
}

function statusOf(r: AuctionRow, now: Date): AuctionStatus {
  if (r.status === 'settled') return 'settled';
  if (now < r.starts_at) return 'scheduled';
  if (now < r.ends_at) return 'running';
  return 'ended';
}
