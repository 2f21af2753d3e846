// Feature detection from the server's OpenAPI document: panels for features
// the server does not have yet say so instead of failing.
import { useEffect, useState } from 'react';
import { api } from '../api/client';

let cached: Promise<Set<string>> | null = null;

export function loadRoutes(): Promise<Set<string>> {
  cached ??= api
    .get<{ paths?: Record<string, Record<string, unknown>> }>('/api/v1/openapi.json')
    .then((d) => {
      const s = new Set<string>();
      for (const [p, ops] of Object.entries(d.paths ?? {}))
        for (const m of Object.keys(ops)) s.add(`${m.toUpperCase()} ${p.startsWith('/api/v1') ? p : `/api/v1${p}`}`);
      return s;
    })
    .catch(() => new Set<string>());
  return cached;
}

/** undefined while loading; then whether "METHOD /api/v1/path/{param}" exists. */
export function useHasRoute(route: string): boolean | undefined {
  const [has, setHas] = useState<boolean>();
  useEffect(() => {
    void loadRoutes().then((s) => setHas(s.has(route)));
  }, [route]);
  return has;
}
