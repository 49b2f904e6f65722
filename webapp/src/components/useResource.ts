import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Loads again now (after a change), keeping the shown data until the answer arrives. */
  reload: () => void;
}

/**
 * Loads something from the API, again whenever `key` changes, and every `pollMs` while the
 * component is shown. Answers that arrive after a newer request started are dropped.
 */
export function useResource<T>(key: string, load: () => Promise<T>, pollMs?: number): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const sequence = useRef(0);

  const reload = useCallback(() => setTick((value) => value + 1), []);

  useEffect(() => {
    const request = ++sequence.current;
    setLoading(true);
    loadRef.current().then(
      (value) => {
        if (request === sequence.current) {
          setData(value);
          setError(undefined);
          setLoading(false);
        }
      },
      (failure: unknown) => {
        if (request === sequence.current) {
          setError(failure instanceof Error ? failure : new Error(String(failure)));
          setLoading(false);
        }
      },
    );
  }, [key, tick]);

  useEffect(() => {
    if (!pollMs) {
      return;
    }
    const timer = window.setInterval(() => setTick((value) => value + 1), pollMs);
    return () => window.clearInterval(timer);
  }, [pollMs, key]);

  useEffect(
    () => () => {
      // unmounted: drop whatever is still on its way
      sequence.current++;
    },
    [],
  );

  return { data, error, loading, reload };
}

/** Calls `fn` after `delayMs` without a newer call; the latest arguments win. */
export function useDebounced<A extends unknown[]>(fn: (...args: A) => void, delayMs: number): (...args: A) => void {
  const timer = useRef<number | undefined>(undefined);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useCallback(
    (...args: A) => {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => fnRef.current(...args), delayMs);
    },
    [delayMs],
  );
}
