import { Alert, Button, Card, Col, Descriptions, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, LockOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, ApiError, type Page } from '../../api/client';
import type { Attachment, Confidential, Message, Report, TimelineEntry } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { ErrorState } from '../../components/ErrorState';
import { ReportStateTag } from '../../components/Tags';
import { TriageActions } from '../../components/TriageActions';
import { CaseTimeline, MessageThread } from '../../components/Thread';
import { fmtTime } from '../../lib/time';
import { ForwardReport } from './FederationActions';

function sizeText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentsTable({ reportId, attachments }: { reportId: string; attachments: Attachment[] }) {
  const { t } = useI18n();
  return (
    <Table<Attachment>
      size="small"
      rowKey="id"
      dataSource={attachments}
      pagination={false}
      locale={{ emptyText: t('report.noAttachments') }}
      columns={[
        { title: t('field.name'), dataIndex: 'filename' },
        { title: t('field.type'), dataIndex: 'content_type', width: 180 },
        { title: t('field.size'), dataIndex: 'size', width: 100, render: (n: number) => sizeText(n) },
        { title: 'SHA-256', dataIndex: 'sha256', ellipsis: true, render: (s: string) => <Typography.Text code copyable={{ text: s }}>{s.slice(0, 16)}…</Typography.Text> },
        {
          title: t('field.actions'),
          key: 'dl',
          width: 100,
          render: (_, a) => (
            <a href={`/api/v1/reports/${reportId}/attachments/${a.id}`} download={a.filename}>
              <DownloadOutlined /> {t('action.download')}
            </a>
          ),
        },
      ]}
    />
  );
}

/** Who sent a report: the signed-in submitter's display name, or "anonymous" with the contact name given. */
export function SubmitterText({ report }: { report: Report }) {
  const { t } = useI18n();
  if (report.submitter) return <span data-testid="report-submitter">{report.submitter.name || t('report.none')}</span>;
  return (
    <span data-testid="report-submitter">
      {t('report.anonymousSubmitter')}
      {report.contact_name ? ` · ${report.contact_name}` : ''}
    </span>
  );
}

export function ConfidentialPanel({ reportId }: { reportId: string }) {
  const { t } = useI18n();
  const conf = useAsync(() => api.get<Confidential>(`/api/v1/reports/${reportId}/confidential`), [reportId]);
  if (conf.loading) return <Skeleton active />;
  if (conf.error instanceof ApiError && conf.error.status === 403)
    return <Alert type="info" showIcon icon={<LockOutlined />} message={t('report.noConfidentialAccess')} />;
  if (conf.error) return <ErrorState error={conf.error} onRetry={conf.reload} compact />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="warning" showIcon icon={<LockOutlined />} message={t('report.confidentialNotice')} />
      <Typography.Title level={5}>{t('field.verification')}</Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="verification">
        {conf.data?.verification || t('report.none')}
      </Typography.Paragraph>
      <Typography.Title level={5}>{t('field.attachments')}</Typography.Title>
      <AttachmentsTable reportId={reportId} attachments={conf.data?.attachments ?? []} />
    </Space>
  );
}

export function ReportDetail() {
  const { t } = useI18n();
  const { id } = useParams();
  const rep = useAsync(() => api.get<Report>(`/api/v1/reports/${id}`), [id]);
  const msgs = useAsync(() => api.get<Page<Message>>(`/api/v1/reports/${id}/messages`).then((r) => r.items ?? (r as unknown as Message[])), [id]);
  const tl = useAsync(
    () => api.get<Page<TimelineEntry>>(`/api/v1/reports/${id}/timeline`).then((r) => r.items ?? (r as unknown as TimelineEntry[])),
    [id],
  );
  if (rep.loading && !rep.data) return <Skeleton active />;
  if (rep.error) return <ErrorState error={rep.error} onRetry={rep.reload} />;
  const r = rep.data!;
  const yesNo = (b?: boolean) => (b ? t('common.yes') : t('common.no'));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap align="center">
            <Link to="/console/reports">← {t('nav.inbox')}</Link>
          </Space>
          <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
            <Space wrap align="center">
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="report-title">
                {r.title}
              </Typography.Title>
              <span data-testid="report-state">
                <ReportStateTag state={r.state} />
              </span>
            </Space>
            <TriageActions
              report={r}
              onDone={(nr) => {
                rep.setData({ ...r, ...nr });
                tl.reload();
                msgs.reload();
              }}
            />
          </Space>
          {r.case_id && (
            <Alert
              type="success"
              showIcon
              message={
                <span>
                  {t('report.linkedCase')} <Link to={`/console/cases/${r.case_id}`}>{r.case_ref || r.case_id}</Link>
                </span>
              }
            />
          )}
          <ForwardReport r={r} />
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('report.details')}>
              <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
                <Descriptions.Item label={t('track.id')}>{r.tracking_id}</Descriptions.Item>
                <Descriptions.Item label={t('field.receivedAt')}>{fmtTime(r.received_at)}</Descriptions.Item>
                <Descriptions.Item label={t('field.product')}>{r.product_text}</Descriptions.Item>
                <Descriptions.Item label={t('field.version')}>{r.product_version}</Descriptions.Item>
                <Descriptions.Item label={t('field.vulnType')}>{r.vuln_type}</Descriptions.Item>
                <Descriptions.Item label={t('field.cwe')}>{r.cwe && <Tag>{r.cwe}</Tag>}</Descriptions.Item>
                <Descriptions.Item label={t('field.gbtClass')}>{r.gbt_class}</Descriptions.Item>
                <Descriptions.Item label={t('field.discoveredOn')}>{r.discovered_on}</Descriptions.Item>
                <Descriptions.Item label={t('field.alreadyPublic')}>{yesNo(r.already_public)}</Descriptions.Item>
                <Descriptions.Item label={t('field.exploited')}>{yesNo(r.exploited)}</Descriptions.Item>
                <Descriptions.Item label={t('field.location')} span={2}>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{r.location}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('field.trigger')} span={2}>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{r.trigger_conditions}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('field.impact')} span={2}>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{r.impact}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('field.disclosurePlans')} span={2}>
                  {r.disclosure_plans}
                </Descriptions.Item>
                <Descriptions.Item label={t('report.submittedBy')}>
                  <SubmitterText report={r} />
                </Descriptions.Item>
                <Descriptions.Item label={t('field.contactEmail')}>{r.contact_email}</Descriptions.Item>
                <Descriptions.Item label={t('field.contactName')}>{r.contact_name}</Descriptions.Item>
                <Descriptions.Item label={t('field.channel')}>{r.channel}</Descriptions.Item>
              </Descriptions>
            </Card>
            <Card title={t('report.confidential')}>
              <ConfidentialPanel reportId={r.id} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('case.messages')}>
              {msgs.error ? (
                <ErrorState error={msgs.error} onRetry={msgs.reload} compact />
              ) : msgs.loading && !msgs.data ? (
                <Skeleton active />
              ) : (
                <MessageThread
                  messages={msgs.data ?? []}
                  visibilities={['finder', 'coordinators']}
                  onSend={async (visibility, body) => {
                    await api.post(`/api/v1/reports/${r.id}/messages`, { visibility, body });
                    msgs.reload();
                    tl.reload();
                  }}
                />
              )}
            </Card>
            <Card title={t('case.timeline')} extra={<Button size="small" onClick={tl.reload}>{t('action.refresh')}</Button>}>
              {tl.error ? <ErrorState error={tl.error} onRetry={tl.reload} compact /> : tl.loading && !tl.data ? <Skeleton active /> : <CaseTimeline entries={tl.data ?? []} />}
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
