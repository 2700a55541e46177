/** The route table: which page renders for which path. */
import type { ReactNode } from 'react';
import { Layout } from './components/Layout';
import { BureauVerificationsPage } from './pages/BureauVerificationsPage';
import { EnterpriseDetailPage } from './pages/EnterpriseDetailPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { MePage } from './pages/MePage';
import { MyEnterprisePage } from './pages/MyEnterprisePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RegisterPage } from './pages/RegisterPage';
import { matchPath, useRouter } from './router';

interface Route {
  pattern: string;
  render: (params: Record<string, string>) => ReactNode;
}

const ROUTES: Route[] = [
  { pattern: '/', render: () => <HomePage /> },
  { pattern: '/register', render: () => <RegisterPage /> },
  { pattern: '/login', render: () => <LoginPage /> },
  { pattern: '/me', render: () => <MePage /> },
  { pattern: '/me/enterprise', render: () => <MyEnterprisePage /> },
  { pattern: '/enterprises/:id', render: (params) => <EnterpriseDetailPage id={params.id ?? ''} /> },
  { pattern: '/bureau/verifications', render: () => <BureauVerificationsPage /> },
];

function CurrentPage() {
  const { path } = useRouter();
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) return <>{route.render(params)}</>;
  }
  return <NotFoundPage />;
}

export function App() {
  return (
    <Layout>
      <CurrentPage />
    </Layout>
  );
}
