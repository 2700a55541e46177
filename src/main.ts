/**
 * `haitang serve`: open the database, migrate, seed the demo on first start, serve HTTP.
 */
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config.ts';
import { buildHttpApp } from './http/app.ts';
import { startJobs } from './jobs.ts';
import { createPlatform, type Platform } from './platform.ts';
import { seedDemo } from './seed/demo.ts';

export interface Running {
  platform: Platform;
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

export async function serve(config: Config = loadConfig()): Promise<Running> {
  const platform = await createPlatform(config);
  if (config.seed === 'demo') await seedDemo(platform);
  // Rebuild every order book from its journal before taking orders.
  await platform.services.exchange.start();
  const app = await buildHttpApp(platform);
  const url = await app.listen({ port: config.port, host: config.host });
  // Sandbox providers notify over HTTP like real ones, to this server's own notify endpoint.
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  platform.services.payments.deliver = async (channel, rawBody, signature) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/payments/notify/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-haitang-signature': signature },
      body: rawBody,
    });
    return res.status;
  };
  const stopJobs = startJobs(platform, app.log);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stopJobs();
      await app.close();
      await platform.close();
    })());
  return { platform, app, url, stop };
}
