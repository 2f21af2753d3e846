// Published advisories (GET /api/v1/public/advisories): the public part of
// cases that passed the publication gates. Empty until a case is published.
import { Button, Card, Descriptions, Empty, List, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, ApiError, type Page } from '../../api/client';
import type { PublicAdvisory } from '../../api/types';
import { useCursorList } from '../../lib/useCursorList';
import { useAsync } from '../../lib/useAsync';
import { CursorPager } from '../../components/CursorPager';
import { ErrorState } from '../../components/ErrorState';
import { GradeTag } from '../../components/Tags';
import { fmtDate } from '../../lib/time';

function productText(a: PublicAdvisory): string {
  if (!a.product) return '';
  return [a.product.name, a.product.model].filter(Boolean).join(' ');
}

export function Advisories() {
  const { t } = useI18n();
  const list = useCursorList<PublicAdvisory>(
    (cursor, limit) => api.get<Page<PublicAdvisory>>('/api/v1/public/advisories', { limit, cursor }),
    'all',
  );
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t('advisories.title')}</Typography.Title>}>
      <Typography.Paragraph type="secondary">{t('advisories.intro')}</Typography.Paragraph>
      {list.loading && !list.items.length ? (
        <Skeleton active />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.items.length ? (
        <Empty description={t('advisories.empty')} data-testid="advisories-empty" />
      ) : (
        <>
          <List
            itemLayout="vertical"
            dataSource={list.items}
            data-testid="advisories-list"
            renderItem={(a) => (
              <List.Item key={a.id} extra={<GradeTag grade={a.grade} />}>
                <List.Item.Meta
                  title={
                    <Link to={`/advisories/${encodeURIComponent(a.id)}`}>
                      <Tag>{a.ref}</Tag>
                      {a.title}
                    </Link>
                  }
                  description={
                    <Space wrap size={12}>
                      <span>
                        {t('advisories.published')}: {fmtDate(a.published_at)}
                      </span>
                      {productText(a) && <span>{productText(a)}</span>}
                      {a.cwe && <Tag>{a.cwe}</Tag>}
                    </Space>
                  }
                />
                <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {a.summary}
                </Typography.Paragraph>
              </List.Item>
            )}
          />
          <CursorPager list={list} />
        </>
      )}
    </Card>
  );
}

export function AdvisoryDetail() {
  const { t } = useI18n();
  const { id } = useParams();
  const { data, error, loading, reload } = useAsync(
    () => api.get<PublicAdvisory>(`/api/v1/public/advisories/${encodeURIComponent(id ?? '')}`),
    [id],
  );
  const back = (
    <Link to="/advisories">
      <Button>{t('advisories.back')}</Button>
    </Link>
  );
  if (loading && !data) return <Skeleton active />;
  if (error instanceof ApiError && error.status === 404)
    return (
      <div data-testid="advisory-not-found">
        <Result status="404" title={t('advisories.notFound')} extra={back} />
      </div>
    );
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Empty />;
  const scores = [
    data.cvss31_score != null ? `CVSS 3.1 ${data.cvss31_score} (${data.cvss31_vector})` : '',
    data.cvss40_score != null ? `CVSS 4.0 ${data.cvss40_score} (${data.cvss40_vector})` : '',
  ].filter(Boolean);
  return (
    <Card
      title={
        <Space wrap>
          <Tag>{data.ref}</Tag>
          <span data-testid="advisory-title">{data.title}</span>
        </Space>
      }
      extra={<GradeTag grade={data.grade} />}
    >
      <Descriptions column={1} bordered data-testid="advisory-detail">
        <Descriptions.Item label={t('advisories.published')}>{fmtDate(data.published_at)}</Descriptions.Item>
        <Descriptions.Item label={t('field.summary')}>
          <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{data.summary}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('advisories.product')}>{productText(data) || t('report.none')}</Descriptions.Item>
        <Descriptions.Item label={t('field.affectedVersions')}>{data.affected_versions || t('report.none')}</Descriptions.Item>
        <Descriptions.Item label={t('field.grade')}>
          <GradeTag grade={data.grade} />
        </Descriptions.Item>
        <Descriptions.Item label={t('advisories.scores')}>
          {scores.length ? scores.map((x) => <div key={x}>{x}</div>) : t('report.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('field.cwe')}>{data.cwe || t('report.none')}</Descriptions.Item>
        <Descriptions.Item label={t('field.externalIds')}>
          {data.external_ids?.length ? data.external_ids.map((x) => <Tag key={x}>{x}</Tag>) : t('report.none')}
        </Descriptions.Item>
      </Descriptions>
      <div style={{ marginTop: 16 }}>{back}</div>
    </Card>
  );
}
