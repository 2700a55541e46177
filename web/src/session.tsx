/**
 * The current user, from `GET /api/v1/me`. A 401 means logged out; any other failure
 * is kept as an error so the shell can offer a retry.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError } from './api';
import type { Me } from './types';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'authenticated'; user: Me }
  | { status: 'error'; error: ApiError };

export interface Session {
  state: SessionState;
  user: Me | null;
  /** Reloads `/api/v1/me`; resolves to the user, or null when logged out or failing. */
  refresh: () => Promise<Me | null>;
  logout: () => Promise<void>;
}

const BUREAU_ROLES = ['bureau_officer', 'admin'];

export function isBureau(user: Me | null | undefined): boolean {
  return !!user && user.roles.some((role) => BUREAU_ROLES.includes(role));
}

/** Holds the merchant role in some enterprise, so may run (or open) a shop. */
export function isMerchant(user: Me | null | undefined): boolean {
  return !!user && user.memberships.some((m) => m.scopeType === 'enterprise' && m.role === 'merchant');
}

const SessionContext = createContext<Session | null>(null);

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError({
    status: 0,
    code: 'UNKNOWN',
    title: { zh: '发生未知错误', en: 'Something went wrong' },
  });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async (): Promise<Me | null> => {
    try {
      const user = await api.get<Me>('/api/v1/me');
      setState({ status: 'authenticated', user: { ...user, roles: user.roles ?? [], memberships: user.memberships ?? [] } });
      return user;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setState({ status: 'anonymous' });
      else setState({ status: 'error', error: toApiError(err) });
      return null;
    }
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/api/v1/auth/logout');
    } finally {
      setState({ status: 'anonymous' });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo<Session>(
    () => ({ state, user: state.status === 'authenticated' ? state.user : null, refresh, logout }),
    [state, refresh, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() must be used inside <SessionProvider>');
  return value;
}
