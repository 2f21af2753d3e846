import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { filtersFromParams, inboxQuery, INBOX_GRADES } from './inboxQuery';

describe('reports inbox filters -> GET /api/v1/reports query', () => {
  it('sends the grade filter as grade=<code>', () => {
    for (const g of INBOX_GRADES) {
      const f = filtersFromParams(new URLSearchParams(`grade=${g}`), '');
      expect(inboxQuery(f)).toEqual({ grade: g });
    }
  });

  it('drops grades and states the server does not know, and bad product ids', () => {
    const f = filtersFromParams(new URLSearchParams('grade=urgent&state=open&product_id=1;drop'), '');
    expect(inboxQuery(f)).toEqual({});
  });

  it('combines every filter and leaves empty ones out', () => {
    const f = filtersFromParams(
      new URLSearchParams('state=triage&product_id=7&grade=high&from=2026-11-01&to=2026-11-02&order=asc'),
      '  router ',
    );
    const q = inboxQuery(f);
    expect(q).toMatchObject({ state: 'triage', product_id: '7', grade: 'high', order: 'asc', text: 'router' });
    expect(q.from).toBe(dayjs('2026-11-01').startOf('day').toISOString());
    expect(q.to).toBe(dayjs('2026-11-02').endOf('day').toISOString());
    expect(Object.keys(inboxQuery(filtersFromParams(new URLSearchParams('order=desc'), ' ')))).toEqual([]);
  });
});
