import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Cluster } from '../../api/types';
import { FakeJunction } from '../../test/fakeJunction';
import { renderWithSession } from '../../test/render';
import { ClusterForm, fieldOfMessage } from './ClusterForm';
import { DrainProgress } from './ClustersPage';

describe('ClusterForm', () => {
  it('checks the fields before asking the server', async () => {
    const junction = new FakeJunction().withoutAuthentication();
    const user = userEvent.setup();
    renderWithSession(<ClusterForm groups={['adhoc']} onSaved={vi.fn()} onCancel={vi.fn()} />, junction);
    await user.type(screen.getByLabelText('Coordinator URL'), 'trino-1:8080');
    await user.click(screen.getByRole('button', { name: 'Add cluster' }));
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('A name is required');
    expect(screen.getByLabelText('Coordinator URL')).toHaveAccessibleDescription(/Must be an absolute http or https URL/);
    expect(screen.getByLabelText('Coordinator URL')).toHaveAttribute('aria-invalid', 'true');
    expect(junction.requestsTo('POST', '/api/v1/clusters')).toHaveLength(0);
  });

  it("shows the server's refusal next to the field it names", async () => {
    const junction = new FakeJunction()
      .withoutAuthentication()
      .on('POST', '/api/v1/clusters', { status: 400, body: { error: "cluster 'etl-2': uri 'http://etl-2:8080/x?y=1' must not have a query or fragment" } });
    const onSaved = vi.fn();
    const user = userEvent.setup();
    renderWithSession(<ClusterForm groups={['adhoc']} onSaved={onSaved} onCancel={vi.fn()} />, junction);
    await user.type(screen.getByLabelText('Name'), 'etl-2');
    await user.type(screen.getByLabelText('Coordinator URL'), 'http://etl-2:8080/x?y=1');
    await user.clear(screen.getByLabelText('Routing group'));
    await user.type(screen.getByLabelText('Routing group'), 'etl');
    await user.click(screen.getByRole('button', { name: 'Add cluster' }));
    await waitFor(() => expect(screen.getByLabelText('Coordinator URL')).toHaveAccessibleDescription(/must not have a query or fragment/));
    expect(junction.requestsTo('POST', '/api/v1/clusters')[0]!.body).toEqual({
      name: 'etl-2',
      uri: 'http://etl-2:8080/x?y=1',
      routingGroup: 'etl',
      state: 'ACTIVE',
      forwardedHeaders: true,
    });
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('names a taken name at the name field', async () => {
    const junction = new FakeJunction().withoutAuthentication().on('POST', '/api/v1/clusters', { status: 409, body: { error: "cluster 'etl-1' already exists" } });
    const user = userEvent.setup();
    renderWithSession(<ClusterForm groups={[]} onSaved={vi.fn()} onCancel={vi.fn()} />, junction);
    await user.type(screen.getByLabelText('Name'), 'etl-1');
    await user.type(screen.getByLabelText('Coordinator URL'), 'http://etl-1:8080');
    await user.click(screen.getByRole('button', { name: 'Add cluster' }));
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveAccessibleDescription("cluster 'etl-1' already exists"));
  });

  it('maps messages to fields', () => {
    expect(fieldOfMessage("cluster 'a': external uri 'x' must be an absolute URI with a host")).toBe('externalUri');
    expect(fieldOfMessage("cluster 'a': routing group 'b c' must be 1-63 letters")).toBe('routingGroup');
    expect(fieldOfMessage("'uri' is required")).toBe('uri');
    expect(fieldOfMessage("cluster name 'a b' must be 1-63 letters")).toBe('name');
    expect(fieldOfMessage('the store is unreachable')).toBeUndefined();
  });
});

describe('DrainProgress', () => {
  const draining: Cluster = {
    name: 'etl-1',
    uri: 'http://etl-1:8080',
    routingGroup: 'etl',
    state: 'DRAINING',
    forwardedHeaders: true,
    live: { health: 'HEALTHY', inFlight: 3, drained: false },
  };

  it('counts the queries still running, then says drained', () => {
    const { rerender } = render(<DrainProgress cluster={draining} />);
    expect(screen.getByRole('status')).toHaveTextContent('3 queries still running');
    expect(screen.getByRole('progressbar', { name: 'etl-1 draining' })).toBeInTheDocument();
    rerender(<DrainProgress cluster={{ ...draining, live: { health: 'HEALTHY', inFlight: 0, drained: true } }} />);
    expect(screen.getByRole('status')).toHaveTextContent('drained: no queries left');
  });
});
