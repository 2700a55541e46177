/**
 * What the platform can compute without anybody filling in a form: for one enterprise, every
 * programme with its amount and trace or the facts still needed ("what can I get"); for the
 * bureau, every verified enterprise × every programme computable from platform data alone —
 * the year's eligibility run, optionally filing the applications for the officers to review.
 */
import type { Db } from '../../db/connect.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, CommonErrors } from '../../kernel/errors.ts';
import { holdsScope, isBureau, type Actor } from '../identity/index.ts';
import type { ApplicationsService } from './applications.ts';
import type { PolicyParameters } from './parameters.ts';
import { factsToJson, type PlatformFacts } from './platform-facts.ts';
import { calculate, listProgrammes, type Calculation } from './rules/index.ts';

type ProgrammeInfo = ReturnType<typeof listProgrammes>[number];

/** Facts an applicant or the bureau must still supply (those the platform cannot know). */
function neededFacts(p: ProgrammeInfo) {
  return p.facts.filter((f) => f.source !== 'platform' && !f.optional);
}

export function computableFromPlatform(p: ProgrammeInfo): boolean {
  return neededFacts(p).length === 0;
}

export interface Entitlement {
  programme: string;
  name: { zh: string; en: string };
  clause: unknown;
  computable: boolean;
  amountFen: bigint | null;
  eligible: boolean | null;
  trace: unknown[] | null;
  missingFacts: ReturnType<typeof neededFacts>;
  application: { id: string; status: string; amountFen: bigint } | null;
}

export interface EligibilityRunResult {
  year: number;
  enterprises: number;
  evaluations: number;
  programmes: string[];
  eligible: Array<{ enterpriseId: string; enterpriseName: string; programme: string; amountFen: bigint }>;
  totalFen: bigint;
  applicationsFiled: number;
  elapsedMs: number;
}

export class EligibilityService {
  constructor(
    private readonly db: Db,
    private readonly deps: { facts: PlatformFacts; parameters: PolicyParameters; applications: ApplicationsService },
  ) {}

  async entitlements(actor: Actor, enterpriseId: string, year: number): Promise<{ enterpriseId: string; enterpriseName: string; year: number; platformFacts: Record<string, unknown>; items: Entitlement[] }> {
    if (!isBureau(actor) && !holdsScope(actor, 'enterprise', enterpriseId, 'merchant')) throw new AppError(CommonErrors.FORBIDDEN);
    const known = await this.deps.facts.forEnterprise(this.db, year, enterpriseId);
    if (!known) throw new AppError(CommonErrors.NOT_FOUND);
    const overrides = await this.deps.parameters.overrides(this.db);
    const standing = await this.deps.applications.standing(this.db, enterpriseId, year);
    const items = listProgrammes().map((p): Entitlement => {
      const app = standing.applications.find((a) => a.programme === p.id && a.status !== 'rejected') ?? null;
      const application = app ? { id: app.id, status: app.status, amountFen: app.amount_fen } : null;
      if (!computableFromPlatform(p)) {
        return { programme: p.id, name: p.name, clause: p.clause, computable: false, amountFen: null, eligible: null, trace: null, missingFacts: neededFacts(p), application };
      }
      const c = calculate(p.id, year, known.facts, overrides);
      return { programme: p.id, name: p.name, clause: p.clause, computable: true, amountFen: c.amountFen, eligible: c.eligible, trace: c.trace, missingFacts: [], application };
    });
    return { enterpriseId, enterpriseName: known.profile.name, year, platformFacts: factsToJson(known.facts), items };
  }

  /**
   * Every verified enterprise × every programme computable from platform data. With `file`,
   * each eligible, positive result without an open or decided application becomes a submitted
   * application (origin bureau_run) — all in one transaction.
   */
  async run(actor: Actor, year: number, options: { file?: boolean } = {}): Promise<EligibilityRunResult> {
    if (!isBureau(actor)) throw new AppError(CommonErrors.FORBIDDEN);
    const started = performance.now();
    const programmes = listProgrammes().filter(computableFromPlatform);
    return inTransaction(this.db, async (tx) => {
      const all = await this.deps.facts.forEnterprises(tx, year);
      const overrides = await this.deps.parameters.overrides(tx);
      const eligible: EligibilityRunResult['eligible'] = [];
      const toFile: Array<{ enterpriseId: string; programme: string; calculation: Calculation; platformFacts: Record<string, unknown> }> = [];
      let evaluations = 0;
      let totalFen = 0n;
      for (const [enterpriseId, known] of all) {
        for (const p of programmes) {
          evaluations++;
          const c = calculate(p.id, year, known.facts, overrides);
          if (!c.eligible || c.amountFen <= 0n) continue;
          eligible.push({ enterpriseId, enterpriseName: known.profile.name, programme: p.id, amountFen: c.amountFen });
          totalFen += c.amountFen;
          if (options.file) toFile.push({ enterpriseId, programme: p.id, calculation: c, platformFacts: { ...known.facts } });
        }
      }
      let filed = 0;
      if (toFile.length > 0) {
        const existing = await this.deps.applications.existingFor(tx, year, [...new Set(toFile.map((f) => f.enterpriseId))]);
        for (const f of toFile) {
          if (existing.has(`${f.enterpriseId}|${f.programme}`)) continue;
          await this.deps.applications.insert(tx, actor, {
            enterpriseId: f.enterpriseId,
            programme: f.programme,
            year,
            origin: 'bureau_run',
            entered: {},
            evidence: [],
            platformFacts: f.platformFacts,
            calculation: f.calculation,
          });
          filed++;
        }
      }
      return {
        year,
        enterprises: all.size,
        evaluations,
        programmes: programmes.map((p) => p.id),
        eligible,
        totalFen,
        applicationsFiled: filed,
        elapsedMs: Math.round(performance.now() - started),
      };
    });
  }
}
