/**
 * Service points (二(四)): the district service centre, village e-commerce service stations
 * (村级电商服务站) and community O2O experience stores. This module holds their register;
 * agent buying and selling build on it.
 */
import type { Generated } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { inTransaction, type Executor } from '../../db/transaction.ts';
import { uuidv7 } from '../../kernel/ids.ts';

export type ServicePointKind = 'service_centre' | 'village_station' | 'o2o_store';

export type StationsTables = {
  service_points: {
    id: string;
    kind: string;
    name: string;
    town_code: string;
    village: string | null;
    address: string;
    phone: string | null;
    opened_on: string | null;
    status: Generated<string>;
    created_at: Generated<Date>;
  };
};

export interface ServicePoint {
  id: string;
  kind: ServicePointKind;
  name: string;
  townCode: string;
  village: string | null;
  address: string;
  phone: string | null;
  openedOn: string | null;
  status: string;
}

export class StationsService {
  constructor(private readonly db: Db) {}

  async create(
    input: Omit<ServicePoint, 'id' | 'status'> & { id?: string },
    executor: Executor = this.db,
  ): Promise<ServicePoint> {
    return inTransaction(executor, async (tx) => {
      const row = await tx
        .withTables<StationsTables>()
        .insertInto('service_points')
        .values({
          id: input.id ?? uuidv7(),
          kind: input.kind,
          name: input.name,
          town_code: input.townCode,
          village: input.village,
          address: input.address,
          phone: input.phone,
          opened_on: input.openedOn,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toView(row);
    });
  }

  async list(filter: { townCode?: string; kind?: ServicePointKind } = {}): Promise<ServicePoint[]> {
    let query = this.db.withTables<StationsTables>().selectFrom('service_points').selectAll().orderBy('town_code').orderBy('name');
    if (filter.townCode) query = query.where('town_code', '=', filter.townCode);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    return (await query.execute()).map(toView);
  }

  /**
   * Active service points of each kind open on `asOf` (YYYY-MM-DD; an unknown opening date counts
   * as open), for statistics against the 二(四) targets.
   */
  async countActive(executor: Executor = this.db, asOf?: string): Promise<Record<ServicePointKind, number>> {
    let query = executor
      .withTables<StationsTables>()
      .selectFrom('service_points')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'active')
      .groupBy('kind');
    if (asOf) query = query.where((eb) => eb.or([eb('opened_on', 'is', null), eb('opened_on', '<=', asOf)]));
    const counts: Record<ServicePointKind, number> = { service_centre: 0, village_station: 0, o2o_store: 0 };
    for (const r of await query.execute()) counts[r.kind as ServicePointKind] = Number(r.n);
    return counts;
  }

  async names(ids: string[], executor: Executor = this.db): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await executor
      .withTables<StationsTables>()
      .selectFrom('service_points')
      .select(['id', 'name'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

function toView(row: {
  id: string;
  kind: string;
  name: string;
  town_code: string;
  village: string | null;
  address: string;
  phone: string | null;
  opened_on: string | null;
  status: string;
}): ServicePoint {
  return {
    id: row.id,
    kind: row.kind as ServicePointKind,
    name: row.name,
    townCode: row.town_code,
    village: row.village,
    address: row.address,
    phone: row.phone,
    openedOn: row.opened_on,
    status: row.status,
  };
}
