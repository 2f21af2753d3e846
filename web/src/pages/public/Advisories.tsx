import { Card, Descriptions, Empty, List, Skeleton, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import { useAsync } from '../../lib/useAsync';
import { ErrorState } from '../../components/ErrorState';
import { GradeTag } from '../../components/Tags';
import { fmtDate } from '../../lib/time';

interface Advisory {
  id: string;
  ref?: string;
  title: string;
  summary?: string;
  grade?: string;
  published_at?: string;
  affected_versions?: string;
  fix?: string;
  credits?: string;
  references?: string[];
}

// Publishing is a later feature: until the server has the route, the list is empty.
async function listAdvisories(): Promise<Advisory[]> {
  try {
    const r = await api.get<{ items: Advisory[] }>('/api/v1/public/advisories');
    return r.items ?? [];
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return [];
    throw e;
  }
}

export function Advisories() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync(listAdvisories, []);
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t('advisories.title')}</Typography.Title>}>
      {loading ? (
        <Skeleton active />
      ) : error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : !data?.length ? (
        <Empty description={t('advisories.empty')} />
      ) : (
        <List
          itemLayout="vertical"
          dataSource={data}
          renderItem={(a) => (
            <List.Item key={a.id} extra={<GradeTag grade={a.grade} />}>
              <List.Item.Meta
                title={<Link to={`/advisories/${a.id}`}>{a.ref ? `${a.ref} ` : ''}{a.title}</Link>}
                description={fmtDate(a.published_at)}
              />
              {a.summary}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

export function AdvisoryDetail() {
  const { t } = useI18n();
  const { id } = useParams();
  const { data, error, loading, reload } = useAsync(() => api.get<Advisory>(`/api/v1/public/advisories/${id}`), [id]);
  if (loading) return <Skeleton active />;
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Empty />;
  return (
    <Card title={data.title} extra={<GradeTag grade={data.grade} />}>
      <Descriptions column={1} bordered>
        <Descriptions.Item label={t('advisories.published')}>{fmtDate(data.published_at)}</Descriptions.Item>
        <Descriptions.Item label={t('field.summary')}>{data.summary}</Descriptions.Item>
        <Descriptions.Item label={t('field.affectedVersions')}>{data.affected_versions}</Descriptions.Item>
        <Descriptions.Item label={t('advisories.fix')}>{data.fix}</Descriptions.Item>
        <Descriptions.Item label={t('advisories.credits')}>{data.credits}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
