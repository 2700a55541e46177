/**
 * Load generator for bursts, run as its own process so it does not share the server's CPU:
 * reads {url, body, cookies[], warmUrl?} as JSON on stdin, connects every buyer first (warm-up
 * GET), then fires all POSTs at once and prints [{status, code, ms}] as JSON.
 */
import http from 'node:http';
import { httpGet, httpPost } from './_support.ts';

const input = JSON.parse(await new Promise<string>((resolve) => {
  let d = '';
  process.stdin.on('data', (c) => (d += c));
  process.stdin.on('end', () => resolve(d));
})) as { url: string; body: string; cookies: string[]; warmUrl?: string };

const agent = new http.Agent({ keepAlive: true, maxSockets: input.cookies.length });
if (input.warmUrl) {
  for (let i = 0; i < input.cookies.length; i += 100) {
    await Promise.all(input.cookies.slice(i, i + 100).map((cookie) => httpGet(agent, input.warmUrl!, { cookie })));
  }
}
const results = await Promise.all(
  input.cookies.map(async (cookie) => {
    const t0 = performance.now();
    const res = await httpPost(agent, input.url, input.body, { cookie });
    const code = (JSON.parse(res.body) as { code?: string }).code;
    return { status: res.status, code, ms: performance.now() - t0 };
  }),
);
process.stdout.write(JSON.stringify(results));
agent.destroy();
