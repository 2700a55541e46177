/**
 * Properties over random facts: whatever the facts, an amount is never negative, never above
 * the programme's cap, zero when not eligible or excluded by 四(七), and never consumes a
 * benefit already paid.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../../kernel/errors.ts';
import { calculate, programmeDefinition, PROGRAMME_IDS } from './index.ts';
import type { FactDef } from './types.ts';

const yuan = (n: number) => BigInt(n) * 100n;

/** The most a programme can pay for the given facts, with the code's default parameters. */
const CAPS: Record<string, (f: Record<string, unknown>) => bigint> = {
  'demonstration-base': () => yuan(500_000),
  'park-rent': (f) => BigInt(f.rentPaidFen as number) + BigInt(f.broadbandPaidFen as number),
  'platform-project': () => yuan(300_000),
  'flagship-store': () => yuan(50_000),
  'outstanding-new-firm': () => yuan(20_000),
  'brand-award': (f) => (f.brandLevel === 'district' ? yuan(50_000) : BigInt(f.higherLevelAwardFen as number)),
  'order-reward': () => yuan(300_000),
  'turnover-milestone': () => yuan(30_000 + 50_000 + 100_000 + 200_000),
  'demonstration-enterprise': () => yuan(100_000),
  'new-large-firm': (f) => (f.keyFirm === true ? BigInt((f.caseByCaseAmountFen as number | undefined) ?? 0) : yuan(1_000_000)),
  'rural-info-station': () => yuan(500_000),
  training: () => yuan(200_000),
  'loan-interest': () => yuan(200_000),
};

const BENEFIT_KEYS = [
  'order-reward:2025',
  'flagship-store',
  'turnover-milestone:10000000',
  'turnover-milestone:50000000',
  'demonstration-enterprise:district',
  'outstanding-new-firm',
  'park-rent:2025',
  'loan-interest:2025',
  'training:2025',
  'platform-project:P',
  'brand-award:district:B',
];

const fenArb = fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 2_000_000_000_000 }));

function arbitraryFor(def: FactDef): fc.Arbitrary<unknown> {
  switch (def.type) {
    case 'boolean':
      return def.name === 'similarAwardReceived' ? fc.boolean() : fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
    case 'integer':
      return fc.oneof(fc.integer({ min: def.min ?? 0, max: Math.min(def.max ?? 1e9, 10) }), fc.integer({ min: def.min ?? 0, max: Math.min(def.max ?? 1e9, 2_000_000) }));
    case 'fen':
      if (def.name === 'districtAwardFen') return fc.integer({ min: 2_000_000, max: 5_000_000 });
      return fenArb;
    case 'rateBp':
      return fc.integer({ min: 0, max: def.max ?? 10_000 });
    case 'date':
      return fc.date({ min: new Date('2013-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'enum':
      return fc.constantFrom(...(def.enumValues ?? []));
    case 'stringList':
      return fc.subarray(BENEFIT_KEYS);
    case 'text':
      return fc.constantFrom('P', 'B', '荣昌夏布');
  }
}

function factsArbitrary(id: string): fc.Arbitrary<Record<string, unknown>> {
  const defs = programmeDefinition(id)!.facts;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const d of defs) model[d.name] = arbitraryFor(d);
  return fc.record(model, { requiredKeys: defs.filter((d) => !d.optional).map((d) => d.name) });
}

describe('every programme, random facts', () => {
  for (const id of PROGRAMME_IDS) {
    it(`${id}: 0 ≤ amount ≤ cap; 0 when not eligible; 四(七) respected`, () => {
      let eligible = 0;
      fc.assert(
        fc.property(factsArbitrary(id), fc.integer({ min: 2015, max: 2040 }), (facts, year) => {
          let result;
          try {
            result = calculate(id, year, facts);
          } catch (e) {
            // Facts required only in some branches (a national brand's award, a key firm's amount).
            if (e instanceof AppError && e.code === 'MISSING_FACT') return;
            throw e;
          }
          if (result.eligible) eligible++;
          expect(result.amountFen >= 0n).toBe(true);
          expect(result.amountFen <= CAPS[id]!(facts), `${id} ${JSON.stringify(facts)}`).toBe(true);
          if (!result.eligible) {
            expect(result.amountFen).toBe(0n);
            expect(result.benefitKeys).toEqual([]);
          }
          if (facts.similarAwardReceived === true) expect(result.eligible).toBe(false);
          const prior = (facts.priorBenefits as string[] | undefined) ?? [];
          for (const k of result.benefitKeys) expect(prior).not.toContain(k);
          expect(result.trace.at(-1)!.value).toBe(Number(result.amountFen));
        }),
        { numRuns: 300 },
      );
      // The generators reach the paying branch, not only the refusals: counted over the random
      // runs above plus a fixed-seed sample, so a programme with many conditions (flagship-store
      // has nine) cannot fail this check by bad luck.
      for (const [facts, year] of fc.sample(fc.tuple(factsArbitrary(id), fc.integer({ min: 2015, max: 2040 })), { numRuns: 3_000, seed: 20_261_125 })) {
        if (eligible > 0) break;
        try {
          if (calculate(id, year, facts).eligible) eligible++;
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'MISSING_FACT')) throw e;
        }
      }
      expect(eligible).toBeGreaterThan(0);
    });
  }
});
