// Feature detection: panels for features the server does not have yet say
// so instead of failing. The OpenAPI document is asked first; a route it does
// not list is probed with a GET (the server answers "no route" for unknown paths).
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';

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

const probes = new Map<string, Promise<boolean>>();
function probe(path: string): Promise<boolean> {
  let p = probes.get(path);
  if (!p) {
    p = api.get(path).then(
      () => true,
      (e: unknown) => !(e instanceof ApiError && e.status === 404 && /^no route/i.test(e.serverMessage)),
    );
    probes.set(path, p);
  }
  return p;
}

/** undefined while checking; then whether "METHOD /api/v1/path/{param}" exists. `probePath` is a concrete GET path of the same feature. */
export function useHasRoute(route: string, probePath?: string): boolean | undefined {
  const [has, setHas] = useState<boolean>();
  useEffect(() => {
    let live = true;
    void loadRoutes()
      .then((s) => (s.has(route) ? true : probePath ? probe(probePath) : false))
      .then((v) => live && setHas(v));
    return () => {
      live = false;
    };
  }, [route, probePath]);
  return has;
}
