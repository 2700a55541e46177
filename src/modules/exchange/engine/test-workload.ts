/**
 * Test support (not used by the engine): a deterministic mixed command stream — orders of all
 * kinds, cancels and amends aimed at recent ids, band moves — for the journal tests.
 */
import type { Command, OrderKind, SideName, TimeInForce } from './types.ts';

/** `n` commands with seq firstSeq, firstSeq+1, …; the same arguments give the same commands. */
export function mixedCommands(n: number, seed: number, firstSeq = 1): Command[] {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const int = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const out: Command[] = [];
  let id = firstSeq * 10;
  for (let i = 0; i < n; i++) {
    const seq = firstSeq + i;
    const ts = 1_767_225_600_000 + seq * 3;
    const r = rand();
    if (r < 0.2 && id > 1) {
      out.push({ seq, type: 'cancel', ts, orderId: int(Math.max(1, id - 60), id), owner: int(1, 5) });
    } else if (r < 0.3 && id > 1) {
      out.push({ seq, type: 'amend', ts, orderId: int(Math.max(1, id - 60), id), owner: int(1, 5), price: int(92, 108), qty: int(1, 30) });
    } else if (r < 0.31) {
      const lo = int(85, 92);
      out.push({ seq, type: 'band', ts, lo, hi: lo + int(15, 25) });
    } else {
      const kind = pick<OrderKind>(['limit', 'limit', 'limit', 'market']);
      out.push({
        seq,
        type: 'new',
        ts,
        orderId: ++id,
        owner: int(1, 5),
        side: pick<SideName>(['buy', 'sell']),
        kind,
        tif: pick<TimeInForce>(['GTC', 'GTC', 'GTC', 'IOC', 'FOK']),
        price: kind === 'market' ? 0 : int(92, 108),
        qty: int(1, 30),
      });
    }
  }
  return out;
}
