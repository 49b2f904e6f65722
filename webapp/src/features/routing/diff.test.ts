import { describe, expect, it } from 'vitest';
import { diffLines, rulesText } from './diff';

describe('diffLines', () => {
  it('keeps common lines and marks what was removed and added', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });

  it('handles empty sides', () => {
    expect(diffLines([], ['a'])).toEqual([{ kind: 'added', text: 'a' }]);
    expect(diffLines(['a'], [])).toEqual([{ kind: 'removed', text: 'a' }]);
  });
});

describe('rulesText', () => {
  it("writes rules in the rules file's notation", () => {
    expect(
      rulesText([
        {
          name: 'etl',
          priority: 10,
          condition: 'source == "airflow"',
          continue: false,
          actions: [{ route: 'etl' }, { 'set-session-property': { name: 'query_max_run_time', value: '2h' } }],
        },
        { name: 'tag', description: 'Tag all', priority: 20, condition: 'true', continue: true, actions: [{ 'add-client-tag': 'via junction' }] },
      ]),
    ).toEqual([
      '- name: etl',
      '  priority: 10',
      '  condition: "source == \\"airflow\\""',
      '  actions:',
      '    - route: etl',
      '    - set-session-property: {name: query_max_run_time, value: 2h}',
      '- name: tag',
      '  description: Tag all',
      '  priority: 20',
      '  condition: "true"',
      '  continue: true',
      '  actions:',
      '    - add-client-tag: via junction',
    ]);
  });
});
