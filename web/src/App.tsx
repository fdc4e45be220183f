import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ApiError } from './api/client';
import { Shell } from './components/Shell';
import { SessionProvider, useSession } from './session';
import { SignIn } from './pages/SignIn';

const Inbox = lazy(() => import('./pages/Inbox'));
const ComplaintPage = lazy(() => import('./pages/ComplaintPage'));
const ComplaintList = lazy(() => import('./pages/ComplaintList'));
const ServiceCallPage = lazy(() => import('./pages/ServiceCallPage'));
const ServiceBoard = lazy(() => import('./pages/ServiceBoard'));
const ContractPage = lazy(() => import('./pages/ContractPage'));
const ContractList = lazy(() => import('./pages/ContractList'));
const AccountabilityPage = lazy(() => import('./pages/AccountabilityPage'));
const AccountabilityList = lazy(() => import('./pages/AccountabilityList'));
const Filing = lazy(() => import('./pages/Filing'));
const Reports = lazy(() => import('./pages/Reports'));
const Audit = lazy(() => import('./pages/Audit'));
const Admin = lazy(() => import('./pages/Admin'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

function Signed({ children }: { children: ReactNode }) {
  const { signedIn, loading } = useSession();
  const location = useLocation();
  if (loading) return <Spin fullscreen />;
  if (!signedIn) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Shell>{children}</Shell>;
}

function Localized({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={THEME}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

// Secondary and placeholder text darker than Ant Design's defaults: at least 4.5:1 against white
// and the page background (WCAG AA), for readers of dense tables on office screens.
const THEME = {
  token: { colorPrimary: '#1f5fbf', colorLink: '#1f5fbf', colorError: '#c41d1f', borderRadius: 4, colorTextSecondary: 'rgba(0, 0, 0, 0.65)', colorTextTertiary: 'rgba(0, 0, 0, 0.62)', colorTextDescription: 'rgba(0, 0, 0, 0.65)', colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)', colorTextDisabled: 'rgba(0, 0, 0, 0.56)' },
};

export function App() {
  const page = (element: ReactNode) => (
    <Signed>
      <Suspense fallback={<Spin />}>{element}</Suspense>
    </Signed>
  );
  return (
    <QueryClientProvider client={queryClient}>
      <Localized>
        <BrowserRouter>
          <SessionProvider>
            <Routes>
              <Route path="/signin" element={<SignIn />} />
              <Route path="/" element={<Navigate to="/inbox" replace />} />
              <Route path="/inbox" element={page(<Inbox />)} />
              <Route path="/complaints" element={page(<ComplaintList />)} />
              <Route path="/complaints/new" element={page(<Filing kind="complaint" />)} />
              <Route path="/complaints/:id" element={page(<ComplaintPage />)} />
              <Route path="/service-calls/new" element={page(<Filing kind="serviceCall" />)} />
              <Route path="/service-calls/:id" element={page(<ServiceCallPage />)} />
              <Route path="/service-board" element={page(<ServiceBoard />)} />
              <Route path="/contracts" element={page(<ContractList />)} />
              <Route path="/contracts/new" element={page(<Filing kind="contract" />)} />
              <Route path="/contracts/:id" element={page(<ContractPage />)} />
              <Route path="/accountability" element={page(<AccountabilityList />)} />
              <Route path="/accountability/:id" element={page(<AccountabilityPage />)} />
              <Route path="/anomaly-reports/new" element={page(<Filing kind="anomaly" />)} />
              <Route path="/reports/*" element={page(<Reports />)} />
              <Route path="/audit" element={page(<Audit />)} />
              <Route path="/admin" element={page(<Admin />)} />
              <Route path="*" element={page(<NotFound />)} />
            </Routes>
          </SessionProvider>
        </BrowserRouter>
      </Localized>
    </QueryClientProvider>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return <p>{t('app.notFound')}</p>;
}
