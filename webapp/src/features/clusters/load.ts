import type { Cluster } from '../../api/types';

// The fleet's load fields may sit on the cluster or in its live view; null means unknown.

export function runningQueries(cluster: Cluster): number | null {
  return cluster.runningQueries ?? cluster.live?.runningQueries ?? null;
}

export function queuedQueries(cluster: Cluster): number | null {
  return cluster.queuedQueries ?? cluster.live?.queuedQueries ?? null;
}

export function health(cluster: Cluster): string {
  return cluster.live?.health ?? 'UNKNOWN';
}
