import { describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { useCursorList } from './useCursorList';

// 45 rows served 20 at a time; the cursor is the index of the next row.
function server() {
  return vi.fn(async (cursor: string | undefined, limit: number) => {
    const from = cursor ? Number(cursor) : 0;
    const items = Array.from({ length: Math.max(0, Math.min(limit, 45 - from)) }, (_, i) => from + i);
    const next = from + limit < 45 ? String(from + limit) : null;
    return { items, next_cursor: next, ...(cursor ? {} : { total: 45 }) };
  });
}

describe('useCursorList (server-side paging)', () => {
  it('walks forward and back with the cursors the server gave', async () => {
    const fetchPage = server();
    const { result } = renderHook(() => useCursorList<number>(fetchPage, 'k'));
    await waitFor(() => expect(result.current.items[0]).toBe(0));
    expect(result.current.total).toBe(45);
    expect(result.current.hasNext).toBe(true);
    act(() => result.current.next());
    await waitFor(() => expect(result.current.items[0]).toBe(20));
    act(() => result.current.next());
    await waitFor(() => expect(result.current.items[0]).toBe(40));
    expect(result.current.items).toHaveLength(5);
    expect(result.current.hasNext).toBe(false);
    act(() => result.current.prev());
    await waitFor(() => expect(result.current.items[0]).toBe(20));
    expect(fetchPage).toHaveBeenLastCalledWith('20', 20);
    expect(result.current.total).toBe(45); // kept from the first page
  });

  it('keeps a capped total as a lower bound', async () => {
    const fetchPage = vi.fn(async (cursor: string | undefined) => ({
      items: [1, 2],
      next_cursor: 'c',
      ...(cursor ? {} : { total: 1000, total_capped: true }),
    }));
    const { result } = renderHook(() => useCursorList<number>(fetchPage, 'k'));
    await waitFor(() => expect(result.current.total).toBe(1000));
    expect(result.current.totalCapped).toBe(true);
    act(() => result.current.next());
    await waitFor(() => expect(result.current.page).toBe(1));
    expect(result.current.totalCapped).toBe(true); // kept from the first page
  });

  it('starts again at the first page when the filter changes', async () => {
    const fetchPage = server();
    const { result, rerender } = renderHook(({ k }) => useCursorList<number>(fetchPage, k), { initialProps: { k: 'a' } });
    await waitFor(() => expect(result.current.items[0]).toBe(0));
    act(() => result.current.next());
    await waitFor(() => expect(result.current.page).toBe(1));
    rerender({ k: 'b' });
    await waitFor(() => expect(result.current.page).toBe(0));
    await waitFor(() => expect(result.current.items[0]).toBe(0));
    expect(fetchPage).toHaveBeenLastCalledWith(undefined, 20);
  });

  it('reports errors and recovers on reload', async () => {
    let fail = true;
    const fetchPage = vi.fn(async () => {
      if (fail) throw new Error('boom');
      return { items: [1], next_cursor: null, total: 1 };
    });
    const { result } = renderHook(() => useCursorList<number>(fetchPage, 'k'));
    await waitFor(() => expect(result.current.error).toBeInstanceOf(Error));
    fail = false;
    act(() => result.current.reload());
    await waitFor(() => expect(result.current.items).toEqual([1]));
    expect(result.current.error).toBeUndefined();
  });
});
