import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { QueryRecord } from '../../api/types';
import { FakeJunction } from '../../test/fakeJunction';
import { renderWithSession } from '../../test/render';
import { filtersFromForm, formFromFilters, trinoUiLink } from './filters';
import { HistoryPage } from './HistoryPage';
import { QueryDetailPage } from './QueryDetailPage';

function record(n: number): QueryRecord {
  return {
    queryId: `20260101_00000${n}_0000${n}_abcde`,
    user: 'alice',
    source: 'airflow',
    clientTags: ['nightly'],
    routingGroup: 'etl',
    rule: 'etl',
    cluster: 'etl-1',
    sql: `SELECT ${n}`,
    sqlTruncated: false,
    submittedAt: `2026-01-01T00:0${n}:00Z`,
    state: 'FINISHED',
    elapsedMillis: 1500,
  };
}

describe('history filters', () => {
  it("turns the form's local times into UTC instants and back", () => {
    const filters = filtersFromForm({ ...formFromFilters({}), from: '2026-03-01T09:30', user: ' alice ', state: 'FAILED' });
    expect(filters.user).toBe('alice');
    expect(filters.state).toBe('FAILED');
    expect(filters.from).toBe(new Date(2026, 2, 1, 9, 30).toISOString());
    expect(formFromFilters(filters).from).toBe('2026-03-01T09:30');
  });

  it("links a query to its cluster's Trino UI through Junction", () => {
    expect(trinoUiLink('http://junction:8080/', '20260101_000000_00001_abcde')).toBe('http://junction:8080/ui/query.html?20260101_000000_00001_abcde');
  });
});

describe('HistoryPage', () => {
  it('searches with the filters and pages to older queries with the cursor', async () => {
    const junction = new FakeJunction().withoutAuthentication().on('GET', '/api/v1/history', (request) =>
      request.query.get('before') === 'cursor-1'
        ? { status: 200, body: { queries: [record(1)], nextBefore: null } }
        : { status: 200, body: { queries: [record(3), record(2)], nextBefore: 'cursor-1' } },
    );
    const user = userEvent.setup();
    renderWithSession(
      <Routes>
        <Route path="/history" element={<HistoryPage />} />
      </Routes>,
      junction,
      '/history',
    );
    expect(await screen.findByRole('link', { name: record(3).queryId })).toBeInTheDocument();
    await user.type(screen.getByLabelText('User'), 'alice');
    await user.selectOptions(screen.getByLabelText('State'), 'finished');
    await user.type(screen.getByLabelText('SQL or query id contains'), 'SELECT');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(junction.requests.at(-1)!.query.get('user')).toBe('alice'));
    const search = junction.requests.at(-1)!.query;
    expect(search.get('state')).toBe('FINISHED');
    expect(search.get('text')).toBe('SELECT');
    expect(search.get('limit')).toBe('50');

    await user.click(screen.getByRole('button', { name: 'Older' }));
    expect(await screen.findByRole('link', { name: record(1).queryId })).toBeInTheDocument();
    expect(junction.requests.at(-1)!.query.get('before')).toBe('cursor-1');
    expect(junction.requests.at(-1)!.query.get('user')).toBe('alice');
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Newer' }));
    expect(await screen.findByRole('link', { name: record(3).queryId })).toBeInTheDocument();
  });
});

describe('QueryDetailPage', () => {
  it('shows the routing decision and links to the Trino UI through the proxy', async () => {
    const query = { ...record(1), decision: { reason: "rule 'etl' chose group 'etl'", matchedRules: ['etl'] } };
    const junction = new FakeJunction().withoutAuthentication().on('GET', `/api/v1/history/${query.queryId}`, { status: 200, body: query });
    renderWithSession(
      <Routes>
        <Route path="/history/:queryId" element={<QueryDetailPage />} />
      </Routes>,
      junction,
      `/history/${query.queryId}`,
    );
    expect(await screen.findByTestId('query-rule')).toHaveTextContent('etl');
    expect(screen.getByTestId('query-cluster')).toHaveTextContent('etl-1');
    const decision = screen.getByRole('region', { name: 'Routing decision' });
    expect(within(decision).getByText("rule 'etl' chose group 'etl'")).toBeInTheDocument();
    const link = await screen.findByRole('link', { name: "Open in etl-1's Trino UI" });
    expect(link).toHaveAttribute('href', `http://junction.example.com:8080/ui/query.html?${query.queryId}`);
  });

  it('says when the history has no such query', async () => {
    const junction = new FakeJunction().withoutAuthentication().on('GET', '/api/v1/history/nope', { status: 404, body: { error: 'no query nope' } });
    renderWithSession(
      <Routes>
        <Route path="/history/:queryId" element={<QueryDetailPage />} />
      </Routes>,
      junction,
      '/history/nope',
    );
    expect(await screen.findByText(/No query nope in the history/)).toBeInTheDocument();
  });
});
