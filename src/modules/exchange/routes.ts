/** Livestock exchange routes (issue 5): instruments, lots, orders, listings, trades, market data, SSE. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../../http/app.ts';
import { Bilingual, DateTime, Fen, IsoDate, Nullable, SIGNED_IN, Text, Uuid, literals, responses } from '../../http/schemas.ts';
import { ALL_CHANNELS, streamChannel } from './hub.ts';
import { INSTRUMENT_KINDS, TRADING_MODES } from './instruments.ts';
import type { Lot } from './lots.ts';
import type { OrderView, PlacedOrder, TradeConfirmation } from './service.ts';

const security = SIGNED_IN;
const Side = literals(['buy', 'sell'] as const);
const Hhmm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
const Qty = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const PriceFen = Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'Price in fen (per kg for live hogs, per head otherwise)' });
const Level = Type.Object({ priceFen: Fen, quantity: Type.Integer() });
const Book = Type.Object({ bids: Type.Array(Level), asks: Type.Array(Level) });

const InstrumentSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Bilingual,
  kind: literals(INSTRUMENT_KINDS),
  priceUnit: literals(['fen_per_kg', 'fen_per_head'] as const),
  quantityUnit: Type.Literal('head'),
  kgPerHead: Type.Integer(),
  tickFen: Type.Integer(),
  modes: Type.Array(literals(TRADING_MODES)),
  session: Type.Object({ open: Type.String(), close: Type.String(), tz: Type.Literal('Asia/Shanghai') }),
  band: Type.Object({ prevSettlementFen: Fen, bandBp: Type.Integer(), loFen: Fen, hiFen: Fen }),
  lastFen: Nullable(Fen),
  changeBp: Nullable(Type.Integer()),
  volumeToday: Type.Integer(),
});

const OrderSchema = Type.Object({
  id: Uuid,
  instrumentId: Uuid,
  side: Side,
  type: literals(['limit', 'market'] as const),
  timeInForce: literals(['GTC', 'IOC', 'FOK'] as const),
  priceFen: Nullable(Fen),
  quantity: Type.Integer(),
  filledQuantity: Type.Integer(),
  remainingQuantity: Type.Integer(),
  status: literals(['open', 'partially_filled', 'filled', 'cancelled'] as const),
  lotId: Nullable(Uuid),
  listing: Type.Boolean(),
  note: Nullable(Type.String()),
  reservedFen: Fen,
  createdAt: DateTime,
  updatedAt: DateTime,
});
const TradeBrief = Type.Object({ id: Uuid, priceFen: Fen, quantity: Type.Integer() });
const PlacedSchema = Type.Composite([OrderSchema, Type.Object({ trades: Type.Array(TradeBrief) })]);

const LotSchema = Type.Object({
  id: Uuid,
  instrumentId: Uuid,
  headCount: Type.Integer(),
  reserved: Type.Integer(),
  sold: Type.Integer(),
  available: Type.Integer(),
  avgWeightKg: Type.Number(),
  farmName: Type.String(),
  townCode: Type.String(),
  quarantineCertificateNo: Nullable(Type.String()),
  breed: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  pedigree: Nullable(Type.String()),
  createdAt: DateTime,
});
const ListingSchema = Type.Composite([OrderSchema, Type.Object({ lot: Nullable(LotSchema) })]);

const TradeSchema = Type.Object({
  id: Uuid,
  instrumentId: Uuid,
  priceFen: Fen,
  quantity: Type.Integer(),
  valueFen: Fen,
  aggressor: Side,
  side: Side,
  buyOrderId: Uuid,
  sellOrderId: Uuid,
  lotId: Nullable(Uuid),
  delivery: Type.Object({}, { additionalProperties: true }),
  at: DateTime,
});
const AccountSchema = Type.Object({ balanceFen: Type.Integer(), reservedFen: Fen, availableFen: Type.Integer() });

const orderOut = (o: OrderView) => ({ ...o, createdAt: o.createdAt.toISOString(), updatedAt: o.updatedAt.toISOString() });
const placedOut = (o: PlacedOrder) => ({ ...orderOut(o), trades: o.trades });
const lotOut = (l: Lot) => {
  const { ownerId, ...rest } = l;
  void ownerId;
  return { ...rest, createdAt: l.createdAt.toISOString() };
};
const tradeOut = (t: TradeConfirmation) => ({ ...t, at: t.at.toISOString() });

export function exchangeRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  const exchange = ctx.platform.services.exchange;
  const tags = ['exchange'];
  return async (app) => {
    app.get(
      '/exchange/instruments',
      { schema: { tags, summary: 'Instruments with modes, session, band and last price', response: responses({ 200: Type.Array(InstrumentSchema) }) } },
      async () => exchange.instruments(),
    );
    app.get(
      '/exchange/instruments/:id',
      { schema: { tags, summary: 'One instrument', params: Type.Object({ id: Uuid }), response: responses({ 200: InstrumentSchema }) } },
      async (request) => exchange.instrument(request.params.id),
    );
    app.put(
      '/exchange/instruments/:id',
      {
        schema: {
          tags,
          summary: 'Bureau/admin: set trading modes, daily band or session (journaled and audited)',
          security,
          params: Type.Object({ id: Uuid }),
          body: Type.Object(
            {
              modes: Type.Optional(Type.Array(literals(TRADING_MODES), { uniqueItems: true, maxItems: 3 })),
              bandBp: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
              prevSettlementFen: Type.Optional(PriceFen),
              session: Type.Optional(Type.Object({ open: Hhmm, close: Hhmm }, { additionalProperties: false })),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: responses({ 200: InstrumentSchema }),
        },
      },
      async (request) => exchange.updateInstrument(await ctx.guard.require(request), request.params.id, request.body),
    );
    app.get(
      '/exchange/instruments/:id/book',
      {
        schema: {
          tags,
          summary: 'Depth: bids and asks, best first',
          params: Type.Object({ id: Uuid }),
          querystring: Type.Object({ depth: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })) }),
          response: responses({ 200: Book }),
        },
      },
      async (request) => exchange.book(request.params.id, request.query.depth ?? 10),
    );
    app.get(
      '/exchange/instruments/:id/trades',
      {
        schema: {
          tags,
          summary: 'Trade tape, newest first',
          params: Type.Object({ id: Uuid }),
          querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }),
          response: responses({ 200: Type.Array(Type.Object({ id: Uuid, priceFen: Fen, quantity: Type.Integer(), aggressor: Side, at: DateTime })) }),
        },
      },
      async (request) => (await exchange.tape(request.params.id, request.query.limit ?? 50)).map((t) => ({ ...t, at: t.at.toISOString() })),
    );
    app.get(
      '/exchange/instruments/:id/candles',
      {
        schema: {
          tags,
          summary: 'Daily OHLCV (Beijing date)',
          params: Type.Object({ id: Uuid }),
          querystring: Type.Object({ interval: Type.Optional(Type.Literal('1d')), from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }),
          response: responses({ 200: Type.Array(Type.Object({ t: Type.String(), open: Fen, high: Fen, low: Fen, close: Fen, volume: Type.Integer() })) }),
        },
      },
      async (request) => exchange.candles(request.params.id, request.query.from, request.query.to),
    );
    app.get(
      '/exchange/index',
      {
        schema: {
          tags,
          summary: 'Rongchang live-hog price index: daily volume-weighted average price, fen per kg',
          querystring: Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }),
          response: responses({ 200: Type.Array(Type.Object({ t: Type.String(), value: Type.Number() })) }),
        },
      },
      async (request) => exchange.index(request.query.from, request.query.to),
    );
    app.get(
      '/exchange/stream',
      {
        schema: {
          tags,
          summary: 'Server-sent events: book, trade, candle, auction (one instrument, or all)',
          querystring: Type.Object({ instrumentId: Type.Optional(Uuid) }),
          produces: ['text/event-stream'],
          response: responses({ 200: Type.String({ description: 'text/event-stream' }) }),
        },
      },
      async (request, reply) => {
        const channel = request.query.instrumentId ?? ALL_CHANNELS;
        const book = request.query.instrumentId ? await exchange.book(request.query.instrumentId, 10).catch(() => null) : null;
        reply.hijack();
        streamChannel({ request: request.raw, response: reply.raw }, exchange.hub, channel, book ? [{ event: 'book', data: { instrumentId: request.query.instrumentId, ...book } }] : []);
      },
    );

    // ── lots ──
    app.post(
      '/exchange/lots',
      {
        schema: {
          tags,
          summary: 'Register animals you hold (a lot); live animals need the quarantine certificate number to be sold',
          security,
          body: Type.Object(
            {
              instrumentId: Uuid,
              headCount: Qty,
              avgWeightKg: Type.Number({ exclusiveMinimum: 0, maximum: 2000 }),
              farmName: Text(1, 100),
              townCode: Type.String({ pattern: '^[0-9]{9,12}$' }),
              quarantineCertificateNo: Type.Optional(Text(6, 40, { pattern: '^[0-9A-Za-z-]+$' })),
              breed: Type.Optional(Text(1, 50)),
              birthDate: Type.Optional(IsoDate),
              pedigree: Type.Optional(Text(1, 500)),
            },
            { additionalProperties: false },
          ),
          response: responses({ 201: LotSchema }),
        },
      },
      async (request, reply) => reply.status(201).send(lotOut(await exchange.registerLot(await ctx.guard.require(request), request.body))),
    );
    app.get(
      '/exchange/lots',
      {
        schema: {
          tags,
          summary: 'My lots',
          security,
          querystring: Type.Object({ mine: Type.Optional(Type.Literal('1')), instrumentId: Type.Optional(Uuid) }),
          response: responses({ 200: Type.Array(LotSchema) }),
        },
      },
      async (request) => (await exchange.lotsOf(await ctx.guard.require(request), request.query.instrumentId)).map(lotOut),
    );

    // ── orders ──
    app.post(
      '/exchange/orders',
      {
        schema: {
          tags,
          summary: 'Enter an order (continuous matching); acknowledged once journaled',
          security,
          body: Type.Object(
            {
              instrumentId: Uuid,
              side: Side,
              type: literals(['limit', 'market'] as const),
              timeInForce: Type.Optional(literals(['GTC', 'IOC', 'FOK'] as const)),
              priceFen: Type.Optional(PriceFen),
              quantity: Qty,
              lotId: Type.Optional(Uuid),
            },
            { additionalProperties: false },
          ),
          response: responses({ 201: PlacedSchema }),
        },
      },
      async (request, reply) => reply.status(201).send(placedOut(await exchange.placeOrder(await ctx.guard.require(request), request.body))),
    );
    app.delete(
      '/exchange/orders/:id',
      { schema: { tags, summary: 'Cancel my order', security, params: Type.Object({ id: Uuid }), response: responses({ 200: PlacedSchema }) } },
      async (request) => placedOut(await exchange.cancelOrder(await ctx.guard.require(request), request.params.id)),
    );
    app.patch(
      '/exchange/orders/:id',
      {
        schema: {
          tags,
          summary: 'Amend my resting order: a new open quantity and/or a new price',
          description:
            '`quantity` is the new open quantity. Same price and a smaller quantity keeps time priority; a larger quantity goes to the back of its ' +
            'price level; a new price loses priority and may trade at once. A buy keeps exactly its new open value reserved (INSUFFICIENT_FUNDS 409 ' +
            'when it grows unfunded), a sell its new open head of the lot (LOT_INSUFFICIENT 409). Also PRICE_OUT_OF_BAND 422, INVALID_TICK 422, ' +
            'MARKET_CLOSED 409, MODE_NOT_ALLOWED 409, SELF_TRADE 409 (a new price met my own order: the order is cancelled), ORDER_NOT_OPEN 409; ' +
            'someone else’s order is 404.',
          security,
          params: Type.Object({ id: Uuid }),
          body: Type.Object({ priceFen: Type.Optional(PriceFen), quantity: Qty }, { additionalProperties: false }),
          response: responses({ 200: PlacedSchema }),
        },
      },
      async (request) => placedOut(await exchange.amendOrder(await ctx.guard.require(request), request.params.id, request.body)),
    );
    app.get(
      '/exchange/orders/:id',
      { schema: { tags, summary: 'One of my orders', security, params: Type.Object({ id: Uuid }), response: responses({ 200: OrderSchema }) } },
      async (request) => orderOut(await exchange.order(await ctx.guard.require(request), request.params.id)),
    );
    app.get(
      '/exchange/orders',
      {
        schema: {
          tags,
          summary: 'My orders',
          security,
          querystring: Type.Object({
            instrumentId: Type.Optional(Uuid),
            status: Type.Optional(literals(['open', 'partially_filled', 'filled', 'cancelled'] as const)),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          }),
          response: responses({ 200: Type.Array(OrderSchema) }),
        },
      },
      async (request) => (await exchange.myOrders(await ctx.guard.require(request), request.query)).map(orderOut),
    );

    // ── listings (挂牌/摘牌) ──
    app.get(
      '/exchange/listings',
      {
        schema: {
          tags,
          summary: 'Open listings (挂牌) with their lots',
          querystring: Type.Object({ instrumentId: Type.Optional(Uuid) }),
          response: responses({ 200: Type.Array(ListingSchema) }),
        },
      },
      async (request) => (await exchange.listings(request.query.instrumentId)).map((l) => ({ ...orderOut(l), lot: l.lot && lotOut(l.lot) })),
    );
    app.post(
      '/exchange/listings',
      {
        schema: {
          tags,
          summary: 'Post a listing (挂牌): a resting order at a fixed price, with the lot',
          security,
          body: Type.Object(
            { instrumentId: Uuid, side: Side, priceFen: PriceFen, quantity: Qty, lotId: Type.Optional(Uuid), note: Type.Optional(Text(1, 200)) },
            { additionalProperties: false },
          ),
          response: responses({ 201: PlacedSchema }),
        },
      },
      async (request, reply) => reply.status(201).send(placedOut(await exchange.postListing(await ctx.guard.require(request), request.body))),
    );
    app.post(
      '/exchange/listings/:id/take',
      {
        schema: {
          tags,
          summary: 'Take all or part of a listing (摘牌): an immediate-or-cancel order at its price',
          security,
          params: Type.Object({ id: Uuid }),
          body: Type.Object({ quantity: Qty, lotId: Type.Optional(Uuid) }, { additionalProperties: false }),
          response: responses({ 201: PlacedSchema }),
        },
      },
      async (request, reply) => reply.status(201).send(placedOut(await exchange.takeListing(await ctx.guard.require(request), request.params.id, request.body))),
    );

    // ── trades and money ──
    app.get(
      '/exchange/trades',
      {
        schema: {
          tags,
          summary: 'My trades (confirmations)',
          security,
          querystring: Type.Object({
            mine: Type.Optional(Type.Literal('1')),
            instrumentId: Type.Optional(Uuid),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          }),
          response: responses({ 200: Type.Array(TradeSchema) }),
        },
      },
      async (request) => (await exchange.myTrades(await ctx.guard.require(request), request.query)).map(tradeOut),
    );
    app.get(
      '/exchange/trades/:id',
      { schema: { tags, summary: 'A trade confirmation with delivery terms (its two parties)', security, params: Type.Object({ id: Uuid }), response: responses({ 200: TradeSchema }) } },
      async (request) => tradeOut(await exchange.trade(await ctx.guard.require(request), request.params.id)),
    );
    app.get(
      '/exchange/account',
      { schema: { tags, summary: 'My trading money: balance, reserved by open buys, available', security, response: responses({ 200: AccountSchema }) } },
      async (request) => exchange.account(await ctx.guard.require(request)),
    );
    app.post(
      '/exchange/deposits',
      {
        schema: {
          tags,
          summary: 'Sandbox deposit (non-production only)',
          security,
          body: Type.Object({ amountFen: Type.Integer({ minimum: 1, maximum: 10_000_000_000 }) }, { additionalProperties: false }),
          response: responses({ 201: AccountSchema }),
        },
      },
      async (request, reply) => reply.status(201).send(await exchange.deposit(await ctx.guard.require(request), BigInt(request.body.amountFen))),
    );
  };
}
