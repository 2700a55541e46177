/**
 * Who is calling: a session cookie (people) or a bearer token (integrations). The actor is
 * resolved once per request, lazily; routes state what they require.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, CommonErrors } from '../kernel/errors.ts';
import type { Actor, IdentityService, Role } from '../modules/identity/index.ts';
import { hasRole } from '../modules/identity/index.ts';

export const SESSION_COOKIE = 'haitang_sid';

declare module 'fastify' {
  interface FastifyRequest {
    actorPromise?: Promise<Actor | null>;
  }
}

export function resolveActor(identity: IdentityService, request: FastifyRequest): Promise<Actor | null> {
  request.actorPromise ??= (async () => {
    const header = request.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new AppError(CommonErrors.UNAUTHENTICATED, { detail: 'Authorization must be "Bearer <token>"' });
      const actor = await identity.authenticateBearer(m[1]!);
      if (!actor) throw new AppError(CommonErrors.UNAUTHENTICATED, { detail: 'unknown or revoked API token' });
      return actor;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return null;
    return identity.authenticateSession(token);
  })();
  return request.actorPromise;
}

export interface Guard {
  /** The actor, or null when anonymous. */
  optional(request: FastifyRequest): Promise<Actor | null>;
  /** The actor; 401 when anonymous; 403 when none of `roles` is held (if given). */
  require(request: FastifyRequest, ...roles: Role[]): Promise<Actor>;
}

export function makeGuard(identity: IdentityService): Guard {
  return {
    optional: (request) => resolveActor(identity, request),
    async require(request, ...roles) {
      const actor = await resolveActor(identity, request);
      if (!actor) throw new AppError(CommonErrors.UNAUTHENTICATED);
      if (roles.length && !hasRole(actor, ...roles)) throw new AppError(CommonErrors.FORBIDDEN);
      return actor;
    },
  };
}

/**
 * Cross-site request forgery: cookies are SameSite=Lax, and a state-changing request that
 * carries a session cookie must come from our own origin when the browser says where from.
 */
export function checkOrigin(request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) {
  const method = request.method;
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return done();
  if (!request.cookies[SESSION_COOKIE] || request.headers.authorization) return done();
  const origin = request.headers.origin;
  if (!origin) return done();
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return done(new AppError(CommonErrors.FORBIDDEN, { detail: 'bad Origin header' }));
  }
  if (host !== request.headers.host) return done(new AppError(CommonErrors.FORBIDDEN, { detail: 'cross-origin request refused' }));
  done();
}
