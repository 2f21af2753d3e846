import { useMemo, useState } from 'react';
import { Card, DatePicker, Empty, Input, Select, Space, Table, Typography, Tag, Tooltip } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n';
import { api, type Page } from '../../api/client';
import type { Product, Report } from '../../api/types';
import { useCursorList } from '../../lib/useCursorList';
import { useAsync, useDebounced } from '../../lib/useAsync';
import { CursorPager } from '../../components/CursorPager';
import { ErrorState } from '../../components/ErrorState';
import { ReportStateTag } from '../../components/Tags';
import { TriageActions } from '../../components/TriageActions';
import { fmtTime } from '../../lib/time';
import { filtersFromParams, inboxQuery, INBOX_GRADES, INBOX_STATES } from '../../lib/inboxQuery';


export function useProducts() {
  return useAsync(() => api.get<Page<Product>>('/api/v1/products', { limit: 200 }).then((r) => r.items), []);
}

export function Inbox() {
  const { t, td } = useI18n();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('text') ?? '');
  const dtext = useDebounced(text, 300);
  const products = useProducts();
  const filters = filtersFromParams(params, dtext);
  const key = JSON.stringify(filters);
  const list = useCursorList<Report>(
    (cursor, limit) => api.get<Page<Report>>('/api/v1/reports', { ...inboxQuery(filters), limit, cursor }),
    key,
  );
  const set = (k: string, v: string | null | undefined) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: true });
  };
  const productName = useMemo(() => {
    const m = new Map((products.data ?? []).map((p) => [p.id, p.name]));
    return (id?: string | null) => (id ? m.get(id) ?? id : '');
  }, [products.data]);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.inbox')}
      </Typography.Title>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            aria-label={t('field.search')}
            placeholder={t('inbox.searchPh')}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              set('text', e.target.value);
            }}
            style={{ width: 260 }}
          />
          <Select
            allowClear
            aria-label={t('field.state')}
            placeholder={t('field.state')}
            value={filters.state || undefined}
            onChange={(v) => set('state', v)}
            style={{ width: 150 }}
            options={INBOX_STATES.map((s) => ({ value: s, label: td('reportState', s) }))}
            data-testid="filter-state"
          />
          <Select
            allowClear
            aria-label={t('inbox.gradePh')}
            placeholder={t('inbox.gradePh')}
            value={filters.grade || undefined}
            onChange={(v) => set('grade', v)}
            style={{ width: 170 }}
            options={INBOX_GRADES.map((g) => ({ value: g, label: g === 'none' ? t('grade.filter.none') : td('grade', g) }))}
            data-testid="filter-grade"
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            aria-label={t('field.productRef')}
            placeholder={t('field.productRef')}
            value={filters.product_id || undefined}
            onChange={(v) => set('product_id', v)}
            style={{ width: 200 }}
            loading={products.loading}
            options={(products.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          />
          <DatePicker.RangePicker
            aria-label={t('field.dateRange')}
            value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
            onChange={(r) => {
              const p = new URLSearchParams(params);
              if (r && r[0] && r[1]) {
                p.set('from', r[0].format('YYYY-MM-DD'));
                p.set('to', r[1].format('YYYY-MM-DD'));
              } else {
                p.delete('from');
                p.delete('to');
              }
              setParams(p, { replace: true });
            }}
          />
        </Space>
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<Report>
              data-testid="inbox-table"
              loading={list.loading}
              dataSource={list.items}
              rowKey="id"
              pagination={false}
              scroll={{ x: 900 }}
              locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
              onChange={(_, __, sorter) => {
                const s = Array.isArray(sorter) ? sorter[0] : sorter;
                set('order', s.order === 'ascend' ? 'asc' : null);
              }}
              columns={[
                {
                  title: t('field.title'),
                  key: 'title',
                  render: (_, r) => (
                    <Space direction="vertical" size={0}>
                      <Link to={`/console/reports/${r.id}`}>{r.title}</Link>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.tracking_id}
                        {r.attachment_count ? (
                          <Tooltip title={t('field.attachments')}>
                            {' '}
                            <PaperClipOutlined /> {r.attachment_count}
                          </Tooltip>
                        ) : null}
                      </Typography.Text>
                    </Space>
                  ),
                },
                {
                  title: t('field.product'),
                  key: 'product',
                  width: 200,
                  render: (_, r) => (r.product_id ? productName(r.product_id) : r.product_text),
                },
                { title: t('field.cwe'), dataIndex: 'cwe', width: 110, render: (v: string) => (v ? <Tag>{v}</Tag> : null) },
                { title: t('field.state'), dataIndex: 'state', width: 120, render: (s: string) => <ReportStateTag state={s} /> },
                {
                  title: t('field.receivedAt'),
                  dataIndex: 'received_at',
                  width: 200,
                  sorter: true,
                  sortOrder: filters.order === 'asc' ? 'ascend' : 'descend',
                  sortDirections: ['descend', 'ascend', 'descend'],
                  render: (v: string) => fmtTime(v),
                },
                {
                  title: t('field.actions'),
                  key: 'actions',
                  width: 120,
                  render: (_, r) => (
                    <Link to={`/console/reports/${r.id}`}>{allowedCount(r) ? t('inbox.triage') : t('action.view')}</Link>
                  ),
                },
              ]}
            />
            <CursorPager list={list} />
          </>
        )}
      </Card>
    </Space>
  );
}

function allowedCount(r: Report): number {
  return ['received', 'triage', 'needs_info'].includes(r.state) ? 1 : 0;
}

export { TriageActions };
