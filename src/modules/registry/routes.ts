/** Enterprise registry HTTP routes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../../http/app.ts';
import { DateTime, IsoDate, PageQuery, Text, Uuid, responses, literals, Nullable, SIGNED_IN } from '../../http/schemas.ts';
import { ENTERPRISE_KINDS, INDUSTRIES, SIZE_CLASSES, type Enterprise } from './model.ts';


const ParkSchema = Type.Object(
  { name: Text(2, 100), since: IsoDate },
  { additionalProperties: false, description: 'E-commerce industrial park tenancy' },
);

const EnterpriseInputSchema = Type.Object(
  {
    uscc: Type.String({ minLength: 1, maxLength: 40, description: 'Unified Social Credit Code (GB 32100), 18 characters' }),
    name: Text(2, 100),
    kind: literals(ENTERPRISE_KINDS),
    legalRepresentative: Text(1, 40, { pattern: '\\S' }),
    legalRepresentativeIdNumber: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'Resident ID (GB 11643); required for sole traders' }))),
    townCode: Type.String({ pattern: '^500153[0-9]{3}$' }),
    registeredInRongchang: Type.Boolean(),
    sizeClass: literals(SIZE_CLASSES),
    industry: literals(INDUSTRIES),
    park: Type.Optional(Nullable(ParkSchema)),
    contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);

const EnterpriseSchema = Type.Object({
  id: Uuid,
  uscc: Type.String(),
  orgCode: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  legalRepresentative: Type.String(),
  legalRepresentativeIdNumber: Nullable(Type.String()),
  townCode: Type.String(),
  townName: Nullable(Type.String()),
  registeredInRongchang: Type.Boolean(),
  sizeClass: Type.String(),
  industry: Type.String(),
  park: Nullable(Type.Object({ name: Type.String(), since: Type.String() })),
  contactPhone: Nullable(Type.String()),
  address: Nullable(Type.String()),
  status: literals(['pending', 'verified', 'rejected'] as const),
  rejectionReason: Nullable(Type.String()),
  verifiedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const AuditSchema = Type.Object({
  id: Type.String(),
  at: DateTime,
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  action: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  reason: Nullable(Type.String()),
});

function out(e: Enterprise) {
  return {
    ...e,
    verifiedAt: e.verifiedAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

const IdParams = Type.Object({ id: Uuid });
const security = SIGNED_IN;

export function registryRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  const { registry } = ctx.platform.services;
  return async (app) => {
    app.post(
      '/enterprises',
      {
        schema: {
          tags: ['registry'],
          summary: 'Register a market entity (company, sole trader or cooperative); the applicant becomes its merchant',
          security,
          body: EnterpriseInputSchema,
          response: responses({ 201: EnterpriseSchema }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        return reply.status(201).send(out(await registry.register(actor, request.body, String(request.id))));
      },
    );

    app.get(
      '/enterprises',
      {
        schema: {
          tags: ['registry'],
          summary: 'Enterprises, newest first: all for the bureau and regulators, your own for everyone else',
          security,
          querystring: Type.Object(
            { status: Type.Optional(literals(['pending', 'verified', 'rejected'] as const)), ...PageQuery },
            { additionalProperties: false },
          ),
          response: responses({ 200: Type.Object({ items: Type.Array(EnterpriseSchema), nextCursor: Nullable(Type.String()) }) }),
        },
      },
      async (request) => {
        const actor = await ctx.guard.require(request);
        const page = await registry.list(actor, request.query);
        return { items: page.items.map(out), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/enterprises/:id',
      {
        schema: {
          tags: ['registry'],
          summary: 'One enterprise (404 unless it is yours or you are the bureau or a regulator)',
          security,
          params: IdParams,
          response: responses({ 200: EnterpriseSchema }),
        },
      },
      async (request) => out(await registry.get(await ctx.guard.require(request), request.params.id)),
    );

    app.put(
      '/enterprises/:id',
      {
        schema: {
          tags: ['registry'],
          summary: 'Correct a pending or rejected registration (its merchants only); it returns to pending',
          security,
          params: IdParams,
          body: EnterpriseInputSchema,
          response: responses({ 200: EnterpriseSchema }),
        },
      },
      async (request) =>
        out(await registry.update(await ctx.guard.require(request), request.params.id, request.body, String(request.id))),
    );

    app.post(
      '/enterprises/:id/verification',
      {
        schema: {
          tags: ['registry'],
          summary: 'Approve or reject a pending registration (bureau only); audited',
          security,
          params: IdParams,
          body: Type.Object(
            {
              decision: literals(['approve', 'reject'] as const),
              reason: Type.Optional(Type.String({ maxLength: 500 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: EnterpriseSchema }),
        },
      },
      async (request) => {
        const actor = await ctx.guard.require(request);
        const { decision, reason } = request.body;
        return out(await registry.verify(actor, request.params.id, decision, reason, String(request.id)));
      },
    );

    app.get(
      '/enterprises/:id/audit',
      {
        schema: {
          tags: ['registry'],
          summary: "The enterprise's audit history (who, when, what, before/after)",
          security,
          params: IdParams,
          response: responses({ 200: Type.Object({ items: Type.Array(AuditSchema) }) }),
        },
      },
      async (request) => {
        const items = await registry.auditTrail(await ctx.guard.require(request), request.params.id);
        return { items: items.map((a) => ({ ...a, at: a.at.toISOString() })) };
      },
    );
  };
}
