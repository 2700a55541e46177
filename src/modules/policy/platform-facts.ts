/**
 * The facts the platform itself knows about an enterprise for one year — the reason a bureau
 * runs subsidies here instead of on paper. Each value comes from the module that owns it:
 * registration and park tenancy from the registry, orders and turnover from the statistics
 * rollups, benefits already granted from this module's own table.
 */
import type { Executor } from '../../db/transaction.ts';
import type { PolicyProfile, RegistryService } from '../registry/index.ts';
import type { StatsService } from '../stats/index.ts';
import { q } from './store.ts';

/** Names match the fact definitions of the programmes (source: 'platform'). */
export type PlatformFactValues = {
  registeredInRongchang: boolean;
  parkTenant: boolean;
  /** 1 in the calendar year the tenancy began, 2 the next …; 0 when not a park tenant that year. */
  parkTenancyYear: number;
  qualifyingOrders: number;
  annualTurnoverFen: bigint;
  priorMaxAnnualTurnoverFen: bigint;
  priorBenefits: string[];
};

export interface EnterpriseFacts {
  profile: PolicyProfile;
  facts: PlatformFactValues;
}

export function parkTenancyYear(parkSince: string | null, year: number): number {
  if (!parkSince) return 0;
  const since = Number(parkSince.slice(0, 4));
  return year >= since ? year - since + 1 : 0;
}

export class PlatformFacts {
  constructor(private readonly deps: { registry: RegistryService; stats: StatsService }) {}

  /**
   * Facts of verified enterprises for `year` (all of them when `ids` is omitted). Set-based:
   * four queries whatever the number of enterprises.
   */
  async forEnterprises(executor: Executor, year: number, ids?: string[]): Promise<Map<string, EnterpriseFacts>> {
    const profiles = await this.deps.registry.policyProfiles(executor, ids);
    if (profiles.size === 0) return new Map();
    const scope = ids ? [...profiles.keys()] : undefined;
    const [sales, prior, benefits] = await Promise.all([
      this.deps.stats.enterpriseYear(executor, year, scope),
      this.deps.stats.priorMaxAnnualTurnover(executor, year, scope),
      this.benefitsOf(executor, scope),
    ]);
    const out = new Map<string, EnterpriseFacts>();
    for (const [id, profile] of profiles) {
      const s = sales.get(id);
      const tenancy = parkTenancyYear(profile.parkSince, year);
      out.set(id, {
        profile,
        facts: {
          registeredInRongchang: profile.registeredInRongchang,
          parkTenant: tenancy > 0,
          parkTenancyYear: tenancy,
          qualifyingOrders: s?.qualifyingOrders ?? 0,
          annualTurnoverFen: s?.turnoverFen ?? 0n,
          priorMaxAnnualTurnoverFen: prior.get(id) ?? 0n,
          priorBenefits: benefits.get(id) ?? [],
        },
      });
    }
    return out;
  }

  async forEnterprise(executor: Executor, year: number, id: string): Promise<EnterpriseFacts | null> {
    return (await this.forEnterprises(executor, year, [id])).get(id) ?? null;
  }

  private async benefitsOf(executor: Executor, ids?: string[]): Promise<Map<string, string[]>> {
    let query = q(executor).selectFrom('subsidy_benefits').select(['enterprise_id', 'benefit_key']);
    if (ids) query = query.where('enterprise_id', 'in', ids);
    const rows = await query.orderBy('benefit_key').execute();
    const out = new Map<string, string[]>();
    for (const r of rows) {
      const list = out.get(r.enterprise_id);
      if (list) list.push(r.benefit_key);
      else out.set(r.enterprise_id, [r.benefit_key]);
    }
    return out;
  }
}

/** JSON form of platform facts (money as integer fen numbers). */
export function factsToJson(facts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
}
