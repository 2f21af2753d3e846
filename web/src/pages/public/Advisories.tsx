// Published advisories (GET /api/v1/public/advisories): the last published
// revision of each advisory that passed the publication gates, never a
// working copy. Empty until an advisory is published.
import { Button, Card, Empty, Input, List, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, ApiError, type Page } from '../../api/client';
import type { PublicAdvisory } from '../../api/types';
import { useCursorList } from '../../lib/useCursorList';
import { useAsync } from '../../lib/useAsync';
import { CursorPager } from '../../components/CursorPager';
import { ErrorState } from '../../components/ErrorState';
import { GradeTag } from '../../components/Tags';
import { AdvisoryDocument, pickText } from '../../components/AdvisoryDocument';
import { fmtDate } from '../../lib/time';

function productText(a: PublicAdvisory): string {
  return (a.affected ?? []).map((p) => [p.vendor, p.name].filter(Boolean).join(' ')).join(', ');
}

export function Advisories() {
  const { t, lang } = useI18n();
  // R-IDS: find an advisory by any id it lists (CVE, CNVD, CNNVD, CICSVD, NVDB...).
  const [externalId, setExternalId] = useState('');
  const list = useCursorList<PublicAdvisory>(
    (cursor, limit) =>
      api.get<Page<PublicAdvisory>>('/api/v1/public/advisories', { limit, cursor, ...(externalId ? { external_id: externalId } : {}) }),
    externalId || 'all',
  );
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t('advisories.title')}</Typography.Title>}>
      <Typography.Paragraph type="secondary">{t('advisories.intro')}</Typography.Paragraph>
      {/* The feeds scanners and readers follow: Atom for people's readers, the CSAF provider tree for tools. */}
      <Space wrap style={{ marginBottom: 16 }} data-testid="advisories-feeds">
        <span>{t('advisories.feeds')}</span>
        <a href="/api/v1/public/advisories.atom" type="application/atom+xml" data-testid="advisories-atom">
          {t('advisories.atom')}
        </a>
        <a href="/.well-known/csaf/provider-metadata.json" data-testid="advisories-csaf-provider">
          {t('advisories.csafProvider')}
        </a>
      </Space>
      <Input.Search
        allowClear
        aria-label={t('advisories.searchId')}
        placeholder={t('advisories.searchId')}
        onSearch={(v) => setExternalId(v.trim())}
        style={{ width: 320, marginBottom: 16 }}
        data-testid="advisories-search-id"
      />
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
              <List.Item key={a.ref} extra={<GradeTag grade={a.grade} />}>
                <List.Item.Meta
                  title={
                    <Link to={`/advisories/${encodeURIComponent(a.ref)}`}>
                      <Tag>{a.ref}</Tag>
                      {pickText(a, lang, 'title')}
                    </Link>
                  }
                  description={
                    <Space wrap size={12}>
                      <span>
                        {t('advisories.published')}: {fmtDate(a.published_at)}
                      </span>
                      {productText(a) && <span>{productText(a)}</span>}
                      {a.cwe ? <Tag>CWE-{a.cwe}</Tag> : null}
                      {(a.external_ids ?? []).map((x) => (
                        <Tag key={x} color="blue">
                          {x}
                        </Tag>
                      ))}
                    </Space>
                  }
                />
                <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {pickText(a, lang, 'summary')}
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

/** The published revision as CSAF 2.0, and as OSV and CVE 5 where the advisory has what they need. */
function Downloads({ a }: { a: PublicAdvisory }) {
  const { t } = useI18n();
  const base = `/api/v1/public/advisories/${encodeURIComponent(a.ref)}`;
  const formats: [string, string][] = [['csaf', 'CSAF 2.0']];
  if (a.affected.some((p) => p.purl)) formats.push(['osv', 'OSV']);
  if (a.external_ids.some((x) => x.startsWith('CVE-'))) formats.push(['cve5', 'CVE JSON 5']);
  return (
    <Space wrap style={{ marginTop: 16 }} data-testid="advisory-downloads">
      <span>{t('advisories.downloads')}</span>
      {formats.map(([f, label]) => (
        <a key={f} href={`${base}/${f}`} download data-testid={`advisory-download-${f}`}>
          {label}
        </a>
      ))}
    </Space>
  );
}

export function AdvisoryDetail() {
  const { t, lang } = useI18n();
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
  return (
    <Card
      title={
        <Space wrap>
          <Tag>{data.ref}</Tag>
          <span data-testid="advisory-title">{pickText(data, lang, 'title')}</span>
        </Space>
      }
      extra={<GradeTag grade={data.grade} />}
    >
      <AdvisoryDocument a={data} />
      <Downloads a={data} />
      <div style={{ marginTop: 16 }}>{back}</div>
    </Card>
  );
}
