/**
 * A tiny in-process publish/subscribe hub for the exchange's live feed (SSE). Channels are free
 * strings; the exchange publishes on its instrument ids (`book`, `trade`, `candle`), the
 * auctions on theirs (`auction`). A subscriber to `*` receives everything. Listeners run
 * synchronously and must not throw (a throwing listener is dropped).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HubMessage {
  channel: string;
  event: string;
  data: unknown;
}

export type HubListener = (message: HubMessage) => void;

export const ALL_CHANNELS = '*';

export class ExchangeHub {
  private readonly listeners = new Map<string, Set<HubListener>>();

  /** Subscribes to one channel (or `*`); returns the unsubscribe function. */
  subscribe(channel: string, listener: HubListener): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => {
      const s = this.listeners.get(channel);
      if (!s) return;
      s.delete(listener);
      if (s.size === 0) this.listeners.delete(channel);
    };
  }

  publish(channel: string, event: string, data: unknown): void {
    const message: HubMessage = { channel, event, data };
    for (const key of channel === ALL_CHANNELS ? [ALL_CHANNELS] : [channel, ALL_CHANNELS]) {
      const set = this.listeners.get(key);
      if (!set) continue;
      for (const l of [...set]) {
        try {
          l(message);
        } catch {
          set.delete(l);
        }
      }
    }
  }

  /** Number of live subscriptions (tests, metrics). */
  get size(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }
}

/**
 * Turns an HTTP response into a server-sent-event stream of one hub channel: the `initial`
 * events first (a snapshot), then every message, with a comment ping every 25 s so proxies keep
 * the connection; the subscription ends when the client goes away.
 */
export function streamChannel(
  raw: { request: IncomingMessage; response: ServerResponse },
  hub: ExchangeHub,
  channel: string,
  initial: Array<{ event: string; data: unknown }> = [],
): void {
  const res = raw.response;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write(': haitang live feed\n\n');
  const send = (m: { event: string; data: unknown }) => res.write(`event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`);
  initial.forEach(send);
  const unsubscribe = hub.subscribe(channel, send);
  const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
  ping.unref();
  const end = () => {
    clearInterval(ping);
    unsubscribe();
  };
  raw.request.on('close', end);
  res.on('close', end);
}
