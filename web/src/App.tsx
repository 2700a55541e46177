/** The route table: which page renders for which path, and how the shell frames it. */
import { Fragment, lazy, Suspense, type ReactNode } from 'react';
import { Layout } from './components/Layout';
import { Loading } from './components/Notice';
import { BureauVerificationsPage } from './pages/BureauVerificationsPage';
import { CartPage } from './pages/CartPage';
import { CheckoutPage } from './pages/CheckoutPage';
import { EnterpriseDetailPage } from './pages/EnterpriseDetailPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { ImportPage } from './pages/merchant/ImportPage';
import { MerchantHomePage } from './pages/merchant/MerchantHomePage';
import { MerchantOrdersPage } from './pages/merchant/MerchantOrdersPage';
import { MerchantProductsPage } from './pages/merchant/MerchantProductsPage';
import { ProductEditorPage } from './pages/merchant/ProductEditorPage';
import { MePage } from './pages/MePage';
import { MyEnterprisePage } from './pages/MyEnterprisePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrderDetailPage } from './pages/OrderDetailPage';
import { OrdersPage } from './pages/OrdersPage';
import { PavilionPage } from './pages/PavilionPage';
import { PavilionsPage } from './pages/PavilionsPage';
import { ProductPage } from './pages/ProductPage';
import { RegisterPage } from './pages/RegisterPage';
import { SearchPage } from './pages/SearchPage';
import { ShopPage } from './pages/ShopPage';
import { LedgerPage } from './pages/admin/LedgerPage';
import { BalancePage } from './pages/merchant/BalancePage';
import { CashierPage } from './pages/pay/CashierPage';
import { SandboxPayPage } from './pages/pay/SandboxPayPage';
import { StationPage } from './pages/station/StationPage';
import { ApplicationDetailPage } from './pages/bureau/ApplicationDetailPage';
import { ApplicationsPage } from './pages/bureau/ApplicationsPage';
import { EntitlementsPage } from './pages/policy/EntitlementsPage';
import { ProgrammePage } from './pages/policy/ProgrammePage';
import { ProgrammesPage } from './pages/policy/ProgrammesPage';
import { AuctionPage } from './pages/exchange/AuctionPage';
import { AuctionsPage } from './pages/exchange/AuctionsPage';
import { ExchangeHallPage } from './pages/exchange/ExchangeHallPage';
import { SellPage } from './pages/exchange/SellPage';
import { matchPath, useRouter } from './router';

/** The dashboard carries ECharts: loaded only when an officer opens it. */
const DashboardPage = lazy(() => import('./pages/bureau/DashboardPage'));
/** The exchange's trader screen and market page chart with ECharts too. */
const TraderPage = lazy(() => import('./pages/exchange/TraderPage'));
const MarketPage = lazy(() => import('./pages/exchange/MarketPage'));

interface Route {
  pattern: string;
  render: (params: Record<string, string>) => ReactNode;
  /** Product grids and consoles use a wider column on large screens. */
  wide?: boolean;
  /** The page has its own bottom bar on phones (buy bar, submit bar) instead of the tabs. */
  ownBottomBar?: boolean;
}

const ROUTES: Route[] = [
  { pattern: '/', render: () => <HomePage />, wide: true },
  { pattern: '/register', render: () => <RegisterPage /> },
  { pattern: '/login', render: () => <LoginPage /> },
  { pattern: '/me', render: () => <MePage /> },
  { pattern: '/me/enterprise', render: () => <MyEnterprisePage /> },
  { pattern: '/enterprises/:id', render: (params) => <EnterpriseDetailPage id={params.id ?? ''} /> },
  { pattern: '/bureau/verifications', render: () => <BureauVerificationsPage /> },
  { pattern: '/pavilions', render: () => <PavilionsPage />, wide: true },
  { pattern: '/pavilions/:code', render: (params) => <PavilionPage code={params.code ?? ''} />, wide: true },
  { pattern: '/search', render: () => <SearchPage />, wide: true },
  { pattern: '/products/:id', render: (params) => <ProductPage id={params.id ?? ''} />, wide: true, ownBottomBar: true },
  { pattern: '/shops/:id', render: (params) => <ShopPage id={params.id ?? ''} />, wide: true },
  { pattern: '/cart', render: () => <CartPage /> },
  { pattern: '/checkout', render: () => <CheckoutPage />, ownBottomBar: true },
  { pattern: '/orders', render: () => <OrdersPage /> },
  { pattern: '/orders/:id', render: (params) => <OrderDetailPage id={params.id ?? ''} /> },
  { pattern: '/merchant', render: () => <MerchantHomePage />, wide: true },
  { pattern: '/merchant/products', render: () => <MerchantProductsPage />, wide: true },
  { pattern: '/merchant/products/new', render: () => <ProductEditorPage />, wide: true },
  { pattern: '/merchant/products/:id/edit', render: (params) => <ProductEditorPage id={params.id ?? ''} />, wide: true },
  { pattern: '/merchant/import', render: () => <ImportPage />, wide: true },
  { pattern: '/merchant/orders', render: () => <MerchantOrdersPage />, wide: true },
  { pattern: '/merchant/balance', render: () => <BalancePage />, wide: true },
  { pattern: '/pay/:orderId', render: (params) => <CashierPage orderId={params.orderId ?? ''} />, ownBottomBar: true },
  { pattern: '/sandbox/pay/:paymentId', render: (params) => <SandboxPayPage paymentId={params.paymentId ?? ''} />, ownBottomBar: true },
  { pattern: '/admin/ledger', render: () => <LedgerPage />, wide: true },
  { pattern: '/station', render: () => <StationPage /> },
  {
    pattern: '/bureau/dashboard',
    render: () => (
      <Suspense fallback={<Loading />}>
        <DashboardPage />
      </Suspense>
    ),
    wide: true,
  },
  { pattern: '/bureau/applications', render: () => <ApplicationsPage />, wide: true },
  { pattern: '/bureau/applications/:id', render: (params) => <ApplicationDetailPage id={params.id ?? ''} />, wide: true },
  { pattern: '/policy/programmes', render: () => <ProgrammesPage />, wide: true },
  { pattern: '/policy/programmes/:id', render: (params) => <ProgrammePage id={params.id ?? ''} />, wide: true },
  { pattern: '/policy/entitlements', render: () => <EntitlementsPage />, wide: true },
  { pattern: '/exchange', render: () => <ExchangeHallPage />, wide: true },
  {
    pattern: '/exchange/instruments/:id',
    render: (params) => (
      <Suspense fallback={<Loading />}>
        <TraderPage id={params.id ?? ''} />
      </Suspense>
    ),
    wide: true,
  },
  {
    pattern: '/exchange/market',
    render: () => (
      <Suspense fallback={<Loading />}>
        <MarketPage />
      </Suspense>
    ),
    wide: true,
  },
  { pattern: '/exchange/auctions', render: () => <AuctionsPage />, wide: true },
  { pattern: '/exchange/auctions/:id', render: (params) => <AuctionPage id={params.id ?? ''} />, wide: true },
  { pattern: '/exchange/sell', render: () => <SellPage />, wide: true },
];

export function App() {
  const { path } = useRouter();
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) {
      return (
        <Layout wide={route.wide} ownBottomBar={route.ownBottomBar}>
          {/* A new path is a new page: no state carries over from the previous one. */}
          <Fragment key={path}>{route.render(params)}</Fragment>
        </Layout>
      );
    }
  }
  return (
    <Layout>
      <NotFoundPage />
    </Layout>
  );
}
