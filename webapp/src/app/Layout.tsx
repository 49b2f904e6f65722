import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../auth/session';
import type { Permission } from '../auth/permissions';
import { userTimeZone } from '../components/time';
import { useTheme } from './theme';

const NAVIGATION: Array<{ to: string; label: string; permission?: Permission }> = [
  { to: '/', label: 'Overview' },
  { to: '/clusters', label: 'Clusters' },
  { to: '/routing', label: 'Routing' },
  { to: '/history', label: 'Query history' },
  { to: '/audit', label: 'Audit log', permission: 'audit.view' },
];

/** The server lists a user's roles highest first (an admin is also an operator and a viewer). */
function highestRole(roles: readonly string[]): string {
  return ['admin', 'operator', 'viewer'].find((role) => roles.includes(role)) ?? 'no role';
}

export function Layout() {
  const session = useSession();
  const theme = useTheme();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // after navigating, move the focus to the new page's heading (screen readers announce it)
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('page-title')?.focus();
  }, [location.pathname]);

  const me = session.state.status === 'signed-in' ? session.state : undefined;
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width="24" height="24" /> Junction
        </span>
        <nav aria-label="Main">
          <ul>
            {NAVIGATION.filter((item) => !item.permission || session.can(item.permission)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <button type="button" className="theme-toggle" onClick={theme.cycle} title="Switch between the system's theme, light and dark">
            Theme: {theme.choice}
          </button>
          {me ? (
            me.anonymous ? (
              <span className="user muted" title="This Junction has no console authentication: everyone who reaches the admin listener is an admin">
                no sign-in (admin)
              </span>
            ) : (
              <span className="user">
                {me.me.user} <span className="muted">({highestRole(me.me.roles)})</span>
                <button type="button" onClick={() => void session.logout()}>
                  Sign out
                </button>
              </span>
            )
          ) : null}
        </div>
      </header>
      <main id="main" ref={main}>
        <Outlet />
      </main>
      <footer className="footer muted small">
        Junction {session.info?.version ?? ''} · times in {userTimeZone()}
      </footer>
    </div>
  );
}
