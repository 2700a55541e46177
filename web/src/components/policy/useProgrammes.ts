/** The programmes (`GET /api/v1/policy/programmes`), loaded once per page, by id. */
import { useMemo } from 'react';
import { useApi } from '../../useApi';
import type { ProgrammeInfo } from './model';

export function useProgrammes() {
  const list = useApi<ProgrammeInfo[]>('/api/v1/policy/programmes');
  const byId = useMemo(() => new Map((list.data ?? []).map((p) => [p.id, p])), [list.data]);
  return { ...list, byId };
}
