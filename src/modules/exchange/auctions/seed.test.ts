/** The demo auctions: one running breeding-pig auction with bids, one settled; a second run adds nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { seedAuctions } from '../../../seed/auctions.ts';
import { seedExchange } from '../../../seed/exchange.ts';

const PHONES = ['13900000004', '13900000007', '13600000001', '13900000003'];

describe('demo auctions seed', () => {
  let t: TestPlatform;
  let ids: Map<string, string>;
  beforeAll(async () => {
    t = await testPlatform();
    ids = new Map();
    for (const phone of PHONES) {
      const u = await t.platform.services.identity.createUser({ phone, password: 'Haitang2026', displayName: phone, roles: ['consumer'] }, null);
      ids.set(phone, u.id);
    }
    await seedExchange(t.platform, ids);
  });
  afterAll(() => t.close());

  it('seeds a running auction ending in two hours and a settled one, once', async () => {
    expect(await seedAuctions(t.platform, ids)).toEqual({ auctions: 2, bids: 6 });
    const { auctions } = t.platform.services;
    const list = await auctions.list();
    expect(list).toHaveLength(2);
    const running = list.find((a) => a.outcome === null)!;
    const settled = list.find((a) => a.outcome !== null)!;
    const live = await auctions.get(running.id, null);
    expect(live).toMatchObject({ status: 'running', kind: 'ascending', priceFen: 370_000, bidCount: 3, reserveMet: true });
    expect(live.title).toContain('荣昌猪');
    expect(Date.parse(live.endsAt) - t.clock.now().getTime()).toBe(2 * 3600_000);
    const done = await auctions.get(settled.id, null);
    expect(done.result).toMatchObject({ outcome: 'sold', priceFen: 420_000 });
    expect(Date.parse(done.endsAt) - Date.parse(done.scheduledEndsAt)).toBe(2 * 60_000); // the last-minute bid extended it
    expect((await t.platform.services.ledger.check()).balanced).toBe(true);

    expect(await seedAuctions(t.platform, ids)).toEqual({ auctions: 0, bids: 0 });
    expect(await auctions.list()).toHaveLength(2);
  });
});
