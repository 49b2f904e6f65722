import { describe, expect, it } from 'vitest';
import type { QueryRecord } from '../../api/types';
import { MINUTE, addSample, sampleSeries, traffic } from './metrics';

function query(submittedAt: string, routingGroup: string): QueryRecord {
  return {
    queryId: `q-${submittedAt}-${routingGroup}`,
    user: 'alice',
    clientTags: [],
    routingGroup,
    cluster: 'c',
    sql: 'SELECT 1',
    sqlTruncated: false,
    submittedAt,
    state: 'FINISHED',
  };
}

describe('traffic', () => {
  it('counts queries per minute and per routing group, with empty minutes as 0', () => {
    const from = Date.parse('2026-01-01T10:00:00Z');
    const to = from + 3 * MINUTE;
    const data = traffic(
      [
        query('2026-01-01T10:00:10Z', 'etl'),
        query('2026-01-01T10:00:50Z', 'adhoc'),
        query('2026-01-01T10:00:59Z', 'etl'),
        query('2026-01-01T10:02:30Z', 'adhoc'),
        query('2026-01-01T09:59:00Z', 'etl'), // before the window
      ],
      from,
      to,
    );
    expect(data.total).toBe(4);
    expect(data.groups).toEqual(['adhoc', 'etl']);
    expect(data.perMinute.map((point) => point.v)).toEqual([3, 0, 1]);
    expect(data.byGroup.map((bucket) => bucket.values)).toEqual([{ etl: 2, adhoc: 1 }, {}, { adhoc: 1 }]);
  });
});

describe('fleet samples', () => {
  it('keeps the samples of the window and makes a series per group', () => {
    const fleet = (etl: number) => ({
      clusters: 2,
      healthy: 2,
      acceptingNewQueries: 2,
      inFlight: etl,
      groups: { etl: { clusters: 1, acceptingNewQueries: 1, inFlight: etl }, adhoc: { clusters: 1, acceptingNewQueries: 1, inFlight: 0 } },
      clusterDetails: [],
    });
    let samples = addSample([], fleet(1), 1000, 10_000);
    samples = addSample(samples, fleet(3), 5000, 10_000);
    samples = addSample(samples, fleet(2), 12_000, 10_000);
    expect(samples.map((sample) => sample.t)).toEqual([5000, 12_000]);
    expect(sampleSeries(samples)).toEqual([
      { name: 'adhoc', points: [{ t: 5000, v: 0 }, { t: 12_000, v: 0 }] },
      { name: 'etl', points: [{ t: 5000, v: 3 }, { t: 12_000, v: 2 }] },
    ]);
  });
});
