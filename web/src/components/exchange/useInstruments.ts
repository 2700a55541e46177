/** The instrument list, shared by the exchange pages, with a lookup by id. */
import { useMemo } from 'react';
import { useApi } from '../../useApi';
import type { Instrument } from './model';

export function useInstruments() {
  const res = useApi<Instrument[]>('/api/v1/exchange/instruments');
  const byId = useMemo(() => new Map((res.data ?? []).map((i) => [i.id, i])), [res.data]);
  return { ...res, byId };
}
