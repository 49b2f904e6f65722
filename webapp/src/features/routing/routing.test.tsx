import { useState } from 'react';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Rule, RuleSetView } from '../../api/types';
import { FakeJunction } from '../../test/fakeJunction';
import { renderWithSession } from '../../test/render';
import { ConditionField, VALIDATE_DELAY_MILLIS } from './ConditionField';
import { DryRunPanel, parseHeaders } from './DryRunPanel';
import { RulesPanel, moveRule } from './RulesPanel';

const RULES: Rule[] = [
  { name: 'etl', priority: 10, condition: 'source == "airflow"', continue: false, actions: [{ route: 'etl' }] },
  { name: 'bi', priority: 20, condition: 'source == "superset"', continue: false, actions: [{ route: 'bi' }] },
  { name: 'rest', priority: 30, condition: 'true', continue: false, actions: [{ route: 'adhoc' }] },
];

describe('ConditionField', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks the server once the typing pauses, and shows what it says', async () => {
    vi.useFakeTimers();
    const junction = new FakeJunction().withoutAuthentication().on('POST', '/api/v1/rules/validate', (request) => {
      const condition = (request.body as { condition: string }).condition;
      return condition === 'source == "airflow"'
        ? { status: 200, body: { valid: true, errors: [] } }
        : { status: 200, body: { valid: false, errors: [{ message: `ERROR: <input>:1:1: undeclared reference to '${condition.split(' ')[0]}'` }] } };
    });
    function Harness() {
      const [value, setValue] = useState('');
      return <ConditionField id="condition" value={value} onChange={setValue} />;
    }
    renderWithSession(<Harness />, junction);
    const input = screen.getByRole('textbox');
    for (const text of ['s', 'so', 'sorce', 'sorce == "airflow"']) {
      fireEvent.change(input, { target: { value: text } });
      await act(() => vi.advanceTimersByTimeAsync(50));
    }
    expect(screen.getByTestId('condition-check')).toHaveTextContent('Checking…');
    await act(() => vi.advanceTimersByTimeAsync(VALIDATE_DELAY_MILLIS));
    expect(junction.requestsTo('POST', '/api/v1/rules/validate')).toHaveLength(1);
    expect(screen.getByTestId('condition-check')).toHaveTextContent("undeclared reference to 'sorce'");
    expect(input).toHaveAttribute('aria-invalid', 'true');

    fireEvent.change(input, { target: { value: 'source == "airflow"' } });
    await act(() => vi.advanceTimersByTimeAsync(VALIDATE_DELAY_MILLIS + 10));
    expect(screen.getByTestId('condition-check')).toHaveTextContent('✓ Valid condition');
    expect(junction.requestsTo('POST', '/api/v1/rules/validate').map((request) => request.body)).toEqual([
      { condition: 'sorce == "airflow"' },
      { condition: 'source == "airflow"' },
    ]);
  });
});


describe('RulesPanel', () => {
  it('renumbers priorities when a rule moves', () => {
    expect(moveRule(RULES, 2, -1).map((rule) => [rule.name, rule.priority])).toEqual([
      ['etl', 10],
      ['rest', 20],
      ['bi', 30],
    ]);
    expect(moveRule(RULES, 0, -1)).toBe(RULES);
  });

  it('moves a rule up by saving the whole set in its new order', async () => {
    let view: RuleSetView = { source: 'store', version: 4, editable: true, rules: RULES };
    const junction = new FakeJunction()
      .withoutAuthentication()
      .on('GET', '/api/v1/groups', { status: 200, body: [] })
      .on('GET', '/api/v1/rules', () => ({ status: 200, body: view }))
      .on('PUT', '/api/v1/rules', (request) => {
        view = { ...view, version: 5, rules: (request.body as { rules: Rule[] }).rules };
        return { status: 200, body: { version: 5 } };
      });
    const user = userEvent.setup();
    renderWithSession(<RulesPanel />, junction);
    await user.click(await screen.findByRole('button', { name: 'Move bi up' }));
    expect(await screen.findByText('Moved bi up (version 5)')).toBeInTheDocument();
    const saved = junction.requestsTo('PUT', '/api/v1/rules')[0]!.body as { rules: Rule[]; comment: string };
    expect(saved.rules.map((rule) => rule.name)).toEqual(['bi', 'etl', 'rest']);
    expect(saved.comment).toBe('moved bi up');
    await waitFor(() => expect(screen.getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['bi', 'etl', 'rest']));
  });

  it('creates a rule and shows the refusal of a bad one', async () => {
    const junction = new FakeJunction()
      .withoutAuthentication()
      .on('GET', '/api/v1/groups', { status: 200, body: [{ name: 'etl', clusters: [] }] })
      .on('GET', '/api/v1/rules', { status: 200, body: { source: 'store', version: 1, editable: true, rules: [] } })
      .on('POST', '/api/v1/rules/validate', { status: 200, body: { valid: true, errors: [] } })
      .on('POST', '/api/v1/rules', { status: 400, body: { error: 'invalid rules', errors: [{ rule: 'x', message: 'route: unknown routing group nowhere' }] } });
    const user = userEvent.setup();
    renderWithSession(<RulesPanel />, junction);
    await user.click(await screen.findByRole('button', { name: 'New rule' }));
    await user.type(screen.getByLabelText('Name'), 'x');
    await user.type(screen.getByLabelText('Condition (CEL)'), 'true');
    await user.clear(screen.getByLabelText('Action 1 group'));
    await user.type(screen.getByLabelText('Action 1 group'), 'nowhere');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not saved: invalid rules');
    expect(within(alert).getByText('route: unknown routing group nowhere')).toBeInTheDocument();
    expect(junction.requestsTo('POST', '/api/v1/rules')[0]!.body).toEqual({ name: 'x', priority: 10, condition: 'true', continue: false, actions: [{ route: 'nowhere' }] });
  });

  it('is read-only when the rules come from a file', async () => {
    const junction = new FakeJunction()
      .withoutAuthentication()
      .on('GET', '/api/v1/groups', { status: 200, body: [] })
      .on('GET', '/api/v1/rules', { status: 200, body: { source: 'file', version: null, editable: false, rules: RULES } });
    renderWithSession(<RulesPanel />, junction);
    expect(await screen.findByText(/from the rules file/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New rule' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Move bi up' })).not.toBeInTheDocument();
  });

  it('says so when this Junction has no rules API', async () => {
    const junction = new FakeJunction().withoutAuthentication().on('GET', '/api/v1/groups', { status: 200, body: [] });
    renderWithSession(<RulesPanel />, junction);
    expect(await screen.findByText(/does not serve routing rules/)).toBeInTheDocument();
  });
});

describe('DryRunPanel', () => {
  it('parses pasted headers and names a line that is not one', () => {
    expect(parseHeaders('X-Trino-Catalog: hive\n\nX-Trino-Session: a=1, b=2')).toEqual({ 'X-Trino-Catalog': 'hive', 'X-Trino-Session': 'a=1, b=2' });
    expect(() => parseHeaders('X-Trino-Catalog hive')).toThrow('line 1 is not "Header-Name: value"');
  });

  it('asks where a query would go and shows the rule, group, cluster and why', async () => {
    const junction = new FakeJunction().withoutAuthentication().on('POST', '/api/v1/routing/dry-run', {
      status: 200,
      body: {
        decision: 'ROUTED',
        routingGroup: 'etl',
        matchedRules: ['etl'],
        cluster: 'etl-1',
        reason: "rule 'etl' chose group 'etl', least-loaded",
        headerEdits: [{ set: 'X-Trino-Client-Tags', value: 'via-junction' }],
      },
    });
    const user = userEvent.setup();
    renderWithSession(<DryRunPanel />, junction);
    await user.type(screen.getByLabelText('Source (X-Trino-Source)'), 'airflow');
    await user.type(screen.getByLabelText('More headers'), 'X-Trino-Catalog: hive');
    await user.click(screen.getByRole('button', { name: 'Dry run' }));
    expect(await screen.findByTestId('dry-run-cluster')).toHaveTextContent('etl-1');
    expect(screen.getByTestId('dry-run-group')).toHaveTextContent('etl');
    expect(screen.getByTestId('dry-run-rules')).toHaveTextContent('etl');
    expect(screen.getByText("rule 'etl' chose group 'etl', least-loaded")).toBeInTheDocument();
    expect(junction.requestsTo('POST', '/api/v1/routing/dry-run')[0]!.body).toEqual({
      headers: { 'X-Trino-Catalog': 'hive', 'X-Trino-User': 'alice', 'X-Trino-Source': 'airflow' },
      sql: 'SELECT 1',
    });
  });
});
