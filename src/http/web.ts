/**
 * Serves the built web app (web/dist) and answers every other GET for an HTML page with
 * index.html, so the app's own router handles deep links. API paths never fall back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const NEVER_HTML = /^\/(api|openapi\.json|docs|metrics|healthz)(\/|$|\?)/;

export async function registerWeb(app: FastifyInstance, dist = WEB_DIST): Promise<boolean> {
  if (!fs.existsSync(path.join(dist, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // Hashed assets can be cached for a long time; index.html must always be revalidated.
    setHeaders(res, file) {
      if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else res.setHeader('cache-control', 'no-cache');
    },
  });
  return true;
}

export function wantsAppShell(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !NEVER_HTML.test(request.url) &&
    (request.headers.accept ?? '').includes('text/html')
  );
}

export function sendAppShell(reply: FastifyReply) {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
}
