/**
 * The Fastify application: schemas first (validation, serialization and the OpenAPI document
 * come from one definition), errors mapped once, auth resolved per request, the web app
 * served from the same origin.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { sql } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { uuidv7 } from '../kernel/ids.ts';
import type { Platform } from '../platform.ts';
import { checkOrigin, makeGuard, type Guard } from './auth.ts';
import { registerMetrics } from './metrics.ts';
import { errorHandler, frameworkErrorHandler, notFoundProblem } from './problem.ts';
import { Problem, responses } from './schemas.ts';
import { registerWeb, sendAppShell, wantsAppShell } from './web.ts';
import { identityRoutes } from '../modules/identity/routes.ts';
import { registryRoutes } from '../modules/registry/routes.ts';
import { referenceRoutes } from '../modules/reference/routes.ts';
import { catalogRoutes } from '../modules/catalog/routes.ts';
import { catalogFileRoutes } from '../modules/catalog/files-routes.ts';
import { ordersRoutes } from '../modules/orders/routes.ts';
import { stationsRoutes } from '../modules/stations/routes.ts';
import { paymentsRoutes } from '../modules/payments/routes.ts';
import { policyCalculatorRoutes } from '../modules/policy/calculator-routes.ts';
import { policyRoutes } from '../modules/policy/routes.ts';
import { statsRoutes } from '../modules/stats/routes.ts';
import { auctionsRoutes } from '../modules/exchange/auctions/routes.ts';
import { exchangeRoutes } from '../modules/exchange/routes.ts';

export interface RouteContext {
  platform: Platform;
  guard: Guard;
}

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{1,64}$/;
const VERSION = '0.1.0';

export async function buildHttpApp(platform: Platform, options: { web?: boolean } = {}): Promise<FastifyInstance> {
  const { config } = platform;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    // Honour a caller's request id when it is sane; otherwise mint one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : uuidv7();
    },
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    frameworkErrors: frameworkErrorHandler,
    ajv: {
      customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(Problem);
  app.setErrorHandler(errorHandler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(cookie);
  app.addHook('preHandler', checkOrigin);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Haitang 海棠 API',
        description:
          "Rongchang District's e-commerce platform. Errors are RFC 9457 problem+json with a stable `code` and Chinese and English titles.",
        version: VERSION,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'haitang_sid' },
          bearer: { type: 'http', scheme: 'bearer', description: 'API token from POST /api/v1/me/tokens' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string) ?? `def-${i}` },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerMetrics(app, { processMetrics: config.env !== 'test' });

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['platform'],
        summary: 'Liveness and database check',
        response: responses({
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), version: Type.String() }),
        }),
      },
    },
    async () => {
      await sql`select 1`.execute(platform.database.db);
      return { status: 'ok' as const, database: platform.database.kind, version: VERSION };
    },
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const ctx: RouteContext = { platform, guard: makeGuard(platform.services.identity) };
  await app.register(referenceRoutes(ctx), { prefix: '/api/v1' });
  await app.register(identityRoutes(ctx), { prefix: '/api/v1' });
  await app.register(registryRoutes(ctx), { prefix: '/api/v1' });
  await app.register(stationsRoutes(ctx), { prefix: '/api/v1' });
  await app.register(catalogRoutes(ctx), { prefix: '/api/v1' });
  await app.register(catalogFileRoutes(ctx), { prefix: '/api/v1' });
  await app.register(ordersRoutes(ctx), { prefix: '/api/v1' });
  await app.register(paymentsRoutes(ctx), { prefix: '/api/v1' });
  await app.register(policyCalculatorRoutes(ctx), { prefix: '/api/v1' });
  await app.register(policyRoutes(ctx), { prefix: '/api/v1' });
  await app.register(statsRoutes(ctx), { prefix: '/api/v1' });
  await app.register(auctionsRoutes(ctx), { prefix: '/api/v1' });
  await app.register(exchangeRoutes(ctx), { prefix: '/api/v1' });

  const web = options.web !== false && (await registerWeb(app));
  app.setNotFoundHandler((request, reply) => {
    if (web && wantsAppShell(request)) return sendAppShell(reply);
    return notFoundProblem(request, reply);
  });

  await app.ready();
  return app;
}
