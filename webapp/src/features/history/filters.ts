import { isoToLocalInput, localInputToIso } from '../../components/time';

export const FILTER_KEYS = ['from', 'to', 'user', 'source', 'cluster', 'group', 'state', 'text'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export const STATES = ['QUEUED', 'RUNNING', 'FINISHED', 'FAILED'];

/** The filters of the page's URL (times as ISO instants). */
export function filtersFromParams(params: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) {
      filters[key] = value;
    }
  }
  return filters;
}

/** The form's values (times in the user's zone) to filters (times as ISO instants). */
export function filtersFromForm(values: Record<FilterKey, string>): Filters {
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = values[key].trim();
    if (!value) {
      continue;
    }
    if (key === 'from' || key === 'to') {
      const iso = localInputToIso(value);
      if (iso) {
        filters[key] = iso;
      }
    } else {
      filters[key] = value;
    }
  }
  return filters;
}

export function formFromFilters(filters: Filters): Record<FilterKey, string> {
  return {
    from: isoToLocalInput(filters.from),
    to: isoToLocalInput(filters.to),
    user: filters.user ?? '',
    source: filters.source ?? '',
    cluster: filters.cluster ?? '',
    group: filters.group ?? '',
    state: filters.state ?? '',
    text: filters.text ?? '',
  };
}

export function trinoUiLink(proxyUri: string, queryId: string): string {
  return `${proxyUri.replace(/\/+$/, '')}/ui/query.html?${encodeURIComponent(queryId)}`;
}
