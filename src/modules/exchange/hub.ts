/**
 * A tiny in-process publish/subscribe hub for the exchange's live feed (SSE). Channels are free
 * strings; the exchange publishes on its instrument ids (`book`, `trade`, `candle`), the
 * auctions on theirs (`auction`). A subscriber to `*` receives everything. Listeners run
 * synchronously and must not throw (a throwing listener is dropped).
 */
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
