import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Cluster, Me } from '../api/types';
import { FakeJunction } from '../test/fakeJunction';
import { renderWithSession } from '../test/render';
import { ConsoleRoutes } from './App';

const CLUSTER: Cluster = {
  name: 'etl-1',
  uri: 'http://etl-1:8080',
  routingGroup: 'etl',
  state: 'ACTIVE',
  forwardedHeaders: true,
  live: { health: 'HEALTHY', healthSince: '2026-01-01T00:00:00Z', inFlight: 2, drained: false },
};

function fleetJunction(): FakeJunction {
  return new FakeJunction()
    .on('GET', '/api/v1/fleet', {
      status: 200,
      body: { clusters: 1, healthy: 1, acceptingNewQueries: 1, inFlight: 2, groups: { etl: { clusters: 1, acceptingNewQueries: 1, inFlight: 2 } }, clusterDetails: [CLUSTER] },
    })
    .on('GET', '/api/v1/groups', { status: 200, body: [{ name: 'etl', declared: false, clusters: ['etl-1'] }] })
    .on('GET', '/api/v1/clusters', { status: 200, body: [CLUSTER] });
}

describe('the console and its session', () => {
  it('treats a Junction without /api/v1/me as an anonymous admin', async () => {
    const junction = fleetJunction().withoutAuthentication();
    renderWithSession(<ConsoleRoutes />, junction, '/');
    expect(await screen.findByRole('heading', { name: 'Overview', level: 1 })).toBeInTheDocument();
    const menu = screen.getByRole('navigation', { name: 'Main' });
    expect(within(menu).getByRole('link', { name: 'Audit log' })).toBeInTheDocument();
    expect(screen.getByText('no sign-in (admin)')).toBeInTheDocument();
    const clusters = await screen.findByRole('region', { name: 'Clusters' });
    expect(within(clusters).getByRole('link', { name: 'etl-1' })).toBeInTheDocument();
    expect(within(clusters).getByText('healthy')).toBeInTheDocument();
  });

  it('treats an unauthenticated identity with roles (Junction without authentication) as an anonymous admin', async () => {
    const junction = fleetJunction()
      .on('GET', '/api/v1/me', { status: 200, body: { user: null, roles: ['admin', 'operator', 'viewer'], authenticated: false, loginMethods: [] } })
      .on('GET', '/api/v1/info', { status: 200, body: { version: '1', proxyUri: 'http://j:8080', startedAt: '2026-01-01T00:00:00Z' } });
    renderWithSession(<ConsoleRoutes />, junction, '/clusters');
    expect(await screen.findByRole('button', { name: 'Add cluster' })).toBeInTheDocument();
    expect(screen.getByText('no sign-in (admin)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Audit log' })).toBeInTheDocument();
  });

  it('shows the login page when signed out, signs in with the CSRF token it is given, and sends it', async () => {
    let me: Me = { user: null, roles: [], authenticated: false, loginMethods: ['password', 'oidc'] };
    const junction = fleetJunction()
      .on('GET', '/api/v1/me', () => ({ status: 200, body: me }))
      .on('GET', '/api/v1/info', { status: 200, body: { version: '1', proxyUri: 'http://j:8080', startedAt: '2026-01-01T00:00:00Z' } })
      .on('POST', '/api/v1/login', (request) => {
        const body = request.body as { username: string; password: string };
        if (body.password !== 'secret') {
          return { status: 401, body: { error: 'bad credentials' } };
        }
        me = { user: 'alice', roles: ['operator'], authenticated: true, loginMethods: ['password', 'oidc'], csrfToken: 'csrf-9' };
        return { status: 200, body: {} };
      })
      .on('PUT', '/api/v1/clusters/etl-1/state', { status: 200, body: { ...CLUSTER, state: 'DRAINING' } });
    const user = userEvent.setup();
    renderWithSession(<ConsoleRoutes />, junction, '/clusters');

    expect(await screen.findByRole('heading', { name: 'Sign in to Junction' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in with single sign-on' })).toHaveAttribute('href', '/api/v1/login/oidc');
    await user.type(screen.getByLabelText('User name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong user name or password');

    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Clusters', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('alice')).toBeInTheDocument();

    await user.click(await screen.findByRole('button', { name: 'Drain' }));
    await waitFor(() => expect(junction.requestsTo('PUT', '/api/v1/clusters/etl-1/state')).toHaveLength(1));
    const drain = junction.requestsTo('PUT', '/api/v1/clusters/etl-1/state')[0]!;
    expect(drain.headers['x-junction-csrf']).toBe('csrf-9');
    expect(drain.body).toEqual({ state: 'DRAINING' });
  });

  it('shows a viewer what there is, without the controls that would be refused', async () => {
    const junction = fleetJunction()
      .on('GET', '/api/v1/me', { status: 200, body: { user: 'victor', roles: ['viewer'], authenticated: true, loginMethods: ['password'] } })
      .on('GET', '/api/v1/info', { status: 200, body: { version: '1', proxyUri: 'http://j:8080', startedAt: '2026-01-01T00:00:00Z' } });
    renderWithSession(<ConsoleRoutes />, junction, '/clusters');
    expect(await screen.findByRole('rowheader', { name: /etl-1/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add cluster' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Drain' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Audit log' })).not.toBeInTheDocument();
  });

  it('says what failed when a call is refused', async () => {
    const junction = fleetJunction()
      .withoutAuthentication()
      .on('PUT', '/api/v1/clusters/etl-1/state', { status: 403, body: { error: 'operator role required' } });
    const user = userEvent.setup();
    renderWithSession(<ConsoleRoutes />, junction, '/clusters');
    await user.click(await screen.findByRole('button', { name: 'Deactivate' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not allowed: operator role required');
  });
});
