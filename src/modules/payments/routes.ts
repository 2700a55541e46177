/** Payment, escrow, settlement and ledger routes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../../http/app.ts';
import { DateTime, IsoDate, Text, Uuid, responses, literals, Nullable, SIGNED_IN, Fen } from '../../http/schemas.ts';
import { AppError, CommonErrors } from '../../kernel/errors.ts';
import { uuidv7 } from '../../kernel/ids.ts';
import { IDEMPOTENCY_KEY_PATTERN } from '../idempotency/index.ts';
import { CHANNEL_NAMES, CHANNELS, type Channel } from './providers.ts';
import type { PaymentView } from './service.ts';

const security = SIGNED_IN;
const IdemHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ pattern: IDEMPOTENCY_KEY_PATTERN })) });

const PaymentSchema = Type.Object({
  id: Uuid,
  orderId: Uuid,
  channel: Type.String(),
  amountFen: Fen,
  status: Type.String(),
  providerRef: Nullable(Type.String()),
  qrContent: Nullable(Type.String()),
  redirectUrl: Nullable(Type.String()),
  reference: Nullable(Type.String()),
  stationId: Nullable(Uuid),
  expiresAt: DateTime,
  succeededAt: Nullable(DateTime),
  refundedFen: Fen,
  createdAt: DateTime,
});

export function paymentOut(p: PaymentView) {
  return {
    ...p,
    amountFen: Number(p.amountFen),
    refundedFen: Number(p.refundedFen),
    expiresAt: p.expiresAt.toISOString(),
    succeededAt: p.succeededAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
  };
}

const n = (v: bigint) => Number(v);

export function paymentsRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  const { payments, settlement, ledger, idempotency } = ctx.platform.services;
  const { config } = ctx.platform;
  return async (app) => {
    // Notifications are verified over the exact bytes the provider signed: keep the raw body.
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      (request as { rawBody?: string }).rawBody = body as string;
      if ((body as string).length === 0) return done(null, undefined);
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError(CommonErrors.BAD_JSON), undefined);
      }
    });
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_r, body, done) => done(null, body));

    app.get(
      '/payments/channels',
      {
        schema: {
          tags: ['payments'],
          summary: 'Payment channels this platform offers',
          response: responses({ 200: Type.Array(Type.Object({ channel: Type.String(), nameZh: Type.String(), nameEn: Type.String() })) }),
        },
      },
      async () => payments.channels().map((c) => ({ channel: c, nameZh: CHANNEL_NAMES[c].zh, nameEn: CHANNEL_NAMES[c].en })),
    );

    app.post(
      '/orders/:id/payments',
      {
        schema: {
          tags: ['payments'],
          summary: 'Pay an order: returns a QR code, a redirect or a reference code depending on the channel',
          security,
          params: Type.Object({ id: Uuid }),
          headers: IdemHeaders,
          body: Type.Object({ channel: literals(CHANNELS) }, { additionalProperties: false }),
          response: responses({ 201: PaymentSchema }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        const r = await idempotency.run(actor.userId, `pay:${request.params.id}`, request.headers['idempotency-key'], request.body, async (tx) => ({
          status: 201,
          body: paymentOut(await payments.createPayment(tx, actor, request.params.id, request.body.channel)),
        }));
        return reply.status(201).send(r.body);
      },
    );

    app.get(
      '/orders/:id/payments',
      {
        schema: { tags: ['payments'], summary: "An order's payment attempts", security, params: Type.Object({ id: Uuid }), response: responses({ 200: Type.Array(PaymentSchema) }) },
      },
      async (request) => (await payments.paymentsOfOrder(await ctx.guard.require(request), request.params.id)).map(paymentOut),
    );

    app.get(
      '/payments/:id',
      { schema: { tags: ['payments'], summary: 'One payment (its payer)', security, params: Type.Object({ id: Uuid }), response: responses({ 200: PaymentSchema }) } },
      async (request) => paymentOut(await payments.getPayment(await ctx.guard.require(request), request.params.id)),
    );

    app.post(
      '/payments/notify/:channel',
      {
        schema: {
          tags: ['payments'],
          summary: "A provider's asynchronous notification, signed in the x-haitang-signature header (t=…,v1=HMAC-SHA256)",
          params: Type.Object({ channel: literals(CHANNELS) }),
          headers: Type.Object({ 'x-haitang-signature': Type.Optional(Type.String({ maxLength: 200 })) }),
          body: Type.Object({}, { additionalProperties: true }),
          response: responses({ 200: Type.Object({ received: Type.Literal(true), outcome: Type.String() }) }),
        },
      },
      async (request) => {
        const raw = (request as { rawBody?: string }).rawBody ?? '';
        const outcome = await payments.receiveNotification(request.params.channel, raw, request.headers['x-haitang-signature']);
        return { received: true as const, outcome };
      },
    );

    app.get(
      '/sandbox/payments/:id',
      {
        schema: {
          tags: ['payments'],
          summary: 'Sandbox: what the simulated wallet, bank or phone shows the payer',
          params: Type.Object({ id: Uuid }),
          response: responses({ 200: Type.Object({ id: Uuid, channel: Type.String(), amountFen: Fen, status: Type.String(), reference: Nullable(Type.String()) }) }),
        },
      },
      async (request) => {
        const p = await payments.sandboxView(request.params.id);
        return { ...p, amountFen: n(p.amountFen) };
      },
    );

    app.post(
      '/sandbox/payments/:id/complete',
      {
        schema: {
          tags: ['payments'],
          summary: "Sandbox: the payer pays (or the payment fails); the provider then notifies, possibly late or twice",
          params: Type.Object({ id: Uuid }),
          body: Type.Object({ outcome: literals(['success', 'failure'] as const) }, { additionalProperties: false }),
          response: responses({ 202: Type.Object({ accepted: Type.Literal(true) }) }),
        },
      },
      async (request, reply) => {
        await payments.simulate(request.params.id, request.body.outcome, { delayMs: config.sandboxNotifyDelayMs, duplicateRate: config.sandboxDuplicateRate });
        return reply.status(202).send({ accepted: true as const });
      },
    );

    app.post(
      '/stations/:stationId/cash-payments/:reference/confirm',
      {
        schema: {
          tags: ['payments'],
          summary: "Station operator: the villager paid this order's amount in cash",
          security,
          params: Type.Object({ stationId: Uuid, reference: Type.String({ pattern: '^[0-9]{8}$' }) }),
          response: responses({ 200: PaymentSchema }),
        },
      },
      async (request) => paymentOut(await payments.confirmCash(await ctx.guard.require(request), request.params.stationId, request.params.reference)),
    );

    app.post(
      '/stations/:stationId/remittances',
      {
        schema: {
          tags: ['payments'],
          summary: 'Station operator: hand collected cash to the platform',
          security,
          params: Type.Object({ stationId: Uuid }),
          headers: IdemHeaders,
          body: Type.Object({ amountFen: Type.Integer({ minimum: 1, maximum: 100_000_000_00 }) }, { additionalProperties: false }),
          response: responses({ 201: Type.Object({ remitted: Type.Literal(true), amountFen: Fen }) }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        const r = await idempotency.run(actor.userId, `remit:${request.params.stationId}`, request.headers['idempotency-key'], request.body, async (tx) => {
          await payments.remitCash(actor, request.params.stationId, BigInt(request.body.amountFen), uuidv7(), tx);
          return { status: 201, body: { remitted: true as const, amountFen: request.body.amountFen } };
        });
        return reply.status(201).send(r.body);
      },
    );

    app.post(
      '/orders/:id/refunds',
      {
        schema: {
          tags: ['payments'],
          summary: "Refund part or all of an order's payment (its shop or the bureau); before or after settlement",
          security,
          params: Type.Object({ id: Uuid }),
          headers: IdemHeaders,
          body: Type.Object({ amountFen: Type.Integer({ minimum: 1 }), reason: Text(1, 200) }, { additionalProperties: false }),
          response: responses({ 201: Type.Object({ refundId: Uuid, refundedFen: Fen }) }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        const r = await idempotency.run(actor.userId, `refund:${request.params.id}`, request.headers['idempotency-key'], request.body, async (tx) => {
          const done = await payments.refund(actor, request.params.id, BigInt(request.body.amountFen), request.body.reason, tx);
          return { status: 201, body: { refundId: done.refundId, refundedFen: n(done.refundedFen) } };
        });
        return reply.status(201).send(r.body);
      },
    );

    app.get(
      '/merchants/:shopId/balance',
      {
        schema: {
          tags: ['payments'],
          summary: "A shop's money: in escrow, available, settled, commission, refunds, payouts, recent movements",
          security,
          params: Type.Object({ shopId: Uuid }),
          response: responses({
            200: Type.Object({
              shopId: Uuid,
              inEscrowFen: Fen,
              availableFen: Type.Integer(),
              settledFen: Fen,
              commissionFen: Type.Integer(),
              refundedFen: Fen,
              paidOutFen: Fen,
              history: Type.Array(Type.Object({ at: DateTime, code: Type.String(), side: Type.String(), amountFen: Fen, pending: Type.Boolean(), orderId: Nullable(Type.String()) })),
            }),
          }),
        },
      },
      async (request) => {
        const b = await settlement.balance(await ctx.guard.require(request), request.params.shopId);
        return {
          ...b,
          inEscrowFen: n(b.inEscrowFen),
          availableFen: n(b.availableFen),
          settledFen: n(b.settledFen),
          commissionFen: n(b.commissionFen),
          refundedFen: n(b.refundedFen),
          paidOutFen: n(b.paidOutFen),
          history: b.history.map((h) => ({ ...h, at: h.at.toISOString(), amountFen: n(h.amountFen) })),
        };
      },
    );

    const PayoutSchema = Type.Object({ id: Uuid, businessDate: Type.String(), totalFen: Fen, lines: Type.Integer() });

    app.post(
      '/settlements/payouts',
      {
        schema: {
          tags: ['settlement'],
          summary: "Admin: create the day's payout batch (sweeps channel money, pays every shop its available balance)",
          security,
          body: Type.Object({ businessDate: Type.Optional(IsoDate) }, { additionalProperties: false }),
          response: responses({ 201: PayoutSchema }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request, 'admin');
        const b = await settlement.createPayoutBatch(actor, request.body.businessDate);
        return reply.status(201).send({ id: b.id, businessDate: b.businessDate, totalFen: n(b.totalFen), lines: b.lines.length });
      },
    );

    app.get(
      '/settlements/payouts',
      { schema: { tags: ['settlement'], summary: 'Admin: payout batches', security, response: responses({ 200: Type.Array(PayoutSchema) }) } },
      async (request) => {
        await ctx.guard.require(request, 'admin');
        return (await settlement.payoutBatches()).map((b) => ({ id: b.id, businessDate: b.business_date, totalFen: n(b.total_fen), lines: b.lines }));
      },
    );

    app.get(
      '/settlements/payouts/:id/file',
      {
        schema: {
          tags: ['settlement'],
          summary: 'Admin: the bank file (CSV) of a payout batch',
          security,
          params: Type.Object({ id: Uuid }),
          response: responses({ 200: Type.String({ description: 'text/csv' }) }),
        },
      },
      async (request, reply) => {
        await ctx.guard.require(request, 'admin');
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="payout-${request.params.id}.csv"`).send(await settlement.payoutFile(request.params.id));
      },
    );

    app.post(
      '/reconciliations',
      {
        schema: {
          tags: ['settlement'],
          summary: "Admin: compare a provider's statement (text/csv: provider_ref,payment_id,amount_fen,status) with the platform's payments",
          security,
          querystring: Type.Object({ channel: literals(CHANNELS), date: IsoDate }, { additionalProperties: false }),
          response: responses({
            201: Type.Object({
              id: Uuid,
              channel: Type.String(),
              businessDate: Type.String(),
              statementLines: Type.Integer(),
              matched: Type.Integer(),
              mismatches: Type.Array(
                Type.Object({ kind: Type.String(), providerRef: Type.String(), paymentId: Nullable(Type.String()), statementAmountFen: Nullable(Type.String()), platformAmountFen: Nullable(Type.String()) }),
              ),
            }),
          }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request, 'admin');
        if (typeof request.body !== 'string') throw new AppError(CommonErrors.UNSUPPORTED_MEDIA_TYPE, { detail: 'send the statement as text/csv' });
        const r = await settlement.reconcile(actor, request.query.channel as Channel, request.query.date, request.body);
        return reply.status(201).send(r);
      },
    );

    app.get(
      '/ledger/check',
      {
        schema: {
          tags: ['ledger'],
          summary: 'Admin: Σ debits = Σ credits over all accounts, and stored balances against their transfers',
          security,
          response: responses({
            200: Type.Object({
              debitsPosted: Type.String(),
              creditsPosted: Type.String(),
              debitsPending: Type.String(),
              creditsPending: Type.String(),
              balanced: Type.Boolean(),
              accounts: Type.Integer(),
              transfers: Type.Integer(),
              mismatches: Type.Array(Type.Unknown()),
            }),
          }),
        },
      },
      async (request) => {
        await ctx.guard.require(request, 'admin');
        const c = await ledger.check();
        return {
          ...c,
          debitsPosted: c.debitsPosted.toString(),
          creditsPosted: c.creditsPosted.toString(),
          debitsPending: c.debitsPending.toString(),
          creditsPending: c.creditsPending.toString(),
          accounts: Number(c.accounts),
          transfers: Number(c.transfers),
          mismatches: JSON.parse(JSON.stringify(c.mismatches, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown[],
        };
      },
    );

    app.get(
      '/ledger/accounts',
      {
        schema: {
          tags: ['ledger'],
          summary: 'Admin: every ledger account with its balances',
          security,
          response: responses({
            200: Type.Array(
              Type.Object({ code: Type.String(), kind: Type.String(), debitsPosted: Type.String(), creditsPosted: Type.String(), debitsPending: Type.String(), creditsPending: Type.String() }),
            ),
          }),
        },
      },
      async (request) => {
        await ctx.guard.require(request, 'admin');
        return (await ledger.accounts()).map((a) => ({
          code: a.code,
          kind: a.kind,
          debitsPosted: a.debitsPosted.toString(),
          creditsPosted: a.creditsPosted.toString(),
          debitsPending: a.debitsPending.toString(),
          creditsPending: a.creditsPending.toString(),
        }));
      },
    );
  };
}
