import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StockGate } from './stock-gate.ts';

describe('stock gate', () => {
  it('admits at most the mirrored stock and refuses the rest without asking the database again', async () => {
    let loads = 0;
    const gate = new StockGate(async (ids) => {
      loads++;
      return new Map(ids.map((id) => [id, 3]));
    }, 60_000);
    const admitted = await Promise.all(Array.from({ length: 10 }, () => gate.admit([{ skuId: 'a', quantity: 1 }])));
    expect(admitted.filter(Boolean)).toHaveLength(3);
    expect(loads).toBe(1);
  });

  it('gives units back when a checkout fails, and keeps them when it sells', async () => {
    const gate = new StockGate(async (ids) => new Map(ids.map((id) => [id, 2])), 60_000);
    const a = await gate.admit([{ skuId: 's', quantity: 2 }]);
    expect(await gate.admit([{ skuId: 's', quantity: 1 }])).toBeNull();
    a!(false);
    const b = await gate.admit([{ skuId: 's', quantity: 1 }]);
    b!(true);
    expect(await gate.admit([{ skuId: 's', quantity: 2 }])).toBeNull();
    expect(await gate.admit([{ skuId: 's', quantity: 1 }])).not.toBeNull();
  });

  it('reloads after invalidation, counting what is still in flight', async () => {
    let stock = 5;
    const gate = new StockGate(async (ids) => new Map(ids.map((id) => [id, stock])), 60_000);
    const inFlight = await gate.admit([{ skuId: 'x', quantity: 4 }]);
    stock = 5; // the database has not seen the in-flight order yet
    gate.invalidate(['x']);
    await new Promise((r) => setTimeout(r, 0));
    expect(await gate.admit([{ skuId: 'x', quantity: 2 }])).toBeNull();
    inFlight!(true);
  });

  it('does not mirror unknown SKUs, leaving the refusal to the database', async () => {
    const gate = new StockGate(async () => new Map(), 60_000);
    expect(await gate.admit([{ skuId: 'ghost', quantity: 1 }])).not.toBeNull();
  });

  it('never admits more than the stock under any interleaving (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20 }), fc.array(fc.record({ qty: fc.integer({ min: 1, max: 4 }), sells: fc.boolean() }), { maxLength: 30 }), async (stock, buyers) => {
        const gate = new StockGate(async (ids) => new Map(ids.map((id) => [id, stock])), 60_000);
        const results = await Promise.all(buyers.map((b) => gate.admit([{ skuId: 'k', quantity: b.qty }])));
        let held = 0;
        results.forEach((finish, i) => {
          if (finish) held += buyers[i]!.qty;
        });
        expect(held).toBeLessThanOrEqual(stock);
      }),
    );
  });
});
