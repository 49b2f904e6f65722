import type { Bucket, Point, Series } from '../../components/charts';
import type { Fleet, QueryRecord } from '../../api/types';

export const MINUTE = 60_000;

export interface Traffic {
  from: number;
  to: number;
  perMinute: Point[];
  byGroup: Bucket[];
  groups: string[];
  total: number;
}

/**
 * Queries per minute and their routing groups, from history records submitted in
 * [from, to): one bucket per minute, minutes without queries count 0.
 */
export function traffic(records: QueryRecord[], from: number, to: number, bucketMillis: number = MINUTE): Traffic {
  const start = Math.floor(from / bucketMillis) * bucketMillis;
  const count = Math.max(1, Math.ceil((to - start) / bucketMillis));
  const byGroup: Bucket[] = Array.from({ length: count }, (_, index) => ({ t: start + index * bucketMillis, values: {} }));
  const groups = new Set<string>();
  let total = 0;
  for (const record of records) {
    const submitted = Date.parse(record.submittedAt);
    if (Number.isNaN(submitted) || submitted < start || submitted >= to) {
      continue;
    }
    const bucket = byGroup[Math.floor((submitted - start) / bucketMillis)];
    if (!bucket) {
      continue;
    }
    const group = record.routingGroup || '(none)';
    groups.add(group);
    bucket.values[group] = (bucket.values[group] ?? 0) + 1;
    total++;
  }
  const perMinute = byGroup.map((bucket) => ({
    t: bucket.t + bucketMillis / 2,
    v: (Object.values(bucket.values).reduce((sum, value) => sum + value, 0) * MINUTE) / bucketMillis,
  }));
  return { from: start, to: start + count * bucketMillis, perMinute, byGroup, groups: [...groups].sort(), total };
}

export interface FleetSample {
  t: number;
  inFlightByGroup: Record<string, number>;
}

/** Adds a sample of the fleet's queries in flight per group, keeping the last `keepMillis`. */
export function addSample(samples: FleetSample[], fleet: Fleet, now: number, keepMillis: number): FleetSample[] {
  const inFlightByGroup: Record<string, number> = {};
  for (const [group, totals] of Object.entries(fleet.groups)) {
    inFlightByGroup[group] = totals.inFlight;
  }
  return [...samples.filter((sample) => sample.t >= now - keepMillis), { t: now, inFlightByGroup }];
}

export function sampleSeries(samples: FleetSample[]): Series[] {
  const groups = new Set<string>();
  samples.forEach((sample) => Object.keys(sample.inFlightByGroup).forEach((group) => groups.add(group)));
  return [...groups].sort().map((group) => ({
    name: group,
    points: samples.map((sample) => ({ t: sample.t, v: sample.inFlightByGroup[group] ?? 0 })),
  }));
}
