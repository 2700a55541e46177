/**
 * Runs autocannon in its own process (so the load generator does not share the server's event
 * loop — with PGlite, the database runs on that loop too). Reads {url, body, cookies, seconds,
 * connections} as JSON on stdin; prints {total, p99, errors} as JSON.
 */
import crypto from 'node:crypto';
import autocannon from 'autocannon';

const input = JSON.parse(await new Promise<string>((resolve) => {
  let d = '';
  process.stdin.on('data', (c) => (d += c));
  process.stdin.on('end', () => resolve(d));
})) as { url: string; body: string; cookies: string[]; seconds: number; connections: number };

let n = 0;
const r = await autocannon({
  url: input.url,
  method: 'POST',
  connections: input.connections,
  duration: input.seconds,
  requests: [
    {
      setupRequest: (req) => ({
        ...req,
        body: input.body,
        headers: { 'content-type': 'application/json', cookie: input.cookies[n++ % input.cookies.length]!, 'idempotency-key': `bench-${crypto.randomUUID()}` },
      }),
    },
  ],
});
process.stdout.write(JSON.stringify({ total: r.requests.total, p99: r.latency.p99, errors: r.non2xx + r.errors }));
