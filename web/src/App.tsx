import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCNAntd from 'antd/locale/zh_CN';
import enUSAntd from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n';
import { AuthProvider, useAuth } from './auth';
import { PublicLayout } from './pages/public/PublicLayout';
import { Home } from './pages/public/Home';
import { Rules } from './pages/public/Rules';
import { Submit } from './pages/public/Submit';
import { Track } from './pages/public/Track';
import { Advisories, AdvisoryDetail } from './pages/public/Advisories';
import { RewardPolicies } from './pages/public/PlatformInfo';
import { Login } from './pages/console/Login';
import { Register } from './pages/public/Register';
import { NotFound } from './pages/NotFound';

// The console is its own chunk: the public portal does not load it.
const ConsoleRoutes = lazy(() => import('./pages/console/ConsoleRoutes'));

function Loading() {
  return (
    <div style={{ padding: 80, textAlign: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

function RequireUser({ children }: { children: ReactNode }) {
  const { user, ready } = useAuth();
  const loc = useLocation();
  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  // Finder accounts get only "my reports" in the console (ConsoleRoutes).
  return <>{children}</>;
}

/** Links in notification emails name console pages without the /console prefix (cases/7, deliveries/12, authority...). */
function ToConsole() {
  const loc = useLocation();
  return <Navigate to={`/console${loc.pathname}${loc.search}`} replace />;
}

function Themed({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? zhCNAntd : enUSAntd}
      theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Themed>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route element={<PublicLayout />}>
                <Route index element={<Home />} />
                <Route path="rules" element={<Rules />} />
                <Route path="submit" element={<Submit />} />
                <Route path="track" element={<Track />} />
                <Route path="advisories" element={<Advisories />} />
                <Route path="advisories/:id" element={<AdvisoryDetail />} />
                <Route path="register" element={<Register />} />
                <Route path="rewards" element={<RewardPolicies />} />
              </Route>
              <Route path="login" element={<Login />} />
              {['cases/:id', 'reports/:id', 'deliveries/:id', 'settings/webhooks', 'settings/notifications', 'authority', 'authority/:id'].map((p) => (
                <Route key={p} path={p} element={<ToConsole />} />
              ))}
              <Route
                path="console/*"
                element={
                  <RequireUser>
                    <Suspense fallback={<Loading />}>
                      <ConsoleRoutes />
                    </Suspense>
                  </RequireUser>
                }
              />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </Themed>
    </I18nProvider>
  );
}
