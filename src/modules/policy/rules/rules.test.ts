/** Runs every programme's declarative cases, and checks the engine's contract. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../kernel/errors.ts';
import { CASES } from './cases/index.ts';
import { calculate, getProgramme, listProgrammes, PROGRAMME_IDS } from './index.ts';

const REQUIRED_IDS = [
  'park-rent',
  'platform-project',
  'flagship-store',
  'outstanding-new-firm',
  'brand-award',
  'order-reward',
  'turnover-milestone',
  'demonstration-enterprise',
  'new-large-firm',
  'rural-info-station',
  'training',
  'loan-interest',
  'demonstration-base',
];

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

describe('declarative cases', () => {
  it('exist for every programme, and only for programmes', () => {
    expect(Object.keys(CASES).sort()).toEqual([...PROGRAMME_IDS].sort());
    expect([...PROGRAMME_IDS].sort()).toEqual([...REQUIRED_IDS].sort());
    for (const id of PROGRAMME_IDS) expect(CASES[id]!.length, id).toBeGreaterThanOrEqual(4);
  });

  for (const [id, cases] of Object.entries(CASES)) {
    describe(id, () => {
      for (const c of cases) {
        it(c.name, () => {
          const { expect: want } = c;
          if ('error' in want) {
            const e = thrown(() => calculate(id, c.year, c.facts, c.params));
            expect(e.code).toBe(want.error);
            expect(e.status).toBe(422);
            if (want.fields) {
              expect(e.fieldErrors.map((f) => f.field).sort()).toEqual(expect.arrayContaining(want.fields.map((f) => `/facts/${f}`).sort()));
              expect((e.extra?.fields as string[] | undefined)?.slice().sort()).toEqual([...want.fields].sort());
            }
            return;
          }
          const result = calculate(id, c.year, c.facts, c.params);
          expect({ amountFen: result.amountFen, eligible: result.eligible }).toEqual({ amountFen: BigInt(want.amountFen), eligible: want.eligible });
          const steps = result.trace.map((s) => s.step);
          for (const step of want.trace ?? []) expect(steps, `trace of ${c.name}`).toContain(step);
          if (want.benefitKeys) expect(result.benefitKeys).toEqual(want.benefitKeys);
          if (want.annualQuota !== undefined) expect(result.annualQuota ?? null).toEqual(want.annualQuota);
          // Invariants of every result.
          expect(result.trace.at(-1)).toMatchObject({ step: 'amount', value: Number(result.amountFen), unit: 'fen' });
          if (!result.eligible) expect(result.benefitKeys).toEqual([]);
          else expect(result.benefitKeys.length).toBeGreaterThan(0);
        });
      }
    });
  }
});

describe('engine', () => {
  it('refuses an unknown programme, naming it', () => {
    const e = thrown(() => calculate('free-money', 2025, {}));
    expect(e.code).toBe('UNKNOWN_PROGRAMME');
    expect(e.detail).toContain('free-money');
  });

  it('names every missing fact at once', () => {
    const e = thrown(() => calculate('park-rent', 2025, {}));
    expect(e.code).toBe('MISSING_FACT');
    expect((e.extra?.fields as string[]).sort()).toEqual(
      ['registeredInRongchang', 'parkTenant', 'parkTenancyYear', 'rentPaidFen', 'broadbandPaidFen'].sort(),
    );
  });

  it('reports a wrong type together with what is missing', () => {
    const e = thrown(() => calculate('order-reward', 2025, { qualifyingOrders: 'many' }));
    expect(e.code).toBe('INVALID_FACT');
    const byField = Object.fromEntries(e.fieldErrors.map((f) => [f.field, f.code]));
    expect(byField).toEqual({ '/facts/qualifyingOrders': 'INVALID_FACT', '/facts/registeredInRongchang': 'MISSING_FACT' });
  });

  it('refuses facts that are not an object', () => {
    expect(thrown(() => calculate('order-reward', 2025, [] as unknown as Record<string, unknown>)).code).toBe('INVALID_FACT');
  });

  it('treats null as absent', () => {
    const e = thrown(() => calculate('order-reward', 2025, { registeredInRongchang: true, qualifyingOrders: null, similarAwardReceived: null }));
    expect(e.extra?.fields).toEqual(['qualifyingOrders']);
    expect(e.code).toBe('MISSING_FACT');
  });

  it('accepts fen as numbers, bigints or digit strings alike', () => {
    const facts = { similarAwardReceived: false, applicantKind: 'trade-association', projectReference: 'X' };
    const a = calculate('platform-project', 2025, { ...facts, ownFundsInvestmentFen: 1_000_000 });
    const b = calculate('platform-project', 2025, { ...facts, ownFundsInvestmentFen: 1_000_000n });
    const c = calculate('platform-project', 2025, { ...facts, ownFundsInvestmentFen: '1000000' });
    expect([a.amountFen, b.amountFen, c.amountFen]).toEqual([300_000n, 300_000n, 300_000n]);
  });

  it('traces facts, parameters with their reference and date, conditions and caps', () => {
    const r = calculate('order-reward', 2025, { registeredInRongchang: true, qualifyingOrders: 200_000, similarAwardReceived: false, priorBenefits: [] });
    const by = Object.fromEntries(r.trace.map((s) => [s.step, s]));
    expect(by.qualifyingOrders).toMatchObject({ kind: 'fact', value: 200_000, unit: 'orders' });
    expect(by['param.minOrders']).toMatchObject({ kind: 'parameter', value: 20_000 });
    expect(by['param.minOrders']!.reference).toContain('四(二)5');
    expect(by['param.minOrders']!.reference).toContain('2015-01-01');
    expect(by.enoughOrders).toMatchObject({ kind: 'condition', value: true });
    expect(by.rewardBeforeCap).toMatchObject({ kind: 'computed', value: 40_000_000, unit: 'fen' });
    expect(by.annualCap).toMatchObject({ kind: 'cap', value: 30_000_000 });
    expect(by.annualCap!.note!.zh).toContain('300,000.00');
    expect(by.similarAwardReceived).toMatchObject({ kind: 'fact', value: false });
    for (const s of r.trace) {
      expect(s.label.zh.length).toBeGreaterThan(0);
      expect(s.label.en.length).toBeGreaterThan(0);
    }
  });

  it('resolves parameters as of 1 January of the year; at equal dates the later version wins', () => {
    const facts = { similarAwardReceived: false, designatedOperator: true };
    const params = {
      'demonstration-base': {
        annualGrantFen: [
          { from: '2025-07-01', value: 1, reference: 'mid-year' },
          { from: '2026-01-01', value: 2, reference: 'first' },
          { from: '2026-01-01', value: 3, reference: 'corrected' },
        ],
      },
    };
    expect(calculate('demonstration-base', 2025, facts, params).amountFen).toBe(50_000_000n);
    expect(calculate('demonstration-base', 2026, facts, params).amountFen).toBe(3n);
    const info = getProgramme('demonstration-base', params, '2026-03-01')!;
    const grant = info.parameters.find((p) => p.name === 'annualGrantFen')!;
    expect(grant.history.map((h) => [h.from, h.value, h.source, h.superseded])).toEqual([
      ['2015-01-01', 50_000_000, 'code', false],
      ['2025-07-01', 1, 'bureau', false],
      ['2026-01-01', 2, 'bureau', true],
      ['2026-01-01', 3, 'bureau', false],
    ]);
    expect(grant.current).toMatchObject({ value: 3, from: '2026-01-01' });
    expect(getProgramme('demonstration-base', params, '2025-08-01')!.parameters[0]!.current).toMatchObject({ value: 1 });
  });

  it('refuses overrides of unknown parameters or out-of-range values', () => {
    const facts = { similarAwardReceived: false, designatedOperator: true };
    expect(thrown(() => calculate('demonstration-base', 2025, facts, { 'demonstration-base': { nope: [{ from: '2025-01-01', value: 1, reference: 'x' }] } })).code).toBe('PARAMETER_NOT_FOUND');
    expect(thrown(() => calculate('demonstration-base', 2025, facts, { 'demonstration-base': { annualGrantFen: [{ from: '2025-01-01', value: -1, reference: 'x' }] } })).code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('describes every programme: clause, kind, parameters with history and current value, facts with types and sources', () => {
    const all = listProgrammes(undefined, '2025-06-01');
    expect(all.map((p) => p.id)).toEqual([...PROGRAMME_IDS]);
    for (const p of all) {
      expect(p.clause.text.length, p.id).toBeGreaterThan(10);
      expect(p.clause.ref).toMatch(/^四\((二|四)\)/);
      expect(['subsidy', 'award', 'interestSubsidy']).toContain(p.kind);
      for (const param of p.parameters) {
        expect(param.history.length).toBeGreaterThan(0);
        expect(param.current, `${p.id}.${param.name}`).not.toBeNull();
        expect(param.history[0]!.reference.length).toBeGreaterThan(0);
      }
      const names = p.facts.map((f) => f.name);
      expect(names).toContain('similarAwardReceived');
      expect(names).toContain('priorBenefits');
      for (const f of p.facts) expect(f.name).toMatch(/^[a-z][A-Za-z0-9]*$/);
      // JSON-ready: no bigints anywhere.
      expect(() => JSON.stringify(p)).not.toThrow();
    }
    expect(getProgramme('nope')).toBeNull();
  });

  it('marks the numbers the source leaves open as bureau-set, and only those', () => {
    const bureauSet = listProgrammes().flatMap((p) => p.parameters.filter((x) => x.bureauSet).map((x) => `${p.id}.${x.name}`));
    expect(bureauSet).toEqual(
      expect.arrayContaining([
        'demonstration-base.annualGrantFen',
        'flagship-store.minTurnoverFen',
        'new-large-firm.perJobFen',
        'rural-info-station.perStationFen',
        'training.costShareBp',
      ]),
    );
    for (const fixed of ['order-reward.annualCapFen', 'order-reward.minOrders', 'park-rent.fullYears', 'loan-interest.annualCapFen', 'turnover-milestone.threshold1Fen']) {
      expect(bureauSet).not.toContain(fixed);
    }
  });
});
