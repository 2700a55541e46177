/**
 * Reference data shared by every module: Rongchang's towns and sub-districts (GB/T 2260 /
 * NBS codes). Static, so it is read once and served from memory.
 */
import type { Executor } from '../../db/transaction.ts';

export type ReferenceTables = {
  towns: { code: string; name: string; kind: string };
};

export interface Town {
  code: string;
  name: string;
  kind: 'sub-district' | 'town';
}

export class ReferenceService {
  private towns: Town[] | undefined;

  constructor(private readonly db: Executor) {}

  /** Pass the open transaction when there is one (PGlite has one connection). */
  async listTowns(executor: Executor = this.db): Promise<Town[]> {
    this.towns ??= (
      await executor.withTables<ReferenceTables>().selectFrom('towns').selectAll().orderBy('code').execute()
    ).map((t) => ({ code: t.code, name: t.name, kind: t.kind as Town['kind'] }));
    return this.towns;
  }

  async town(code: string): Promise<Town | undefined> {
    return (await this.listTowns()).find((t) => t.code === code);
  }
}
