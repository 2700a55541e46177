/**
 * The exchange's live feeds as server-sent events: `GET /api/v1/exchange/stream[?instrumentId=]`
 * (`book`, `trade`, `candle`, and `auction` on the feed of all channels) and
 * `GET /api/v1/auctions/{id}/stream` (`auction`). EventSource reconnects by itself;
 * `connected` says whether the feed is up so the page can show 实时 or fall back to polling.
 */
import { useEffect, useRef, useState } from 'react';

export type StreamEvent = 'book' | 'trade' | 'candle' | 'auction';

export type StreamHandlers = Partial<Record<StreamEvent, (data: unknown) => void>> & {
  /** Called after a (re)connection: what arrived meanwhile was missed, so reload. */
  open?: () => void;
};

export function useExchangeStream(url: string | null, handlers: StreamHandlers): boolean {
  const [connected, setConnected] = useState(false);
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (url === null || typeof EventSource === 'undefined') return;
    const source = new EventSource(url);
    const listeners: Array<[string, (event: MessageEvent) => void]> = (['book', 'trade', 'candle', 'auction'] as const).map((name) => [
      name,
      (event: MessageEvent) => {
        let data: unknown = event.data;
        try {
          data = JSON.parse(String(event.data));
        } catch {
          // not JSON: pass the text on
        }
        latest.current[name]?.(data);
      },
    ]);
    for (const [name, fn] of listeners) source.addEventListener(name, fn as EventListener);
    let everOpen = false;
    source.onopen = () => {
      setConnected(true);
      if (everOpen) latest.current.open?.();
      everOpen = true;
    };
    source.onerror = () => setConnected(false);
    return () => {
      for (const [name, fn] of listeners) source.removeEventListener(name, fn as EventListener);
      source.close();
      setConnected(false);
    };
  }, [url]);

  return connected;
}
