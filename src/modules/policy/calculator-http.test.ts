/** The calculator and the programmes over HTTP; bureau-set parameters with history in the database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { json, signIn, type SignedIn, type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { merchantWithShop, type Merchant } from '../../../test/support/marketplace.ts';

interface Problem {
  code: string;
  status: number;
  detail?: string;
  fieldErrors?: Array<{ field: string; code: string }>;
}
interface TraceStep {
  step: string;
  kind: string;
  value: number | string | boolean;
  unit: string;
  reference?: string;
}
interface Calc {
  programme: string;
  year: number;
  amountFen: number;
  eligible: boolean;
  trace: TraceStep[];
  benefitKeys: string[];
  annualQuota: { key: string; max: number } | null;
}
interface Param {
  name: string;
  bureauSet: boolean;
  history: Array<{ from: string; value: number; source: string; superseded: boolean; reference: string; setBy?: string | null }>;
  current: { value: number; from: string } | null;
}
interface Programme {
  id: string;
  clause: { ref: string; text: string };
  kind: string;
  parameters: Param[];
  facts: Array<{ name: string; type: string; unit: string | null; source: string; evidence: boolean; optional: boolean }>;
}

const flagshipFacts = {
  registeredInRongchang: true,
  traditionalEnterprise: true,
  storePlatform: 'tmall',
  storeKind: 'specialty',
  sellsRongchangProducts: true,
  storeOpenedOn: '2023-06-01',
  storeRunningNormally: true,
  storeTurnoverFen: 80_000_000, // 800,000 yuan
  storeOperatingCostFen: 7_000_000, // 70,000 yuan → 35,000
  similarAwardReceived: false,
  priorBenefits: [],
};

describe('policy calculator over HTTP', () => {
  let t: TestPlatform;
  let bureau: SignedIn;
  let consumer: SignedIn;
  let merchant: Merchant;

  beforeAll(async () => {
    t = await testPlatform();
    bureau = await signIn(t, ['bureau_officer'], '区商务局 测试科长');
    consumer = await signIn(t, ['consumer']);
    merchant = await merchantWithShop(t);
  });
  afterAll(() => t.close());

  const calc = (body: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/policy/calculate', payload: body as object, headers });
  const put = (id: string, name: string, body: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/policy/programmes/${id}/parameters/${name}`, payload: body as object, headers });

  it('lists every programme with its clause, parameters (history, current value) and the facts it needs — publicly', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/policy/programmes' });
    expect(res.statusCode).toBe(200);
    const list = json<Programme[]>(res);
    expect(list.map((p) => p.id).sort()).toEqual(
      ['brand-award', 'demonstration-base', 'demonstration-enterprise', 'flagship-store', 'loan-interest', 'new-large-firm', 'order-reward', 'outstanding-new-firm', 'park-rent', 'platform-project', 'rural-info-station', 'training', 'turnover-milestone'].sort(),
    );
    const order = list.find((p) => p.id === 'order-reward')!;
    expect(order.clause.ref).toBe('四(二)5');
    expect(order.clause.text).toContain('年交易2万单以上的给予每单2元的资金奖励');
    expect(order.kind).toBe('award');
    const cap = order.parameters.find((p) => p.name === 'annualCapFen')!;
    expect(cap).toMatchObject({ bureauSet: false, current: { value: 30_000_000, from: '2015-01-01' } });
    expect(cap.history[0]!.reference).toContain('四(二)5');
    const orders = order.facts.find((f) => f.name === 'qualifyingOrders')!;
    expect(orders).toMatchObject({ type: 'integer', unit: 'orders', source: 'platform', evidence: false, optional: false });
    const rent = list.find((p) => p.id === 'park-rent')!.facts.find((f) => f.name === 'rentPaidFen')!;
    expect(rent).toMatchObject({ type: 'fen', unit: 'fen', source: 'applicant', evidence: true });

    const one = await t.app.inject({ method: 'GET', url: '/api/v1/policy/programmes/loan-interest' });
    expect(one.statusCode).toBe(200);
    expect(json<Programme>(one).clause.ref).toBe('四(四)');
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/policy/programmes/free-money' });
    expect(missing.statusCode).toBe(404);
    expect(json<Problem>(missing).code).toBe('PROGRAMME_NOT_FOUND');
  });

  it('calculates with the trace of every step (anonymous callers too)', async () => {
    const res = await calc({ programme: 'order-reward', year: 2025, facts: { registeredInRongchang: true, qualifyingOrders: 23_456, similarAwardReceived: false, priorBenefits: [] } });
    expect(res.statusCode).toBe(200);
    const c = json<Calc>(res);
    expect(c).toMatchObject({ programme: 'order-reward', year: 2025, amountFen: 4_691_200, eligible: true, benefitKeys: ['order-reward:2025'], annualQuota: null });
    const steps = Object.fromEntries(c.trace.map((s) => [s.step, s]));
    expect(steps.qualifyingOrders).toMatchObject({ kind: 'fact', value: 23_456 });
    expect(steps.enoughOrders).toMatchObject({ kind: 'condition', value: true });
    expect(steps.annualCap).toMatchObject({ kind: 'cap', value: 4_691_200, unit: 'fen' });
    expect(steps.amount).toMatchObject({ kind: 'computed', value: 4_691_200 });

    // As signed-in people see it too, with quota keys for limited awards.
    const quota = json<Calc>(await calc({ programme: 'demonstration-enterprise', year: 2025, facts: { demonstrationLevel: 'district' } }, merchant.headers));
    expect(quota).toMatchObject({ amountFen: 2_000_000, annualQuota: { key: 'demonstration-enterprise:district:2025', max: 5 } });
  });

  it('answers 422 naming an unknown programme, missing facts and facts of the wrong type', async () => {
    const unknown = await calc({ programme: 'free-money', year: 2025, facts: {} });
    expect(unknown.statusCode).toBe(422);
    expect(json<Problem>(unknown).code).toBe('UNKNOWN_PROGRAMME');
    expect(json<Problem>(unknown).detail).toContain('free-money');
    expect(json<Problem>(unknown).fieldErrors).toEqual([expect.objectContaining({ field: '/programme' })]);

    const missing = await calc({ programme: 'park-rent', year: 2025, facts: { registeredInRongchang: true, parkTenant: true, parkTenancyYear: 2 } });
    expect(missing.statusCode).toBe(422);
    const m = json<Problem>(missing);
    expect(m.code).toBe('MISSING_FACT');
    expect(m.fieldErrors!.map((f) => f.field).sort()).toEqual(['/facts/broadbandPaidFen', '/facts/rentPaidFen']);
    expect(m.detail).toContain('rentPaidFen');

    const wrong = await calc({ programme: 'order-reward', year: 2025, facts: { registeredInRongchang: 'yes', qualifyingOrders: 20_000 } });
    expect(wrong.statusCode).toBe(422);
    expect(json<Problem>(wrong)).toMatchObject({ code: 'INVALID_FACT', fieldErrors: [{ field: '/facts/registeredInRongchang', code: 'INVALID_FACT' }] });

    const typo = await calc({ programme: 'order-reward', year: 2025, facts: { registeredInRongchang: true, qualifyingOrders: 20_000, qualifyingOrdes: 1 } });
    expect(json<Problem>(typo)).toMatchObject({ code: 'INVALID_FACT', fieldErrors: [{ field: '/facts/qualifyingOrdes', code: 'UNKNOWN_FACT' }] });

    const year = await calc({ programme: 'order-reward', year: 1999, facts: { registeredInRongchang: true, qualifyingOrders: 20_000 } });
    expect(year.statusCode).toBe(422);
    expect(json<Problem>(year).code).toBe('INVALID_YEAR');
  });

  it('lets only the bureau set a parameter: 401 anonymous, 403 consumer and merchant', async () => {
    const body = { effectiveFrom: '2026-01-01', value: 100_000_000, reference: '试图修改' };
    expect((await put('flagship-store', 'minTurnoverFen', body)).statusCode).toBe(401);
    const asConsumer = await put('flagship-store', 'minTurnoverFen', body, consumer.headers);
    expect(asConsumer.statusCode).toBe(403);
    expect(json<Problem>(asConsumer).code).toBe('FORBIDDEN');
    expect((await put('flagship-store', 'minTurnoverFen', body, merchant.headers)).statusCode).toBe(403);
    const rows = await sql<{ n: number }>`select count(*)::int as n from policy_parameter_values`.execute(t.platform.database.db);
    expect(rows.rows[0]!.n).toBe(0);
  });

  it('a parameter change applies to the years from its date, not before; history and audit are kept', async () => {
    const before2026 = json<Calc>(await calc({ programme: 'flagship-store', year: 2026, facts: flagshipFacts }));
    expect(before2026).toMatchObject({ eligible: true, amountFen: 3_500_000 });

    const res = await put('flagship-store', 'minTurnoverFen', { effectiveFrom: '2026-01-01', value: 100_000_000, reference: '区商务局 2025 年第 12 次局务会' }, bureau.headers);
    expect(res.statusCode).toBe(200);
    const param = json<Param>(res);
    expect(param.history.map((h) => [h.from, h.value, h.source])).toEqual([
      ['2015-01-01', 50_000_000, 'code'],
      ['2026-01-01', 100_000_000, 'bureau'],
    ]);
    expect(param.history[1]!.setBy).toBe(bureau.userId);

    // 2026 now needs 1,000,000 yuan; 2025 keeps 500,000.
    const y2026 = json<Calc>(await calc({ programme: 'flagship-store', year: 2026, facts: flagshipFacts }));
    expect(y2026).toMatchObject({ eligible: false, amountFen: 0 });
    const threshold = y2026.trace.find((s) => s.step === 'param.minTurnoverFen')!;
    expect(threshold.value).toBe(100_000_000);
    expect(threshold.reference).toContain('第 12 次局务会');
    const y2025 = json<Calc>(await calc({ programme: 'flagship-store', year: 2025, facts: flagshipFacts }));
    expect(y2025).toMatchObject({ eligible: true, amountFen: 3_500_000 });

    // A correction for the same date wins; the first row stays in the history, superseded.
    const again = await put('flagship-store', 'minTurnoverFen', { effectiveFrom: '2026-01-01', value: 70_000_000, reference: '更正：70 万元' }, bureau.headers);
    expect(again.statusCode).toBe(200);
    const corrected = json<Param>(again);
    expect(corrected.history.map((h) => [h.value, h.superseded])).toEqual([
      [50_000_000, false],
      [100_000_000, true],
      [70_000_000, false],
    ]);
    expect(json<Calc>(await calc({ programme: 'flagship-store', year: 2026, facts: flagshipFacts })).amountFen).toBe(3_500_000);

    const listed = json<Programme>(await t.app.inject({ method: 'GET', url: '/api/v1/policy/programmes/flagship-store' }));
    expect(listed.parameters.find((p) => p.name === 'minTurnoverFen')!.history).toHaveLength(3);

    const audit = await t.platform.services.audit.history(t.platform.database.db, 'policy_parameter', 'flagship-store.minTurnoverFen');
    expect(audit.map((a) => [a.action, a.actorId, (a.after as { value: number }).value, (a.before as { value: number }).value])).toEqual([
      ['policy.parameter.set', bureau.userId, 100_000_000, 50_000_000],
      ['policy.parameter.set', bureau.userId, 70_000_000, 100_000_000],
    ]);

    // The table is append-only.
    await expect(sql`update policy_parameter_values set value = '1'`.execute(t.platform.database.db)).rejects.toThrow(/append-only/);
  });

  it('refuses figures fixed by the source, unknown parameters and values out of range', async () => {
    const fixed = await put('order-reward', 'annualCapFen', { effectiveFrom: '2026-01-01', value: 1, reference: 'x' }, bureau.headers);
    expect(fixed.statusCode).toBe(422);
    expect(json<Problem>(fixed).code).toBe('PARAMETER_NOT_BUREAU_SET');

    const unknownParam = await put('order-reward', 'bonusFen', { effectiveFrom: '2026-01-01', value: 1, reference: 'x' }, bureau.headers);
    expect(unknownParam.statusCode).toBe(404);
    expect(json<Problem>(unknownParam).code).toBe('PARAMETER_NOT_FOUND');
    const unknownProgramme = await put('free-money', 'x', { effectiveFrom: '2026-01-01', value: 1, reference: 'x' }, bureau.headers);
    expect(json<Problem>(unknownProgramme).code).toBe('PROGRAMME_NOT_FOUND');

    const tooHigh = await put('training', 'costShareBp', { effectiveFrom: '2026-01-01', value: 10_001, reference: '超过 100%' }, bureau.headers);
    expect(tooHigh.statusCode).toBe(422);
    expect(json<Problem>(tooHigh)).toMatchObject({ code: 'INVALID_PARAMETER_VALUE', fieldErrors: [{ field: '/value' }] });
    const tooEarly = await put('training', 'costShareBp', { effectiveFrom: '2010-01-01', value: 6_000, reference: '政策前' }, bureau.headers);
    expect(json<Problem>(tooEarly)).toMatchObject({ code: 'INVALID_PARAMETER_VALUE', fieldErrors: [{ field: '/effectiveFrom' }] });
    const notADate = await put('training', 'costShareBp', { effectiveFrom: '2026-02-30', value: 6_000, reference: 'x' }, bureau.headers);
    expect(notADate.statusCode).toBe(422);
    const blank = await put('training', 'costShareBp', { effectiveFrom: '2026-01-01', value: 6_000, reference: '   ' }, bureau.headers);
    expect(json<Problem>(blank)).toMatchObject({ code: 'INVALID_PARAMETER_VALUE', fieldErrors: [{ field: '/reference' }] });

    const training = json<Programme>(await t.app.inject({ method: 'GET', url: '/api/v1/policy/programmes/training' }));
    expect(training.parameters.find((p) => p.name === 'costShareBp')!.history).toHaveLength(1);
  });
});
