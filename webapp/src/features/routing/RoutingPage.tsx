import { NavLink, Outlet } from 'react-router';
import { PageHeader } from '../../components/ui';

export function RoutingPage() {
  return (
    <>
      <PageHeader title="Routing" />
      <nav className="tabs" aria-label="Routing sections">
        <NavLink to="/routing" end>
          Rules
        </NavLink>
        <NavLink to="/routing/groups">Groups</NavLink>
        <NavLink to="/routing/versions">Versions</NavLink>
        <NavLink to="/routing/dry-run">Dry run</NavLink>
      </nav>
      <Outlet />
    </>
  );
}
