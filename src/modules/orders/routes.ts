/** Cart, checkout and order routes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../../http/app.ts';
import { DateTime, Text, Uuid, responses, literals, Nullable, SIGNED_IN, Fen } from '../../http/schemas.ts';
import { IDEMPOTENCY_KEY_PATTERN } from '../idempotency/index.ts';
import { AppError } from '../../kernel/errors.ts';
import { InventoryErrors } from '../catalog/index.ts';
import type { CartLine, Order } from './model.ts';
import { DELIVERY_OPTIONS } from './shipping.ts';
import { ORDER_ACTIONS, ORDER_STATUSES } from './state-machine.ts';


const AddressSchema = Type.Object(
  {
    recipient: Text(1, 40, { pattern: '\\S' }),
    phone: Text(5, 20),
    province: Text(2, 20),
    city: Text(2, 20),
    district: Text(2, 20),
    town: Text(2, 30),
    village: Type.Optional(Type.String({ maxLength: 30 })),
    detail: Text(2, 120),
  },
  { additionalProperties: false, description: 'Chinese structured address: 省 市 区县 乡镇街道 村社区 详细地址' },
);

const OrderSchema = Type.Object({
  id: Uuid,
  orderNo: Type.String(),
  consumerId: Uuid,
  shopId: Uuid,
  shopName: Nullable(Type.String()),
  checkoutId: Uuid,
  status: Type.String(),
  itemsTotalFen: Fen,
  shippingFen: Fen,
  totalFen: Fen,
  address: Type.Object({
    recipient: Type.String(),
    phone: Type.String(),
    province: Type.String(),
    city: Type.String(),
    district: Type.String(),
    town: Type.String(),
    village: Type.Optional(Type.String()),
    detail: Type.String(),
  }),
  deliveryOption: Type.String(),
  pickupPointId: Nullable(Uuid),
  note: Type.String(),
  carrier: Nullable(Type.String()),
  trackingNo: Nullable(Type.String()),
  paymentDeadline: DateTime,
  paidAt: Nullable(DateTime),
  shippedAt: Nullable(DateTime),
  deliveredAt: Nullable(DateTime),
  completedAt: Nullable(DateTime),
  cancelledAt: Nullable(DateTime),
  cancelReason: Nullable(Type.String()),
  createdAt: DateTime,
  items: Type.Array(
    Type.Object({
      line: Type.Integer(),
      skuId: Uuid,
      productId: Uuid,
      title: Type.String(),
      skuName: Type.String(),
      unitPriceFen: Fen,
      quantity: Type.Integer(),
      lineTotalFen: Fen,
    }),
  ),
  actions: Type.Array(Type.String()),
  viewerRole: Type.String(),
});

const CartSchema = Type.Object({
  lines: Type.Array(
    Type.Object({
      skuId: Uuid,
      productId: Uuid,
      shopId: Uuid,
      shopName: Type.String(),
      title: Type.String(),
      skuName: Type.String(),
      unitPriceFen: Fen,
      quantity: Type.Integer(),
      stock: Type.Integer(),
      purchasable: Type.Boolean(),
    }),
  ),
  totalFen: Fen,
  count: Type.Integer(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function orderOut(o: Order) {
  return {
    ...o,
    itemsTotalFen: Number(o.itemsTotalFen),
    shippingFen: Number(o.shippingFen),
    totalFen: Number(o.totalFen),
    paymentDeadline: o.paymentDeadline.toISOString(),
    paidAt: iso(o.paidAt),
    shippedAt: iso(o.shippedAt),
    deliveredAt: iso(o.deliveredAt),
    completedAt: iso(o.completedAt),
    cancelledAt: iso(o.cancelledAt),
    createdAt: o.createdAt.toISOString(),
    items: o.items.map((i) => ({ ...i, unitPriceFen: Number(i.unitPriceFen), lineTotalFen: Number(i.lineTotalFen) })),
  };
}

function cartOut(lines: CartLine[]) {
  const out = lines.map((l) => ({ ...l, unitPriceFen: Number(l.unitPriceFen) }));
  return {
    lines: out,
    totalFen: out.filter((l) => l.purchasable).reduce((s, l) => s + l.unitPriceFen * l.quantity, 0),
    count: out.reduce((s, l) => s + l.quantity, 0),
  };
}

const security = SIGNED_IN;
const IdParams = Type.Object({ id: Uuid });

export function ordersRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  const { orders, idempotency, catalog } = ctx.platform.services;
  return async (app) => {
    app.get(
      '/cart',
      { schema: { tags: ['orders'], summary: 'My cart', security, response: responses({ 200: CartSchema }) } },
      async (request) => cartOut(await orders.cart(await ctx.guard.require(request))),
    );

    app.post(
      '/cart/items',
      {
        schema: {
          tags: ['orders'],
          summary: 'Add a variant to my cart (adds to the quantity already there)',
          security,
          body: Type.Object({ skuId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 999 }) }, { additionalProperties: false }),
          response: responses({ 200: CartSchema }),
        },
      },
      async (request) => cartOut(await orders.addToCart(await ctx.guard.require(request), request.body.skuId, request.body.quantity)),
    );

    app.put(
      '/cart/items/:skuId',
      {
        schema: {
          tags: ['orders'],
          summary: 'Set the quantity of a cart line (0 removes it)',
          security,
          params: Type.Object({ skuId: Uuid }),
          body: Type.Object({ quantity: Type.Integer({ minimum: 0, maximum: 999 }) }, { additionalProperties: false }),
          response: responses({ 200: CartSchema }),
        },
      },
      async (request) => cartOut(await orders.setCartQuantity(await ctx.guard.require(request), request.params.skuId, request.body.quantity)),
    );

    app.post(
      '/checkout',
      {
        schema: {
          tags: ['orders'],
          summary: 'Place orders (one per shop) and reserve their stock; honours Idempotency-Key',
          security,
          headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ pattern: IDEMPOTENCY_KEY_PATTERN })) }),
          body: Type.Object(
            {
              items: Type.Optional(
                Type.Array(Type.Object({ skuId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 999 }) }, { additionalProperties: false }), {
                  minItems: 1,
                  maxItems: 100,
                }),
              ),
              skuIds: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
              address: AddressSchema,
              deliveryOption: literals(DELIVERY_OPTIONS),
              pickupPointId: Type.Optional(Nullable(Uuid)),
              note: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 201: Type.Object({ checkoutId: Uuid, orders: Type.Array(OrderSchema), replayed: Type.Boolean() }) }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        const key = request.headers['idempotency-key'];
        // Buyers who cannot get a unit are refused here, before queueing at the database;
        // a retried request with a used key skips the gate so it replays its first answer.
        const lines = request.body.items ?? (await orders.cart(actor)).filter((l) => !request.body.skuIds || request.body.skuIds.includes(l.skuId));
        const gate = await catalog.gate.tryAdmit(lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })));
        const finish = gate.admitted ? gate.finish : null;
        if (!gate.admitted && !(await idempotency.seen(actor.userId, 'checkout', key))) {
          throw new AppError(InventoryErrors.OUT_OF_STOCK, {
            detail: `SKU ${gate.skuId}: ${gate.requested} wanted, ${gate.available} left`,
            extra: { skuId: gate.skuId, requested: gate.requested, available: gate.available },
          });
        }
        let sold = false;
        const result = await idempotency
          .run(actor.userId, 'checkout', key, request.body, async (tx) => {
            const placed = await orders.checkout(tx, actor, request.body);
            return { status: 201, body: { checkoutId: placed[0]!.checkoutId, orders: placed.map(orderOut) } };
          })
          .then((r) => {
            sold = true;
            return r;
          })
          .finally(() => finish?.(sold));
        if (result.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(result.status as 201).send({ ...result.body, replayed: result.replayed });
      },
    );

    app.get(
      '/orders',
      {
        schema: {
          tags: ['orders'],
          summary: "My orders, or a shop's orders with shopId (its merchants only); newest first",
          security,
          querystring: Type.Object(
            {
              shopId: Type.Optional(Uuid),
              status: Type.Optional(literals(ORDER_STATUSES)),
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: Type.Object({ items: Type.Array(OrderSchema), nextCursor: Nullable(Type.String()) }) }),
        },
      },
      async (request) => {
        const r = await orders.listOrders(await ctx.guard.require(request), request.query);
        return { items: r.items.map(orderOut), nextCursor: r.nextCursor };
      },
    );

    app.get(
      '/orders/:id',
      { schema: { tags: ['orders'], summary: 'One order (its buyer, its shop, the bureau)', security, params: IdParams, response: responses({ 200: OrderSchema }) } },
      async (request) => orderOut(await orders.getOrder(await ctx.guard.require(request), request.params.id)),
    );

    app.get(
      '/orders/:id/events',
      {
        schema: {
          tags: ['orders'],
          summary: "The order's audited transitions",
          security,
          params: IdParams,
          response: responses({
            200: Type.Object({
              items: Type.Array(
                Type.Object({ action: Type.String(), fromStatus: Nullable(Type.String()), toStatus: Type.String(), actorRole: Type.String(), at: DateTime, detail: Type.Unknown() }),
              ),
            }),
          }),
        },
      },
      async (request) => {
        const events = await orders.events(await ctx.guard.require(request), request.params.id);
        return { items: events.map((e) => ({ ...e, at: e.at.toISOString() })) };
      },
    );

    app.post(
      '/orders/:id/transitions',
      {
        schema: {
          tags: ['orders'],
          summary: 'Move an order through its state machine (ship, confirm, cancel, request/approve/reject refund); illegal moves are 409',
          security,
          params: IdParams,
          body: Type.Object(
            {
              action: literals(ORDER_ACTIONS),
              carrier: Type.Optional(Type.String({ maxLength: 40 })),
              trackingNo: Type.Optional(Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9-]*$' })),
              reason: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: OrderSchema }),
        },
      },
      async (request) => orderOut(await orders.transition(await ctx.guard.require(request), request.params.id, request.body)),
    );
  };
}
