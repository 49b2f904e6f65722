import { useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiClient } from '../api/client';
import { LoginPage } from '../auth/LoginPage';
import { SessionProvider, useSession } from '../auth/session';
import { ErrorMessage, PageHeader } from '../components/ui';
import { AuditPage } from '../features/audit/AuditPage';
import { ClustersPage } from '../features/clusters/ClustersPage';
import { HistoryPage } from '../features/history/HistoryPage';
import { QueryDetailPage } from '../features/history/QueryDetailPage';
import { OverviewPage } from '../features/overview/OverviewPage';
import { DryRunPanel } from '../features/routing/DryRunPanel';
import { GroupsPanel } from '../features/routing/GroupsPanel';
import { RoutingPage } from '../features/routing/RoutingPage';
import { RulesPanel } from '../features/routing/RulesPanel';
import { VersionsPanel } from '../features/routing/VersionsPanel';
import { Layout } from './Layout';

function NotFound() {
  return (
    <>
      <PageHeader title="Not found" />
      <p>The console has no such page.</p>
    </>
  );
}

export function ConsoleRoutes() {
  const session = useSession();
  switch (session.state.status) {
    case 'loading':
      return (
        <p className="muted" role="status">
          Loading…
        </p>
      );
    case 'failed':
      return (
        <main id="main" className="login">
          <ErrorMessage error={session.state.error} title="Junction's admin API did not answer" />
          <button type="button" onClick={session.reload}>
            Try again
          </button>
        </main>
      );
    case 'signed-out':
      return <LoginPage loginMethods={session.state.loginMethods} />;
    case 'signed-in':
      return (
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<OverviewPage />} />
            <Route path="clusters" element={<ClustersPage />} />
            <Route path="routing" element={<RoutingPage />}>
              <Route index element={<RulesPanel />} />
              <Route path="groups" element={<GroupsPanel />} />
              <Route path="versions" element={<VersionsPanel />} />
              <Route path="dry-run" element={<DryRunPanel />} />
            </Route>
            <Route path="history" element={<HistoryPage />} />
            <Route path="history/:queryId" element={<QueryDetailPage />} />
            {session.can('audit.view') ? <Route path="audit" element={<AuditPage />} /> : null}
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      );
  }
}

export function App({ api }: { api?: ApiClient }) {
  const [client] = useState(() => api ?? new ApiClient());
  return (
    <SessionProvider api={client}>
      <BrowserRouter basename="/console">
        <ConsoleRoutes />
      </BrowserRouter>
    </SessionProvider>
  );
}
