// "My reports": a signed-in finder's own reports, with their status and the
// messages meant for them (GET /api/v1/my/reports, /my/reports/{id}); the
// server shows a user only the reports they submitted.
import { Button, Card, Empty, Skeleton, Space, Table, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, type Page } from '../../api/client';
import type { MyReport, Tracking } from '../../api/types';
import { useCursorList } from '../../lib/useCursorList';
import { useAsync } from '../../lib/useAsync';
import { CursorPager } from '../../components/CursorPager';
import { ErrorState } from '../../components/ErrorState';
import { ReportStateTag } from '../../components/Tags';
import { fmtTime } from '../../lib/time';
import { TrackingDetails } from '../public/Track';

export function MyReports() {
  const { t } = useI18n();
  const list = useCursorList<MyReport>((cursor, limit) => api.get<Page<MyReport>>('/api/v1/my/reports', { limit, cursor }), 'mine');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.myReports')}
        </Typography.Title>
        <Link to="/submit">
          <Button type="primary">{t('myReports.submitNew')}</Button>
        </Link>
      </Space>
      <Card>
        <Typography.Paragraph type="secondary">{t('myReports.intro')}</Typography.Paragraph>
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<MyReport>
              data-testid="my-reports-table"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              scroll={{ x: 700 }}
              locale={{ emptyText: <Empty description={t('myReports.empty')} /> }}
              columns={[
                {
                  title: t('field.title'),
                  key: 'title',
                  render: (_, r) => (
                    <Space direction="vertical" size={0}>
                      <Link to={`/console/my-reports/${r.id}`}>{r.title}</Link>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.tracking_id}
                      </Typography.Text>
                    </Space>
                  ),
                },
                { title: t('field.product'), dataIndex: 'product_text', width: 200 },
                { title: t('field.state'), dataIndex: 'state', width: 120, render: (s: string) => <ReportStateTag state={s} /> },
                { title: t('field.receivedAt'), dataIndex: 'received_at', width: 210, render: (v: string) => fmtTime(v) },
                { title: t('field.updatedAt'), dataIndex: 'updated_at', width: 210, render: (v: string) => fmtTime(v) },
              ]}
            />
            <CursorPager list={list} />
          </>
        )}
      </Card>
    </Space>
  );
}

export function MyReportDetail() {
  const { t } = useI18n();
  const { id } = useParams();
  const rep = useAsync(() => api.get<Tracking>(`/api/v1/my/reports/${id}`), [id]);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Link to="/console/my-reports">← {t('myReports.back')}</Link>
      {rep.loading && !rep.data ? (
        <Skeleton active />
      ) : rep.error ? (
        <ErrorState error={rep.error} onRetry={rep.reload} />
      ) : rep.data ? (
        <TrackingDetails
          data={rep.data}
          onSend={async (body) => {
            await api.post(`/api/v1/my/reports/${id}/messages`, { body });
            rep.reload();
          }}
        />
      ) : null}
    </Space>
  );
}
