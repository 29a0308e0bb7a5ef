import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** The console refreshes what it shows this often: a few times per daemon iteration (30 s by default). */
export const POLL_INTERVAL_MS = 5_000;

export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly refresh: () => void;
}

/**
 * Calls `load` now and every `intervalMs` while mounted (and again when `key` changes);
 * keeps the last good data while a later call fails, so a blip does not blank the page.
 */
export function usePolling<T>(load: () => Promise<T>, key: string, intervalMs = POLL_INTERVAL_MS): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const run = useCallback(async () => {
    const mine = generation.current;
    try {
      const value = await loadRef.current();
      if (mine !== generation.current) return;
      setData(value);
      setError(undefined);
    } catch (err) {
      if (mine !== generation.current) return;
      setError(err);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    generation.current++;
    setData(undefined);
    setError(undefined);
    setLoading(true);
    void run();
    const timer = setInterval(() => void run(), intervalMs);
    return () => {
      clearInterval(timer);
      generation.current++;
    };
  }, [key, intervalMs, run]);

  return { data, error, loading, refresh: () => void run() };
}

/** The hash route: #/, #/worker-type/<name>, #/create. */
export function useHashRoute(): string {
  const [hash, setHash] = useState(() => location.hash.replace(/^#/, '') || '/');
  useEffect(() => {
    const onChange = () => setHash(location.hash.replace(/^#/, '') || '/');
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

/** A clock that ticks, so ages and "… ago" stay current between polls. */
export function useNow(intervalMs = 1_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Matches the stylesheet's phone breakpoint. */
const NARROW_QUERY = '(max-width: 720px)';

/** True on a phone-width screen, following resizes. */
export function useNarrowScreen(): boolean {
  const [narrow, setNarrow] = useState(() => matchMedia(NARROW_QUERY).matches);
  useEffect(() => {
    const query = matchMedia(NARROW_QUERY);
    const onChange = () => setNarrow(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return narrow;
}
