import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCode } from '../kernel/codes/index.ts';
import { testPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { beijingYear } from '../modules/stats/index.ts';
import { DEMO_ENTERPRISES, DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo.ts';
import { DEMO_SHOPS, demoProducts } from './catalog.ts';

describe('demo seed', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await testPlatform();
  });
  afterAll(() => t.close());

  it('uses only valid codes', () => {
    for (const e of DEMO_ENTERPRISES) {
      expect(validateCode('uscc', e.input.uscc).valid, e.input.name).toBe(true);
      if (e.input.legalRepresentativeIdNumber) expect(validateCode('resident_id', e.input.legalRepresentativeIdNumber).valid).toBe(true);
    }
  });

  it('creates the demo people, enterprises and stations once, and a second run changes nothing', async () => {
    const first = await seedDemo(t.platform);
    const products = DEMO_SHOPS.reduce((n, s) => n + demoProducts(s).length, 0);
    expect(products).toBeGreaterThanOrEqual(180);
    expect(first).toEqual({
      usersCreated: DEMO_USERS.length,
      enterprisesCreated: DEMO_ENTERPRISES.length,
      servicePointsCreated: 5,
      shopsCreated: DEMO_SHOPS.length,
      productsCreated: products,
      historyOrders: 42_500,
    });
    const second = await seedDemo(t.platform);
    expect(second).toEqual({ usersCreated: 0, enterprisesCreated: 0, servicePointsCreated: 0, shopsCreated: 0, productsCreated: 0, historyOrders: 0 });
  }, 180_000); // loads ~42,500 historical orders, the exchange and the auctions

  it("gives the bureau a budget, a paid award and a waiting application, and the pottery firm an order reward to discover", async () => {
    const { subsidyBudget, subsidyApplications, subsidyEligibility, registry, identity } = t.platform.services;
    const bureau = await identity.actorOf((await identity.findUserByPhone('13800000002'))!.id);
    const budget = await subsidyBudget.status(beijingYear(t.clock.now()));
    expect(budget.allocatedFen).toBe(1_000_000_000n);
    const page = await subsidyApplications.list(bureau, {});
    expect(page.items.map((a) => [a.programme, a.status]).sort()).toEqual([
      ['park-rent', 'paid'],
      ['park-rent', 'submitted'],
    ]);
    const paid = page.items.find((a) => a.status === 'paid')!;
    expect(paid.amountFen).toBe(3_840_000n); // (36,000 + 2,400) yuan at 100 % in tenancy year 3
    expect(budget.paidFen).toBe(paid.amountFen);
    const pottery = (await registry.findIdByUscc(DEMO_ENTERPRISES[0]!.input.uscc))!;
    const entitlements = await subsidyEligibility.entitlements(bureau, pottery, 2025);
    const reward = entitlements.items.find((i) => i.programme === 'order-reward')!;
    expect(reward.eligible).toBe(true);
    expect(Number(entitlements.platformFacts.qualifyingOrders)).toBeGreaterThanOrEqual(20_000);
    expect(reward.amountFen).toBe(BigInt(entitlements.platformFacts.qualifyingOrders as number) * 200n);
  });

  it('lets every demo account sign in, with the roles the README lists', async () => {
    const roles: Record<string, string[]> = {};
    for (const u of DEMO_USERS) {
      const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: u.phone, password: DEMO_PASSWORD } });
      expect(login.statusCode, u.phone).toBe(200);
      const cookie = login.cookies.find((c) => c.name === 'haitang_sid')!;
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `haitang_sid=${cookie.value}` } });
      roles[u.phone] = (JSON.parse(me.body) as { roles: string[] }).roles;
    }
    expect(roles['13800000001']).toContain('admin');
    expect(roles['13800000002']).toContain('bureau_officer');
    expect(roles['13800000004']).toContain('regulator');
    expect(roles['13900000001']).toContain('merchant');
    expect(roles['13700000001']).toContain('station_operator');
    expect(roles['13500000001']).toContain('logistics_operator');
    expect(roles['13600000001']).toEqual(['consumer']);
  });

  it('puts products in every pavilion, searchable in Chinese', async () => {
    const pavilions = await t.platform.services.catalog.pavilions();
    for (const p of pavilions) {
      const r = await t.platform.services.catalog.search({ pavilion: p.code, limit: 1 });
      expect(r.items.length, p.code).toBe(1);
    }
    const xiabu = await t.platform.services.catalog.search({ q: '夏布', limit: 50 });
    expect(xiabu.items.length).toBeGreaterThan(10);
    expect(xiabu.items.every((i) => /夏布/.test(i.title) || /夏布/.test(i.subtitle))).toBe(true);
  });

  it('leaves one sole trader pending for the verification queue and the rest verified', async () => {
    const bureau = await t.platform.services.identity.actorOf((await t.platform.services.identity.findUserByPhone('13800000002'))!.id);
    const pending = await t.platform.services.registry.list(bureau, { status: 'pending' });
    expect(pending.items.map((e) => e.kind)).toEqual(['sole_trader']);
    const verified = await t.platform.services.registry.list(bureau, { status: 'verified' });
    expect(verified.items).toHaveLength(DEMO_ENTERPRISES.length - 1);
  });
});
