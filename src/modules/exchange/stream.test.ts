/** The live feed: a subscriber gets the book first, then the trades as they happen. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { lot, order, testInstrument, trader } from './testkit.ts';

describe('exchange live feed (SSE)', () => {
  let t: TestPlatform;
  let base = '';
  beforeAll(async () => {
    t = await testPlatform();
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('sends the book on connect, then a trade event when two traders cross', async () => {
    const hog = await testInstrument(t);
    const seller = await trader(t);
    const buyer = await trader(t, 10_000_000);
    const sellerLot = await lot(t, seller, hog, 10);
    expect((await order(t, seller, { instrumentId: hog, side: 'sell', type: 'limit', priceFen: 1500, quantity: 3, lotId: sellerLot })).statusCode).toBe(201);

    const abort = new AbortController();
    const res = await fetch(`${base}/api/v1/exchange/stream?instrumentId=${hog}`, { signal: abort.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await until(/event: book\ndata: .*\n\n/);
    const book = JSON.parse(/event: book\ndata: (.*)\n/.exec(text)![1]!) as { asks: Array<{ priceFen: number; quantity: number }> };
    expect(book.asks[0]).toEqual({ priceFen: 1500, quantity: 3 });

    expect((await order(t, buyer, { instrumentId: hog, side: 'buy', type: 'limit', priceFen: 1500, quantity: 2 })).statusCode).toBe(201);
    await until(/event: trade\ndata: .*\n\n/);
    const trade = JSON.parse(/event: trade\ndata: (.*)\n/.exec(text)![1]!) as { priceFen: number; quantity: number };
    expect(trade).toMatchObject({ priceFen: 1500, quantity: 2 });
    abort.abort();
    await reader.cancel().catch(() => undefined);
  });
});
