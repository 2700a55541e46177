/**
 * Auction routes (挂拍 / 竞价): list, create over one's own lot (or a buyer's request), read with
 * a live countdown (`endsAt`, `serverNow`), bid (with an optional proxy `maxFen`), settle.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../../../http/app.ts';
import type { Within } from './service.ts';
import { DateTime, Fen, Nullable, SIGNED_IN, Uuid, literals, responses } from '../../../http/schemas.ts';
import { IDEMPOTENCY_KEY_PATTERN } from '../../idempotency/index.ts';
import { AUCTION_KINDS } from './engine.ts';
import { streamChannel } from '../hub.ts';

const Kind = literals(AUCTION_KINDS);
const Status = literals(['scheduled', 'running', 'ended', 'settled'] as const);
const Outcome = literals(['sold', 'reserve_not_met', 'no_bids', 'defaulted'] as const);
const BidOutcome = literals(['leading', 'outbid', 'raised_max', 'sealed'] as const);
const PositiveFen = Type.Integer({ minimum: 1, maximum: 1e13, description: 'Amount in fen (1/100 yuan)' });
const Increment = Type.Object({ fromFen: Type.Integer({ minimum: 0, maximum: 1e13 }), stepFen: PositiveFen }, { additionalProperties: false });

const AuctionSummary = Type.Object({
  id: Uuid,
  kind: Kind,
  status: Status,
  title: Type.String(),
  lotId: Nullable(Uuid),
  instrumentId: Uuid,
  headCount: Type.Integer(),
  priceFen: Nullable(Fen),
  startFen: Fen,
  bidCount: Type.Integer(),
  startsAt: DateTime,
  endsAt: DateTime,
  outcome: Nullable(Outcome),
});

const Bid = Type.Object({
  seq: Type.Integer(),
  bidder: Type.String({ description: 'Pseudonymous bidder number within this auction (竞买号)' }),
  mine: Type.Boolean(),
  amountFen: Fen,
  maxFen: Nullable(Fen),
  outcome: BidOutcome,
  priceAfterFen: Nullable(Fen),
  at: DateTime,
});

const AuctionDetail = Type.Object({
  id: Uuid,
  kind: Kind,
  status: Status,
  title: Type.String(),
  lotId: Nullable(Uuid),
  instrumentId: Uuid,
  lot: Nullable(
    Type.Object({
      headCount: Type.Integer(),
      avgWeightKg: Type.Number(),
      farmName: Type.String(),
      townCode: Type.String(),
      quarantineCertificateNo: Nullable(Type.String()),
      breed: Nullable(Type.String()),
      birthDate: Nullable(Type.String()),
      pedigree: Nullable(Type.String()),
    }),
  ),
  headCount: Type.Integer(),
  mine: Type.Boolean(),
  startFen: Fen,
  reserveFen: Nullable(Fen),
  reserveMet: Nullable(Type.Boolean()),
  depositFen: Fen,
  increments: Type.Array(Type.Object({ fromFen: Fen, stepFen: Fen })),
  softCloseMinutes: Type.Number(),
  extendMinutes: Type.Number(),
  startsAt: DateTime,
  scheduledEndsAt: DateTime,
  endsAt: DateTime,
  serverNow: DateTime,
  priceFen: Nullable(Fen),
  minimumNextBidFen: Nullable(Fen),
  stepFen: Fen,
  leader: Nullable(Type.String()),
  youLead: Type.Boolean(),
  myMaxFen: Nullable(Fen),
  bidCount: Type.Integer(),
  bids: Type.Array(Bid),
  result: Nullable(
    Type.Object({
      outcome: Outcome,
      winner: Nullable(Type.String()),
      winnerId: Nullable(Uuid),
      youWon: Type.Boolean(),
      priceFen: Nullable(Fen),
      settledAt: DateTime,
    }),
  ),
});

const PlacedBid = Type.Object({
  auctionId: Uuid,
  seq: Type.Integer(),
  amountFen: Fen,
  maxFen: Nullable(Fen),
  outcome: BidOutcome,
  leading: Type.Boolean(),
  priceFen: Nullable(Fen),
  endsAt: DateTime,
  extended: Type.Boolean(),
  depositFen: Fen,
});

const IdParams = Type.Object({ id: Uuid });
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ pattern: IDEMPOTENCY_KEY_PATTERN })) });
const IDEMPOTENCY_NOTE =
  ' Honours `Idempotency-Key`: a retry with the same key and body answers as the first request did (header `idempotent-replayed: true`) and moves no money again; the same key with another body is 422 IDEMPOTENCY_KEY_REUSED.';

export function auctionsRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  const { auctions, idempotency } = ctx.platform.services;
  /** Runs a money-moving request once per (user, scope, Idempotency-Key), as checkout does. */
  const once = async <T>(userId: string, scope: string, key: string | undefined, request: unknown, work: (within: Within) => Promise<T>) => {
    const later: Array<() => void> = [];
    const result = await idempotency.run(userId, scope, key, request, async (tx) => ({ status: 201, body: await work({ tx, afterCommit: (fn) => later.push(fn) }) }));
    if (!result.replayed) for (const fn of later) fn();
    return result;
  };
  return async (app) => {
    app.get(
      '/auctions',
      {
        schema: {
          tags: ['auctions'],
          summary: 'Auctions (挂拍/竞价): open ones first, by closing time',
          querystring: Type.Object(
            {
              status: Type.Optional(literals(['open', 'settled'] as const)),
              kind: Type.Optional(Kind),
              mine: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: Type.Array(AuctionSummary) }),
        },
      },
      async (request) => {
        const viewer = await ctx.guard.optional(request);
        const q = request.query;
        return auctions.list({ ...(q.status ? { status: q.status } : {}), ...(q.kind ? { kind: q.kind } : {}), ...(q.mine ? { mine: true } : {}) }, viewer);
      },
    );

    app.post(
      '/auctions',
      {
        schema: {
          tags: ['auctions'],
          summary: 'Put one of your lots up for auction (or, descending, ask sellers to bid down)',
          description:
            'Prices are for the whole lot. `increments` default: below 10,000 yuan 100 yuan; below 50,000 yuan 500 yuan; then 1,000 yuan. ' +
            'Soft close: a bid within `softCloseMinutes` (default 5) of the close moves it to the bid + `extendMinutes` (default 5). ' +
            'Deposit: open kinds reserve `depositFen` at a bidder’s first bid; sealed kinds reserve the bid itself; descending holds the buyer’s ceiling (`reserveFen`).' +
            IDEMPOTENCY_NOTE,
          security: SIGNED_IN,
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              kind: Kind,
              lotId: Type.Optional(Uuid),
              instrumentId: Type.Optional(Uuid),
              headCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
              title: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
              reserveFen: Type.Integer({ minimum: 0, maximum: 1e13 }),
              startFen: Type.Optional(PositiveFen),
              startsAt: Type.Optional(DateTime),
              endsAt: DateTime,
              increments: Type.Optional(Type.Array(Increment, { minItems: 1, maxItems: 20 })),
              depositFen: Type.Integer({ minimum: 0, maximum: 1e13 }),
              softCloseMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
              extendMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 201: AuctionDetail }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        const r = await once(actor.userId, 'auction.create', request.headers['idempotency-key'], request.body, (within) => auctions.create(actor, request.body, within));
        if (r.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(201).send(r.body);
      },
    );

    app.get(
      '/auctions/:id',
      {
        schema: {
          tags: ['auctions'],
          summary: 'One auction: state, bids visible per its rules, countdown (endsAt, serverNow)',
          params: IdParams,
          response: responses({ 200: AuctionDetail }),
        },
      },
      async (request) => auctions.get(request.params.id, await ctx.guard.optional(request)),
    );

    app.get(
      '/auctions/:id/stream',
      {
        schema: {
          tags: ['auctions'],
          summary: 'Server-sent events for one auction: `auction` events ({ type: snapshot | bid | settled, priceFen, endsAt, … })',
          params: IdParams,
          produces: ['text/event-stream'],
          response: responses({ 200: Type.String({ description: 'text/event-stream' }) }),
        },
      },
      async (request, reply) => {
        const view = await auctions.get(request.params.id, await ctx.guard.optional(request)); // 404 before streaming
        reply.hijack();
        const snapshot = { type: 'snapshot', id: view.id, status: view.status, priceFen: view.priceFen, leader: view.leader, endsAt: view.endsAt, serverNow: view.serverNow, bidCount: view.bidCount };
        streamChannel({ request: request.raw, response: reply.raw }, ctx.platform.services.exchange.hub, `auction:${view.id}`, [{ event: 'auction', data: snapshot }]);
      },
    );

    app.post(
      '/auctions/:id/bids',
      {
        schema: {
          tags: ['auctions'],
          summary: 'Bid: the current price plus whole increments; `maxFen` makes it a proxy bid',
          description:
            'Codes: BID_NOT_IN_INCREMENTS 422, BID_TOO_LOW 409, AUCTION_CLOSED 409, AUCTION_NOT_STARTED 409, INSUFFICIENT_FUNDS 409, SELF_BID 409, ALREADY_BID 409 (sealed), PROXY_NOT_ALLOWED 422 (sealed).' +
            IDEMPOTENCY_NOTE,
          security: SIGNED_IN,
          headers: IdempotencyHeaders,
          params: IdParams,
          body: Type.Object(
            {
              amountFen: PositiveFen,
              maxFen: Type.Optional(PositiveFen),
            },
            { additionalProperties: false },
          ),
          response: responses({ 201: PlacedBid }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        const key = request.headers['idempotency-key'];
        const r = await once(actor.userId, 'auction.bid', key, { auctionId: request.params.id, ...request.body }, (within) => auctions.bid(actor, request.params.id, request.body, within));
        if (r.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(201).send(r.body);
      },
    );

    app.post(
      '/auctions/:id/settle',
      {
        schema: {
          tags: ['auctions'],
          summary: 'Settle an auction whose close has passed (owner, bureau or admin; also a job). Idempotent.',
          security: SIGNED_IN,
          params: IdParams,
          response: responses({ 200: AuctionDetail }),
        },
      },
      async (request) => auctions.settle(await ctx.guard.require(request), request.params.id),
    );
  };
}
