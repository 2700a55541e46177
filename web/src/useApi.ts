/** Loads one GET resource for a component: data, error, loading flag and a reload function. */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, isAbortError, type Query } from './api';

export interface ApiResource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** `path` null means "do not load yet". `query` is compared by value. */
export function useApi<T>(path: string | null, query?: Query): ApiResource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);
  const queryKey = JSON.stringify(query ?? {});

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api
      .get<T>(path, { query: JSON.parse(queryKey) as Query, signal: controller.signal })
      .then((result) => {
        setData(result);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (isAbortError(err)) return;
        setError(
          err instanceof ApiError
            ? err
            : new ApiError({ status: 0, code: 'UNKNOWN', title: { zh: '发生未知错误', en: 'Something went wrong' } }),
        );
        setLoading(false);
      });
    return () => controller.abort();
  }, [path, queryKey, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}
