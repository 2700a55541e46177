/**
 * Regressions found in review of the subsidy applications: the budget year is the Beijing
 * calendar year of payment, and evidence is refused before any file is stored.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { json, signIn, type SignedIn, type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { merchantWithShop } from '../../../test/support/marketplace.ts';

const PDF = Buffer.from('%PDF-1.4\n% test receipt\n%%EOF\n', 'latin1');

describe('subsidy review regressions', () => {
  let t: TestPlatform;
  let officer: SignedIn;

  beforeAll(async () => {
    t = await testPlatform();
    officer = await signIn(t, ['bureau_officer']);
  });
  afterAll(() => t.close());

  it('charges the Beijing calendar year: paid at 00:30 on 1 January in Beijing (16:30Z the day before) comes out of the new year', async () => {
    t.clock.set(new Date('2025-12-31T16:30:00Z'));
    const alloc = await t.app.inject({
      method: 'POST',
      url: '/api/v1/policy/budget/allocations',
      headers: officer.headers,
      payload: { year: 2026, amountFen: 10_000_000, reference: 'appropriation 2026' },
    });
    expect(alloc.statusCode).toBe(201);
    const m = await merchantWithShop(t);
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/policy/applications',
      headers: officer.headers,
      payload: {
        enterpriseId: m.enterpriseId,
        programme: 'platform-project',
        year: 2025,
        facts: { applicantKind: 'ecommerce-enterprise', projectReference: 'NEW-YEAR', ownFundsInvestmentFen: 1_000_000 },
      },
    });
    expect(filed.statusCode).toBe(201);
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/policy/applications/${json<{ id: string }>(filed).id}/decisions`,
      headers: officer.headers,
      payload: { action: 'approve' },
    });
    expect(approved.statusCode).toBe(200);
    expect(json(approved)).toMatchObject({ status: 'paid', budgetYear: 2026, amountFen: 300_000 });
    const budget = json<{ paidFen: number }>(await t.app.inject({ method: 'GET', url: '/api/v1/policy/budget?year=2026' }));
    expect(budget.paidFen).toBe(300_000);
  });

  it('stores no evidence file for someone who may not add evidence to the enterprise (a regulator)', async () => {
    const m = await merchantWithShop(t);
    const regulator = await signIn(t, ['regulator']);
    const put = vi.spyOn(t.platform.storage, 'put');
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/policy/evidence?enterpriseId=${m.enterpriseId}`,
        headers: { ...regulator.headers, 'content-type': 'application/pdf' },
        payload: PDF,
      });
      expect(res.statusCode).toBe(403);
      expect(put).not.toHaveBeenCalled();
    } finally {
      put.mockRestore();
    }
  });

  it('adds an appropriation once when the same request is retried with its Idempotency-Key', async () => {
    const allocate = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/policy/budget/allocations',
        headers: { ...officer.headers, 'idempotency-key': 'alloc-2031-first-tranche' },
        payload: { year: 2031, amountFen: 5_000_000, reference: '区财政 2031 第一批' },
      });
    const first = await allocate();
    expect(first.statusCode).toBe(201);
    const retry = await allocate();
    expect(retry.statusCode).toBe(201);
    expect(json(retry)).toEqual(json(first));
    const budget = json<{ allocatedFen: number }>(await t.app.inject({ method: 'GET', url: '/api/v1/policy/budget?year=2031' }));
    expect(budget.allocatedFen).toBe(5_000_000);
    expect((await t.platform.services.ledger.check()).balanced).toBe(true);
  });
});
