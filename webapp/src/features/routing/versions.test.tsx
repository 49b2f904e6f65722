import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../api/types';
import { FakeJunction } from '../../test/fakeJunction';
import { renderWithSession } from '../../test/render';
import { parseWeights } from './GroupsPanel';
import { VersionsPanel } from './VersionsPanel';

const ETL: Rule = { name: 'etl', priority: 10, condition: 'source == "airflow"', continue: false, actions: [{ route: 'etl' }] };

describe('VersionsPanel', () => {
  it('diffs a version against the one before and rolls back to an old one', async () => {
    let current = 2;
    const versions = [
      { version: 1, createdAt: '2026-01-01T10:00:00Z', createdBy: 'alice@127.0.0.1', comment: 'first', ruleCount: 1 },
      { version: 2, createdAt: '2026-01-01T11:00:00Z', createdBy: 'bob@127.0.0.1', comment: 'airflow to batch', ruleCount: 1 },
    ];
    const junction = new FakeJunction()
      .withoutAuthentication()
      .on('GET', '/api/v1/rules', () => ({ status: 200, body: { source: 'store', version: current, editable: true, rules: [] } }))
      .on('GET', '/api/v1/rules/versions', () => ({ status: 200, body: { versions: [...versions].reverse() } }))
      .on('GET', '/api/v1/rules/versions/1', { status: 200, body: { ...versions[0], rules: [ETL] } })
      .on('GET', '/api/v1/rules/versions/2', { status: 200, body: { ...versions[1], rules: [{ ...ETL, actions: [{ route: 'batch' }] }] } })
      .on('POST', '/api/v1/rules/rollback', () => {
        current = 3;
        versions.push({ version: 3, createdAt: '2026-01-01T12:00:00Z', createdBy: 'carol@127.0.0.1', comment: 'roll back to 1', ruleCount: 1 });
        return { status: 200, body: { version: 3 } };
      });
    const user = userEvent.setup();
    renderWithSession(<VersionsPanel />, junction);

    const diffButtons = await screen.findAllByRole('button', { name: 'Diff' });
    await user.click(diffButtons[0]!);
    const changes = await screen.findByLabelText('Changes in version 2');
    expect(changes.querySelector('.diff-removed')).toHaveTextContent('- route: etl');
    expect(changes.querySelector('.diff-added')).toHaveTextContent('- route: batch');

    expect(screen.getAllByRole('button', { name: 'Roll back' })).toHaveLength(1); // not for the current version
    await user.click(screen.getByRole('button', { name: 'Roll back' }));
    await user.click(screen.getByRole('button', { name: 'Yes' }));
    expect(await screen.findByText('Rolled back to version 1: now version 3')).toBeInTheDocument();
    expect(junction.requestsTo('POST', '/api/v1/rules/rollback')[0]!.body).toEqual({ version: 1 });
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(4));
  });
});

describe('parseWeights', () => {
  it('reads cluster=weight pairs and names a bad one', () => {
    expect(parseWeights(' etl-big=3, etl-small = 1 ')).toEqual({ 'etl-big': 3, 'etl-small': 1 });
    expect(parseWeights('  ')).toBeUndefined();
    expect(() => parseWeights('etl-big=3, etl-small')).toThrow('"etl-small" is not cluster=weight');
  });
});
