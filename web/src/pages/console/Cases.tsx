import { useState } from 'react';
import { Card, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, type Page } from '../../api/client';
import type { Case } from '../../api/types';
import { useCursorList } from '../../lib/useCursorList';
import { useDebounced } from '../../lib/useAsync';
import { CursorPager } from '../../components/CursorPager';
import { ErrorState } from '../../components/ErrorState';
import { CaseStateTag, ClockStateTag, GradeTag } from '../../components/Tags';
import { Countdown } from '../../components/Countdown';
import { fmtTime } from '../../lib/time';
import { useProducts } from './Inbox';

const STATES = ['verifying', 'confirmed', 'not_affected', 'fixing', 'fixed', 'published', 'closed', 'withdrawn'];
const GRADES = ['critical', 'high', 'medium', 'low'];

export function Cases() {
  const { t, td } = useI18n();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('text') ?? '');
  const dtext = useDebounced(text, 300);
  const products = useProducts();
  const filters = {
    state: params.get('state') ?? '',
    grade: params.get('grade') ?? '',
    product_id: params.get('product_id') ?? '',
    sort: params.get('sort') ?? 'updated',
    order: params.get('order') ?? 'desc',
    text: dtext,
  };
  const list = useCursorList<Case>((cursor, limit) => api.get<Page<Case>>('/api/v1/cases', { ...filters, limit, cursor }), JSON.stringify(filters));
  const set = (k: string, v: string | null | undefined) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: true });
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.cases')}
      </Typography.Title>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            aria-label={t('field.search')}
            placeholder={t('cases.searchPh')}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              set('text', e.target.value);
            }}
            style={{ width: 240 }}
          />
          <Select allowClear aria-label={t('field.state')} placeholder={t('field.state')} value={filters.state || undefined} onChange={(v) => set('state', v)} style={{ width: 140 }} options={STATES.map((s) => ({ value: s, label: td('caseState', s) }))} />
          <Select allowClear aria-label={t('field.grade')} placeholder={t('field.grade')} value={filters.grade || undefined} onChange={(v) => set('grade', v)} style={{ width: 120 }} options={GRADES.map((g) => ({ value: g, label: td('grade', g) }))} />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            aria-label={t('field.productRef')}
            placeholder={t('field.productRef')}
            value={filters.product_id || undefined}
            onChange={(v) => set('product_id', v)}
            style={{ width: 180 }}
            options={(products.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          />
          <Select
            aria-label={t('cases.sort')}
            value={`${filters.sort}:${filters.order}`}
            onChange={(v: string) => {
              const [s, o] = v.split(':');
              const p = new URLSearchParams(params);
              p.set('sort', s);
              p.set('order', o);
              setParams(p, { replace: true });
            }}
            style={{ width: 180 }}
            options={[
              { value: 'updated:desc', label: t('cases.sortUpdated') },
              { value: 'created:desc', label: t('cases.sortNewest') },
              { value: 'created:asc', label: t('cases.sortOldest') },
            ]}
          />
        </Space>
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<Case>
              loading={list.loading}
              dataSource={list.items}
              rowKey="id"
              pagination={false}
              scroll={{ x: 960 }}
              locale={{ emptyText: <Empty description={t('cases.empty')} /> }}
              columns={[
                { title: t('field.ref'), dataIndex: 'ref', width: 150, render: (v: string, c) => <Link to={`/console/cases/${c.id}`}>{v}</Link> },
                {
                  title: t('field.title'),
                  dataIndex: 'title',
                  render: (v: string, c) => (
                    <>
                      <Link to={`/console/cases/${c.id}`}>{v}</Link>
                      {(c.external_ids ?? []).map((x) => (
                        <Tag key={x} style={{ marginLeft: 6 }} data-testid={`case-ext-${x}`}>
                          {x}
                        </Tag>
                      ))}
                    </>
                  ),
                },
                { title: t('field.state'), dataIndex: 'state', width: 110, render: (s: string) => <CaseStateTag state={s} /> },
                { title: t('field.grade'), key: 'grade', width: 90, render: (_, c) => <GradeTag grade={c.assessment?.grade ?? c.grade} /> },
                {
                  title: t('cases.nextClock'),
                  key: 'clock',
                  width: 260,
                  render: (_, c) => {
                    const k = (c.clocks ?? []).filter((x) => !x.stopped_at && x.state !== 'met' && x.state !== 'missed').sort((a, b) => a.due_at.localeCompare(b.due_at))[0];
                    if (!k) return <Typography.Text type="secondary">—</Typography.Text>;
                    return (
                      <Space direction="vertical" size={0}>
                        <Space size={4}>
                          <Tag>{td('clockKind', k.kind)}</Tag>
                          <ClockStateTag state={k.state} />
                        </Space>
                        <Countdown due={k.due_at} />
                      </Space>
                    );
                  },
                },
                { title: t('field.updatedAt'), dataIndex: 'updated_at', width: 190, render: (v: string) => fmtTime(v) },
              ]}
            />
            <CursorPager list={list} />
          </>
        )}
      </Card>
    </Space>
  );
}
