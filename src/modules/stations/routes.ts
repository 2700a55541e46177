/** Public list of service points: where to pick up, where to get help. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../../http/app.ts';
import { Uuid, responses } from '../../http/schemas.ts';

export function stationsRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  const { stations } = ctx.platform.services;
  return async (app) => {
    app.get(
      '/stations',
      {
        schema: {
          tags: ['stations'],
          summary: 'Service points: the district service centre, village stations, community O2O stores',
          querystring: Type.Object(
            {
              town: Type.Optional(Type.String({ pattern: '^500153[0-9]{3}$' })),
              kind: Type.Optional(Type.Union([Type.Literal('service_centre'), Type.Literal('village_station'), Type.Literal('o2o_store')])),
            },
            { additionalProperties: false },
          ),
          response: responses({
            200: Type.Array(
              Type.Object({
                id: Uuid,
                kind: Type.String(),
                name: Type.String(),
                townCode: Type.String(),
                village: Type.Union([Type.String(), Type.Null()]),
                address: Type.String(),
                phone: Type.Union([Type.String(), Type.Null()]),
                openedOn: Type.Union([Type.String(), Type.Null()]),
                status: Type.String(),
              }),
            ),
          }),
        },
      },
      async (request) => stations.list({ ...(request.query.town ? { townCode: request.query.town } : {}), ...(request.query.kind ? { kind: request.query.kind } : {}) }),
    );
  };
}
