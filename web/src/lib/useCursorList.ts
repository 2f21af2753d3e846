// Server-side pagination over cursor lists: remembers the cursor of each page
// visited, so next/previous cost one indexed query each, at any list size.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api/client';

export interface CursorList<T> {
  items: T[];
  total: number | undefined;
  totalCapped: boolean; // the server stopped counting: more than `total` rows
  page: number;
  pageSize: number;
  hasNext: boolean;
  loading: boolean;
  error: unknown;
  next: () => void;
  prev: () => void;
  first: () => void;
  setPageSize: (n: number) => void;
  reload: () => void;
}

export function useCursorList<T>(
  fetchPage: (cursor: string | undefined, limit: number) => Promise<Page<T>>,
  filterKey: string,
  initialPageSize = 20,
): CursorList<T> {
  const [pageSize, setPageSizeState] = useState(initialPageSize);
  const [page, setPage] = useState(0);
  const cursors = useRef<(string | undefined)[]>([undefined]);
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState<number>();
  const [totalCapped, setTotalCapped] = useState(false);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  // A new filter or page size starts again at the first page.
  useEffect(() => {
    cursors.current = [undefined];
    setPage(0);
    setTotal(undefined);
    setTotalCapped(false);
  }, [filterKey, pageSize]);

  useEffect(() => {
    const my = ++seq.current;
    setLoading(true);
    setError(undefined);
    fetchRef.current(cursors.current[page], pageSize).then(
      (r) => {
        if (my !== seq.current) return;
        setItems(r.items);
        setNextCursor(r.next_cursor);
        if (r.next_cursor) cursors.current[page + 1] = r.next_cursor;
        if (typeof r.total === 'number') {
          setTotal(r.total);
          setTotalCapped(r.total_capped === true);
        }
        setLoading(false);
      },
      (e: unknown) => {
        if (my !== seq.current) return;
        setError(e);
        setItems([]);
        setLoading(false);
      },
    );
  }, [page, pageSize, filterKey, tick]);

  return {
    items,
    total,
    totalCapped,
    page,
    pageSize,
    hasNext: !!nextCursor,
    loading,
    error,
    next: useCallback(() => setPage((p) => p + 1), []),
    prev: useCallback(() => setPage((p) => Math.max(0, p - 1)), []),
    first: useCallback(() => setPage(0), []),
    setPageSize: useCallback((n: number) => setPageSizeState(n), []),
    reload: useCallback(() => setTick((x) => x + 1), []),
  };
}
