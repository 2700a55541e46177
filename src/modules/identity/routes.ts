/** Identity HTTP routes: SMS codes, register, login, logout, me, API tokens. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../../http/app.ts';
import { SESSION_COOKIE } from '../../http/auth.ts';
import { DateTime, NoContent, Phone, Text, Uuid, responses } from '../../http/schemas.ts';
import { AppError, CommonErrors } from '../../kernel/errors.ts';
import type { Actor } from './index.ts';
import type { UserView } from './service.ts';

const UserSchema = Type.Object({
  id: Uuid,
  phone: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  createdAt: DateTime,
});

const MembershipSchema = Type.Object({
  role: Type.String(),
  scopeType: Type.String(),
  scopeId: Uuid,
  scopeName: Type.Union([Type.String(), Type.Null()]),
});

const MeSchema = Type.Object({
  id: Uuid,
  phone: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String(), { description: 'Platform roles plus roles held within enterprises or stations' }),
  memberships: Type.Array(MembershipSchema),
  via: Type.String(),
});

const TokenSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  createdAt: DateTime,
  lastUsedAt: Type.Union([DateTime, Type.Null()]),
});

function userOut(u: UserView) {
  return { id: u.id, phone: u.phone, displayName: u.displayName, roles: u.globalRoles, createdAt: u.createdAt.toISOString() };
}

export function identityRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  const { identity } = ctx.platform.services;
  const { config } = ctx.platform;
  const cookieOptions = (expires: Date) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.env === 'production',
    path: '/',
    expires,
  });

  async function me(actor: Actor) {
    const memberships = await identity.describeMemberships(actor.memberships);
    const roles = [...new Set([...actor.globalRoles, ...actor.memberships.map((m) => m.role)])];
    return { id: actor.userId, phone: actor.phone, displayName: actor.displayName, roles, memberships, via: actor.via };
  }

  return async (app) => {
    app.post(
      '/auth/sms-codes',
      {
        schema: {
          tags: ['identity'],
          summary: 'Send a 6-digit SMS code (simulated gateway; read it from the dev outbox)',
          body: Type.Object(
            { phone: Phone, purpose: Type.Union([Type.Literal('register'), Type.Literal('login'), Type.Literal('reset_password')]) },
            { additionalProperties: false },
          ),
          response: responses({ 202: Type.Object({ sent: Type.Literal(true), expiresInSeconds: Type.Integer() }) }),
        },
      },
      async (request, reply) => {
        const r = await identity.requestSmsCode(request.body.phone, request.body.purpose);
        return reply.status(202).send({ sent: true as const, expiresInSeconds: r.expiresInSeconds });
      },
    );

    if (config.smsDevOutbox) {
      app.get(
        '/dev/sms-outbox',
        {
          schema: {
            tags: ['development'],
            summary: 'The simulated SMS outbox (development only, absent in production)',
            querystring: Type.Object({ phone: Phone }, { additionalProperties: false }),
            response: responses({
              200: Type.Object({
                messages: Type.Array(
                  Type.Object({ phone: Type.String(), purpose: Type.String(), code: Type.String(), text: Type.String(), createdAt: DateTime }),
                ),
              }),
            }),
          },
        },
        async (request) => ({
          messages: (await identity.smsOutbox(request.query.phone)).map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
        }),
      );
    }

    app.post(
      '/auth/register',
      {
        schema: {
          tags: ['identity'],
          summary: 'Create an account with a phone number proven by an SMS code; signs in',
          body: Type.Object(
            {
              phone: Phone,
              password: Text(8, 72),
              smsCode: Type.String({ pattern: '^[0-9]{6}$' }),
              displayName: Text(1, 40, { pattern: '\\S' }),
            },
            { additionalProperties: false },
          ),
          response: responses({ 201: UserSchema }),
        },
      },
      async (request, reply) => {
        const user = await identity.register(request.body);
        const session = await identity.createSession(user.id, { ip: request.ip, userAgent: request.headers['user-agent'] });
        reply.setCookie(SESSION_COOKIE, session.sessionToken, cookieOptions(session.expiresAt));
        return reply.status(201).send(userOut(user));
      },
    );

    app.post(
      '/auth/login',
      {
        schema: {
          tags: ['identity'],
          summary: 'Sign in with phone and password; sets an httpOnly session cookie. Rate-limited per phone.',
          body: Type.Object({ phone: Phone, password: Text(1, 200) }, { additionalProperties: false }),
          response: responses({ 200: UserSchema }),
        },
      },
      async (request, reply) => {
        const r = await identity.login(request.body, { ip: request.ip, userAgent: request.headers['user-agent'] });
        reply.setCookie(SESSION_COOKIE, r.sessionToken, cookieOptions(r.expiresAt));
        return userOut(r.user);
      },
    );

    app.post(
      '/auth/logout',
      {
        schema: { tags: ['identity'], summary: 'End the session', response: responses({ 204: NoContent }) },
      },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token) await identity.logout(token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags: ['identity'],
          summary: 'The signed-in account with its roles and memberships',
          security: [{ session: [] }, { bearer: [] }],
          response: responses({ 200: MeSchema }),
        },
      },
      async (request) => me(await ctx.guard.require(request)),
    );

    app.post(
      '/me/tokens',
      {
        schema: {
          tags: ['identity'],
          summary: 'Create a bearer API token for an integration (shown once)',
          security: [{ session: [] }],
          body: Type.Object({ name: Text(1, 60) }, { additionalProperties: false }),
          response: responses({ 201: Type.Composite([TokenSchema, Type.Object({ token: Type.String() })]) }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        // A token cannot mint further tokens: only a person signed in can.
        if (actor.via !== 'session') throw new AppError(CommonErrors.FORBIDDEN, { detail: 'tokens are created by a signed-in person' });
        const t = await identity.createApiToken(actor, request.body.name);
        return reply.status(201).send({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: null });
      },
    );

    app.get(
      '/me/tokens',
      {
        schema: {
          tags: ['identity'],
          summary: 'My active API tokens',
          security: [{ session: [] }, { bearer: [] }],
          response: responses({ 200: Type.Object({ items: Type.Array(TokenSchema) }) }),
        },
      },
      async (request) => {
        const actor = await ctx.guard.require(request);
        const items = await identity.listApiTokens(actor);
        return {
          items: items.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null })),
        };
      },
    );

    app.delete(
      '/me/tokens/:id',
      {
        schema: {
          tags: ['identity'],
          summary: 'Revoke one of my API tokens',
          security: [{ session: [] }, { bearer: [] }],
          params: Type.Object({ id: Uuid }),
          response: responses({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        await identity.revokeApiToken(await ctx.guard.require(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
