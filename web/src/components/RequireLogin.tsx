import type { ReactNode } from 'react';
import { Redirect, useRouter } from '../router';
import { useSession } from '../session';
import { ErrorNotice, Loading } from './Notice';

/** Renders its children for a logged-in user; sends anyone else to /login and back. */
export function RequireLogin({ children }: { children: ReactNode }) {
  const { state, refresh } = useSession();
  const { path, search } = useRouter();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={() => void refresh()} />;
  if (state.status === 'anonymous') {
    const here = `${path}${search.size ? `?${search.toString()}` : ''}`;
    return <Redirect to={`/login?next=${encodeURIComponent(here)}`} />;
  }
  return <>{children}</>;
}
