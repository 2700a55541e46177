/**
 * Subsidy applications end to end over HTTP: platform facts → entitlement with trace → apply →
 * approve → second officer → paid from the budget in the ledger; and the rules that must not
 * break: the budget is never overspent, a benefit is never paid twice, roles see only their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrderHistory } from '../../seed/history.ts';
import { json, signIn, type SignedIn, type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { listedProduct, merchantWithShop, type Merchant } from '../../../test/support/marketplace.ts';

type App = {
  id: string;
  status: string;
  amountFen: number;
  needsConfirmation: boolean;
  trace: Array<{ step: string }>;
  benefitKeys: string[];
};
type Budget = { allocatedFen: number; paidFen: number; reservedFen: number; remainingFen: number };

const PDF = Buffer.from('%PDF-1.4\n% test receipt\n%%EOF\n', 'latin1');

async function post(t: TestPlatform, who: SignedIn, url: string, payload: unknown) {
  return t.app.inject({ method: 'POST', url, payload: payload as object, headers: who.headers });
}
async function get(t: TestPlatform, who: SignedIn | null, url: string) {
  return t.app.inject({ method: 'GET', url, ...(who ? { headers: who.headers } : {}) });
}
async function budget(t: TestPlatform, year: number): Promise<Budget> {
  return json<Budget>(await get(t, null, `/api/v1/policy/budget?year=${year}`));
}
async function allocate(t: TestPlatform, bureau: SignedIn, year: number, amountFen: number) {
  const res = await post(t, bureau, '/api/v1/policy/budget/allocations', { year, amountFen, reference: 'test appropriation' });
  expect(res.statusCode).toBe(201);
}
function decide(t: TestPlatform, who: SignedIn, id: string, body: object) {
  return post(t, who, `/api/v1/policy/applications/${id}/decisions`, body);
}
/** A platform-project application filed by the bureau (it may enter every non-platform fact). */
function projectApplication(t: TestPlatform, bureau: SignedIn, enterpriseId: string, year: number, reference: string, investmentYuan: number) {
  return post(t, bureau, '/api/v1/policy/applications', {
    enterpriseId,
    programme: 'platform-project',
    year,
    facts: { applicantKind: 'ecommerce-enterprise', projectReference: reference, ownFundsInvestmentFen: investmentYuan * 100 },
  });
}

describe.sequential('subsidy applications: order reward from platform data, two officers, budget in the ledger', () => {
  let t: TestPlatform;
  let officer1: SignedIn;
  let officer2: SignedIn;
  let seller: Merchant;
  let stranger: Merchant;

  beforeAll(async () => {
    t = await testPlatform();
    t.clock.set(new Date('2026-03-02T02:00:00Z'));
    officer1 = await signIn(t, ['bureau_officer'], '审核员甲');
    officer2 = await signIn(t, ['bureau_officer'], '审核员乙');
    seller = await merchantWithShop(t);
    stranger = await merchantWithShop(t);
    await listedProduct(t, seller); // ramie cloth with the 荣昌夏布 GI mark: qualifying
    await generateOrderHistory(t.platform.database.db, {
      shops: [{ shopId: seller.shopId }],
      fromMonth: '2025-01',
      toMonth: '2025-12',
      orders: 20_500,
      seed: 7,
      stats: t.platform.services.stats,
    });
    await allocate(t, officer1, 2026, 10_000_000_00);
  }, 120_000);
  afterAll(() => t.close());

  let applicationId = '';

  it("shows the enterprise its order reward with the trace, computed from the platform's orders", async () => {
    const res = await get(t, seller, `/api/v1/policy/entitlements?enterpriseId=${seller.enterpriseId}&year=2025`);
    expect(res.statusCode).toBe(200);
    const body = json<{ platformFacts: { qualifyingOrders: number }; items: Array<{ programme: string; computable: boolean; amountFen: number | null; trace: Array<{ step: string; value: unknown }> | null; missingFacts: unknown[] }> }>(res);
    expect(body.platformFacts.qualifyingOrders).toBe(20_500);
    const reward = body.items.find((i) => i.programme === 'order-reward')!;
    expect(reward.computable).toBe(true);
    expect(reward.amountFen).toBe(20_500 * 200);
    expect(reward.trace!.map((s) => s.step)).toContain('qualifyingOrders');
    const rent = body.items.find((i) => i.programme === 'park-rent')!;
    expect(rent.computable).toBe(false);
    expect(rent.missingFacts.length).toBeGreaterThan(0);
  });

  it('applies, reserves the budget on the first approval, and pays on a different officer’s confirmation', async () => {
    const applied = await post(t, seller, '/api/v1/policy/applications', { enterpriseId: seller.enterpriseId, programme: 'order-reward', year: 2025, facts: {} });
    expect(applied.statusCode).toBe(201);
    const app = json<App>(applied);
    applicationId = app.id;
    expect(app).toMatchObject({ status: 'submitted', amountFen: 4_100_000, needsConfirmation: true, benefitKeys: ['order-reward:2025'] });

    const again = await post(t, seller, '/api/v1/policy/applications', { enterpriseId: seller.enterpriseId, programme: 'order-reward', year: 2025, facts: {} });
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('APPLICATION_OPEN');

    const approved = await decide(t, officer1, app.id, { action: 'approve' });
    expect(approved.statusCode).toBe(200);
    expect(json<App>(approved).status).toBe('awaiting_confirmation');
    expect(await budget(t, 2026)).toMatchObject({ paidFen: 0, reservedFen: 4_100_000, remainingFen: 10_000_000_00 - 4_100_000 });

    const selfConfirm = await decide(t, officer1, app.id, { action: 'confirm' });
    expect(selfConfirm.statusCode).toBe(409);
    expect(json(selfConfirm).code).toBe('SAME_OFFICER');

    const confirmed = await decide(t, officer2, app.id, { action: 'confirm' });
    expect(confirmed.statusCode).toBe(200);
    expect(json<App>(confirmed).status).toBe('paid');
    expect(await budget(t, 2026)).toMatchObject({ paidFen: 4_100_000, reservedFen: 0, remainingFen: 10_000_000_00 - 4_100_000 });

    const payable = await t.platform.services.ledger.balance(`subsidy_payable:${seller.enterpriseId}`);
    expect(payable.creditsPosted).toBe(4_100_000n);
    const check = await t.platform.services.ledger.check();
    expect(check.balanced).toBe(true);
  });

  it('does not pay the same benefit twice: the enterprise is no longer eligible, and the trace says why', async () => {
    const res = await post(t, seller, '/api/v1/policy/applications', { enterpriseId: seller.enterpriseId, programme: 'order-reward', year: 2025, facts: {} });
    expect(res.statusCode).toBe(409);
    expect(json(res).code).toBe('DOUBLE_BENEFIT');
    const trace = json<{ trace: Array<{ step: string; kind: string }> }>(res).trace;
    expect(trace).toContainEqual(expect.objectContaining({ step: 'priorBenefitExclusion', kind: 'exclusion' }));
  });

  it('lists the award on the public notice and in its .xlsx', async () => {
    const notice = json<Array<{ applicationNo: string; amountFen: number; programme: string }>>(await get(t, null, '/api/v1/policy/notice?year=2026'));
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatchObject({ programme: 'order-reward', amountFen: 4_100_000 });
    const xlsx = await get(t, null, '/api/v1/policy/notice.xlsx?year=2026');
    expect(xlsx.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(3).getCell(2).value).toBe(notice[0]!.applicationNo);
    expect(sheet.getRow(3).getCell(8).value).toBe(41_000);
  });

  it('keeps every role to its own: other merchants, consumers and conflicted officers are refused', async () => {
    const consumer = await signIn(t, ['consumer']);
    // Another merchant can neither read, nor apply for, nor compute this enterprise's subsidies.
    expect((await get(t, stranger, `/api/v1/policy/applications/${applicationId}`)).statusCode).toBe(404);
    expect(json<{ items: unknown[] }>(await get(t, stranger, `/api/v1/policy/applications?enterpriseId=${seller.enterpriseId}`)).items).toEqual([]);
    expect((await get(t, stranger, `/api/v1/policy/entitlements?enterpriseId=${seller.enterpriseId}&year=2025`)).statusCode).toBe(403);
    const foreign = await post(t, stranger, '/api/v1/policy/applications', { enterpriseId: seller.enterpriseId, programme: 'order-reward', year: 2024, facts: {} });
    expect(foreign.statusCode).toBe(403);
    // Merchants and consumers do not decide or allocate.
    expect((await decide(t, seller, applicationId, { action: 'reject', reason: '自己驳回自己' })).statusCode).toBe(403);
    expect((await post(t, consumer, '/api/v1/policy/budget/allocations', { year: 2026, amountFen: 100, reference: 'x' })).statusCode).toBe(403);
    expect((await post(t, consumer, '/api/v1/policy/eligibility-runs', { year: 2025 })).statusCode).toBe(403);
    // The merchant sees its own.
    const own = json<{ items: Array<{ id: string }> }>(await get(t, seller, '/api/v1/policy/applications'));
    expect(own.items.map((i) => i.id)).toEqual([applicationId]);

    // An officer who belongs to the enterprise may not review its application.
    const conflicted = await signIn(t, ['bureau_officer'], '兼职审核员');
    const { identity } = t.platform.services;
    await identity.addMembership(t.platform.database.db, conflicted.userId, { role: 'merchant', scopeType: 'enterprise', scopeId: stranger.enterpriseId }, await identity.actorOf(officer1.userId));
    const filed = await projectApplication(t, officer1, stranger.enterpriseId, 2025, 'P-CONFLICT', 10_000);
    expect(filed.statusCode).toBe(201);
    const res = await decide(t, conflicted, json<App>(filed).id, { action: 'approve' });
    expect(res.statusCode).toBe(403);
    expect(json(res).code).toBe('OFFICER_CONFLICT');
  });

  it('refuses facts the applicant may not enter, and asks for evidence', async () => {
    const platformFact = await post(t, seller, '/api/v1/policy/applications', {
      enterpriseId: seller.enterpriseId,
      programme: 'order-reward',
      year: 2024,
      facts: { qualifyingOrders: 999_999 },
    });
    expect(platformFact.statusCode).toBe(422);
    expect(json(platformFact).code).toBe('FACT_FROM_PLATFORM');

    const noProof = await post(t, seller, '/api/v1/policy/applications', {
      enterpriseId: seller.enterpriseId,
      programme: 'platform-project',
      year: 2025,
      facts: { projectReference: 'P-1', ownFundsInvestmentFen: 1_000_000 },
    });
    expect(noProof.statusCode).toBe(422);
    expect(json(noProof).code).toBe('EVIDENCE_MISSING');

    const notPdf = await t.app.inject({
      method: 'POST',
      url: `/api/v1/policy/evidence?enterpriseId=${seller.enterpriseId}`,
      headers: { ...seller.headers, 'content-type': 'application/pdf' },
      payload: Buffer.from('MZ not a pdf'),
    });
    expect(notPdf.statusCode).toBe(415);

    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/v1/policy/evidence?enterpriseId=${seller.enterpriseId}&fileName=invest.pdf`,
      headers: { ...seller.headers, 'content-type': 'application/pdf' },
      payload: PDF,
    });
    expect(upload.statusCode).toBe(201);
    const evidenceId = json<{ id: string }>(upload).id;
    expect((await get(t, stranger, `/api/v1/policy/evidence/${evidenceId}`)).statusCode).toBe(404);
    expect((await get(t, officer1, `/api/v1/policy/evidence/${evidenceId}`)).rawPayload.equals(PDF)).toBe(true);

    // With proof, the application is accepted; its amount waits for the bureau's fact (applicant kind).
    const applied = await post(t, seller, '/api/v1/policy/applications', {
      enterpriseId: seller.enterpriseId,
      programme: 'platform-project',
      year: 2025,
      facts: { projectReference: 'P-1', ownFundsInvestmentFen: 1_000_000 },
      evidence: [{ fact: 'ownFundsInvestmentFen', evidenceId }],
    });
    expect(applied.statusCode).toBe(201);
    const app = json<App>(applied);
    expect(app.trace[0]!.step).toBe('awaitingBureauFacts');
    const approved = await decide(t, officer1, app.id, { action: 'approve', facts: { applicantKind: 'ecommerce-enterprise' } });
    expect(approved.statusCode).toBe(200);
    expect(json<App>(approved)).toMatchObject({ status: 'paid', amountFen: 300_000 });
  });

  it('finds eligible enterprises in the eligibility run and files each once', async () => {
    const other = await merchantWithShop(t);
    await listedProduct(t, other);
    await generateOrderHistory(t.platform.database.db, { shops: [{ shopId: other.shopId }], fromMonth: '2024-01', toMonth: '2024-12', orders: 20_000, seed: 11, stats: t.platform.services.stats });
    const run = await post(t, officer1, '/api/v1/policy/eligibility-runs', { year: 2024, file: true });
    expect(run.statusCode).toBe(200);
    const body = json<{ eligible: Array<{ enterpriseId: string; programme: string; amountFen: number }>; applicationsFiled: number }>(run);
    expect(body.eligible).toContainEqual(expect.objectContaining({ enterpriseId: other.enterpriseId, programme: 'order-reward', amountFen: 4_000_000 }));
    expect(body.applicationsFiled).toBeGreaterThanOrEqual(1);
    const second = json<{ applicationsFiled: number }>(await post(t, officer1, '/api/v1/policy/eligibility-runs', { year: 2024, file: true }));
    expect(second.applicationsFiled).toBe(0);
  });
});

describe('the budget and the no-double-benefit rule under concurrency', () => {
  let t: TestPlatform;
  let officer: SignedIn;
  let officer2: SignedIn;

  beforeAll(async () => {
    t = await testPlatform();
    t.clock.set(new Date('2027-04-01T02:00:00Z'));
    officer = await signIn(t, ['bureau_officer']);
    officer2 = await signIn(t, ['bureau_officer']);
  });
  afterAll(() => t.close());

  it('never overspends: of five concurrent 15,000-yuan approvals on a 40,000-yuan budget, exactly two pay', async () => {
    await allocate(t, officer, 2027, 4_000_000);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const m = await merchantWithShop(t);
      const res = await projectApplication(t, officer, m.enterpriseId, 2026, `P-${i}`, 50_000);
      expect(res.statusCode).toBe(201);
      ids.push(json<App>(res).id);
    }
    const results = await Promise.all(ids.map((id) => decide(t, officer, id, { action: 'approve' })));
    const codes = results.map((r) => (r.statusCode === 200 ? 'paid' : json(r).code));
    expect(codes.filter((c) => c === 'paid')).toHaveLength(2);
    expect(codes.filter((c) => c === 'BUDGET_EXCEEDED')).toHaveLength(3);
    expect(await budget(t, 2027)).toMatchObject({ allocatedFen: 4_000_000, paidFen: 3_000_000, remainingFen: 1_000_000 });
    // The refused ones are untouched and can be decided later.
    const refused = ids.filter((_, i) => results[i]!.statusCode !== 200);
    const still = json<App>(await get(t, officer, `/api/v1/policy/applications/${refused[0]}`));
    expect(still.status).toBe('submitted');
    expect((await t.platform.services.ledger.check()).balanced).toBe(true);
  });

  it('pays a benefit once even when two applications for it are approved at the same time', async () => {
    await allocate(t, officer, 2027, 10_000_000);
    const m = await merchantWithShop(t);
    // The same project claimed for two years: its benefit key is the project, not the year.
    const a = json<App>(await projectApplication(t, officer, m.enterpriseId, 2025, 'SAME-PROJECT', 20_000));
    const b = json<App>(await projectApplication(t, officer, m.enterpriseId, 2026, 'SAME-PROJECT', 20_000));
    const [ra, rb] = await Promise.all([decide(t, officer, a.id, { action: 'approve' }), decide(t, officer2, b.id, { action: 'approve' })]);
    const outcomes = [ra, rb].map((r) => (r.statusCode === 200 ? json<App>(r).status : json(r).code)).sort();
    expect(outcomes).toEqual(['DOUBLE_BENEFIT', 'paid']);
  });

  it('releases the reservation and the benefit when the second officer rejects', async () => {
    const m = await merchantWithShop(t);
    const filed = json<App>(await projectApplication(t, officer, m.enterpriseId, 2026, 'BIG', 200_000)); // 60,000 yuan
    const before = await budget(t, 2027);
    const approved = json<App>(await decide(t, officer, filed.id, { action: 'approve' }));
    expect(approved.status).toBe('awaiting_confirmation');
    expect((await budget(t, 2027)).reservedFen).toBe(before.reservedFen + 6_000_000);
    const rejected = await decide(t, officer2, filed.id, { action: 'reject', reason: '投入凭证与审计报告不符' });
    expect(json<App>(rejected).status).toBe('rejected');
    expect(await budget(t, 2027)).toEqual(before);
    // The benefit is free again: a corrected application can be paid.
    const refiled = json<App>(await projectApplication(t, officer, m.enterpriseId, 2026, 'BIG', 100_000));
    expect(json<App>(await decide(t, officer, refiled.id, { action: 'approve' })).status).toBe('awaiting_confirmation');
    expect((await t.platform.services.ledger.check()).balanced).toBe(true);
  });
});
