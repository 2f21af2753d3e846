// Federation on the case and report pages: filing a regulatory report with an
// authority's deployment, delivering the upstream notice, emailing customers,
// forwarding an accepted report. Each goes through the outbox: the answer is a
// delivery to follow on the deliveries page.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { CloudUploadOutlined, MailOutlined, SendOutlined, ShareAltOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, ApiError, type FieldError } from '../../api/client';
import type { Case, Filing, Peer, RegulatoryReport, Report } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { usePolling } from '../../lib/usePolling';
import { ErrorState } from '../../components/ErrorState';
import { showRefusal } from '../../components/refusal';
import { fmtTime } from '../../lib/time';
import { useOrgList } from './Admin';
import { orgOf, peerLabel, usePeers } from './Peers';

const filingColors: Record<string, string> = { sending: 'processing', received: 'blue', acknowledged: 'success', returned: 'warning', failed: 'error' };

export function FilingStateTag({ state }: { state: string }) {
  const { td } = useI18n();
  return <Tag color={filingColors[state] ?? 'default'}>{td('filingState', state)}</Tag>;
}

/** A link to one delivery of the outbox. */
export function DeliveryLink({ id }: { id: number | null | undefined }) {
  const { t } = useI18n();
  if (!id) return <>—</>;
  return (
    <Link to={`/console/deliveries/${id}`} data-testid="delivery-link">
      {t('delivery.linkN', { id })}
    </Link>
  );
}

/** Peers the caller may use, optionally only authorities'; `undefined` while loading or when peers are not the caller's to see. */
function usePeerOptions(authorityOnly: boolean) {
  const { td } = useI18n();
  const peers = usePeers();
  const orgs = useOrgList();
  // An authority's deployment for regulatory reports (the server checks too); an organisation we cannot see is offered.
  const list = (peers.data ?? []).filter((p) => {
    const o = orgOf(orgs.data, p.org_id);
    return !authorityOnly || !o || o.type === 'authority';
  });
  return {
    available: !!peers.data,
    options: list.map((p) => ({ value: p.id, label: peerLabel(p, orgs.data, td) })),
  };
}

/**
 * A button that opens a form with a peer picker (and more fields); `send`
 * posts it and answers the delivery id to show.
 */
function PeerAction<V extends object>({
  label,
  icon,
  title,
  intro,
  authorityOnly,
  needsPeer = true,
  testId,
  initial,
  fields,
  send,
  onSent,
  okText,
  onOtherFields,
}: {
  label: string;
  icon: ReactNode;
  title: string;
  intro: string;
  authorityOnly?: boolean;
  needsPeer?: boolean;
  testId: string;
  initial?: Partial<V>;
  fields?: ReactNode;
  send: (v: V) => Promise<number | string | null>;
  onSent: (result: number | string | null) => void;
  okText?: string;
  /** Field errors that are not this form's (a draft's missing Art. 7(2) fields): shown where they belong. */
  onOtherFields?: (fields: FieldError[]) => void;
}) {
  const { t, td } = useI18n();
  const { modal, message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<V>();
  const choices = usePeerOptions(!!authorityOnly);
  if (needsPeer && !choices.available) return null; // peers are platform administrators' to use
  const none = needsPeer && choices.options.length === 0;
  return (
    <>
      <Button icon={icon} onClick={() => { form.resetFields(); setOpen(true); }} disabled={none} title={none ? t('fed.noPeers') : undefined} data-testid={testId}>
        {label}
      </Button>
      <Modal
        open={open}
        title={title}
        okText={okText ?? t('action.send')}
        cancelText={t('action.cancel')}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        width={640}
        destroyOnClose
      >
        <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          name={testId}
          preserve={false}
          initialValues={{ ...(initial ?? {}), ...(choices.options.length === 1 ? { peer_id: choices.options[0].value } : {}) }}
          onFinish={async (v) => {
            setBusy(true);
            try {
              const r = await send(v);
              setOpen(false);
              onSent(r);
            } catch (e) {
              const mine = new Set(Object.keys(form.getFieldsValue() as object).concat(needsPeer ? ['peer_id'] : []));
              const own = e instanceof ApiError ? e.fields.filter((f) => mine.has(f.field)) : [];
              const other = e instanceof ApiError ? e.fields.filter((f) => !mine.has(f.field)) : [];
              if (own.length && !other.length) {
                form.setFields(own.map((f) => ({ name: f.field as never, errors: [f.message] })));
              } else if (other.length && onOtherFields) {
                setOpen(false);
                onOtherFields(other);
                message.error((e as ApiError).message);
              } else {
                setOpen(false);
                showRefusal(modal, t, td, e, 'regState');
              }
            } finally {
              setBusy(false);
            }
          }}
        >
          {needsPeer && (
            <Form.Item name="peer_id" label={t('fed.peer')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select options={choices.options} data-testid={`${testId}-peer`} />
            </Form.Item>
          )}
          {fields}
        </Form>
      </Modal>
    </>
  );
}

/** The filings of one regulatory report, refreshed while one is on its way. */
export function FilingsList({ r, reloadKey, onSettled }: { r: RegulatoryReport; reloadKey: number; onSettled?: () => void }) {
  const { t } = useI18n();
  const peers = usePeers();
  const filings = useAsync(() => api.get<{ items: Filing[] }>(`/api/v1/regulatory-reports/${r.id}/filings`).then((x) => x.items), [r.id, reloadKey]);
  const sending = (filings.data ?? []).some((f) => f.state === 'sending');
  usePolling(sending && !filings.error, filings.reload);
  // A filing that arrives (or fails) changes the report and the case's clock: show them.
  const wasSending = useRef(false);
  useEffect(() => {
    if (wasSending.current && !sending && filings.data) onSettled?.();
    wasSending.current = sending;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sending, filings.data]);
  if (filings.error instanceof ApiError && (filings.error.status === 404 || filings.error.status === 403)) return null;
  if (filings.error) return <ErrorState error={filings.error} onRetry={filings.reload} compact />;
  if (!filings.data?.length) return null;
  const peerName = (id: number) => peers.data?.find((p: Peer) => p.id === id)?.name ?? `#${id}`;
  // A returned or failed filing's reasons, under its row.
  const noteRows = {
    rowExpandable: (f: Filing) => !!f.note,
    expandedRowKeys: (filings.data ?? []).filter((f) => f.note).map((f) => f.id),
    showExpandColumn: false,
    expandedRowRender: (f: Filing) => (
      <Alert
        type={f.state === 'returned' || f.state === 'failed' ? 'error' : 'info'}
        showIcon
        data-testid="filing-note"
        message={f.state === 'returned' ? t('fed.returnedNote') : f.state === 'failed' ? t('fed.failedNote') : t('fed.note')}
        description={<Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{f.note}</Typography.Text>}
      />
    ),
  };
  return (
    <div data-testid="filings">
      <Typography.Title level={5}>{t('fed.filings')}</Typography.Title>
      <Table<Filing>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={filings.data}
        scroll={{ x: 900 }}
        columns={[
          { title: t('field.state'), dataIndex: 'state', width: 120, render: (s: string) => <span data-testid="filing-state"><FilingStateTag state={s} /></span> },
          { title: t('fed.peer'), dataIndex: 'peer_id', render: (id: number) => peerName(id) },
          { title: t('fed.sentAt'), dataIndex: 'created_at', width: 190, render: (v: string) => fmtTime(v) },
          {
            title: t('fed.peerReference'),
            dataIndex: 'peer_reference',
            render: (v: string) => (v ? <Typography.Text code copyable data-testid="filing-reference">{v}</Typography.Text> : '—'),
          },
          {
            title: t('fed.receipt'),
            key: 'receipt',
            render: (_, f) =>
              f.peer_receipt_hash ? (
                <Space direction="vertical" size={0}>
                  <Typography.Text type="secondary">
                    #{f.peer_receipt_seq} · {fmtTime(f.received_at)}
                  </Typography.Text>
                  <Typography.Text code copyable={{ text: f.peer_receipt_hash }} title={f.peer_receipt_hash} data-testid="filing-receipt-hash">
                    {f.peer_receipt_hash.slice(0, 16)}…
                  </Typography.Text>
                </Space>
              ) : (
                '—'
              ),
          },
          { title: t('nav.deliveries'), dataIndex: 'delivery_id', width: 110, render: (id: number) => <DeliveryLink id={id} /> },
        ]}
        expandable={filings.data.some((f) => f.note) ? noteRows : undefined}
      />
    </div>
  );
}

/** "File via federation" for a draft or returned regulatory report. `beforeSend` saves the draft's edits. */
export function FileViaFederation({
  r,
  beforeSend,
  onFiled,
  onDraftErrors,
}: {
  r: RegulatoryReport;
  beforeSend?: () => Promise<unknown>;
  onFiled: () => void;
  onDraftErrors?: (fields: FieldError[]) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <PeerAction<{ peer_id?: number }>
      label={t('fed.file')}
      icon={<CloudUploadOutlined />}
      title={t('fed.fileTitle')}
      intro={t('fed.fileIntro')}
      authorityOnly
      testId="fed-file"
      onOtherFields={onDraftErrors}
      send={async (v) => {
        await beforeSend?.();
        const f = await api.post<Filing>(`/api/v1/regulatory-reports/${r.id}/filings`, { peer_id: v.peer_id });
        return f.delivery_id;
      }}
      onSent={() => {
        message.success(t('fed.fileQueued'));
        onFiled();
      }}
    />
  );
}

/** Result of an action that queued a delivery: a line with the link, kept until closed. */
export function QueuedAlert({ text, delivery, onClose, testId }: { text: string; delivery?: number | null; onClose: () => void; testId: string }) {
  return (
    <Alert
      type="success"
      showIcon
      closable
      onClose={onClose}
      data-testid={testId}
      message={
        <span>
          {text} {delivery ? <DeliveryLink id={delivery} /> : null}
        </span>
      }
    />
  );
}

/** "Deliver upstream notice" through a peer: the R-UPSTREAM notice as a federation call. */
export function UpstreamDelivery({ c, onSent }: { c: Case; onSent: (delivery: number) => void }) {
  const { t } = useI18n();
  return (
    <PeerAction<{ peer_id?: number; component?: string; affected?: string; evidence?: string }>
      label={t('fed.upstream')}
      icon={<SendOutlined />}
      title={t('fed.upstreamTitle')}
      intro={t('fed.upstreamIntro')}
      testId="fed-upstream"
      initial={{ component: c.upstream?.component ?? '', affected: c.affected_versions ?? '' }}
      fields={
        <>
          <Form.Item name="component" label={t('notice.component')} extra={t('fed.componentHint')}>
            <Input placeholder="pkg:maven/org.apache.logging.log4j/log4j-core" />
          </Form.Item>
          <Form.Item name="affected" label={t('field.affectedVersions')}>
            <Input placeholder="vers:maven/>=2.0.0|<2.17.1" />
          </Form.Item>
          <Form.Item name="evidence" label={t('fed.evidence')} extra={t('fed.evidenceHint')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
        </>
      }
      send={async (v) =>
        (
          await api.post<{ delivery_id: number }>(`/api/v1/cases/${c.id}/upstream-deliveries`, {
            peer_id: v.peer_id,
            component: v.component ?? '',
            affected: v.affected ?? '',
            evidence: v.evidence ?? '',
          })
        ).delivery_id
      }
      onSent={(id) => onSent(Number(id))}
    />
  );
}

/** "Email customers": R-FIX-NOTIFY to each customer contact of the case's product, in both languages. */
export function UserNoticeEmails({ c, onSent }: { c: Case; onSent: (queued: number) => void }) {
  const { t } = useI18n();
  const either = (other: string, msg: string) => ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
    validator: (_: unknown, v: string) => (v?.trim() || String(getFieldValue(other) ?? '').trim() ? Promise.resolve() : Promise.reject(new Error(msg))),
  });
  return (
    <PeerAction<{ risk_zh?: string; risk_en?: string; fix_zh?: string; fix_en?: string }>
      label={t('fed.emailCustomers')}
      icon={<MailOutlined />}
      title={t('fed.emailTitle')}
      intro={t('fed.emailIntro')}
      needsPeer={false}
      testId="fed-user-emails"
      okText={t('fed.emailSend')}
      fields={
        <>
          <Form.Item name="risk_zh" label={t('fed.riskZh')} dependencies={['risk_en']} rules={[either('risk_en', t('fed.riskRequired'))]}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="risk_en" label={t('fed.riskEn')}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="fix_zh" label={t('fed.fixZh')} dependencies={['fix_en']} rules={[either('fix_en', t('fed.fixRequired'))]}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="fix_en" label={t('fed.fixEn')}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
      }
      send={async (v) =>
        (
          await api.post<{ queued: number }>(`/api/v1/cases/${c.id}/user-notices/emails`, {
            risk_zh: v.risk_zh ?? '',
            risk_en: v.risk_en ?? '',
            fix_zh: v.fix_zh ?? '',
            fix_en: v.fix_en ?? '',
          })
        ).queued
      }
      onSent={(n) => onSent(Number(n))}
    />
  );
}

/** On an accepted report: forward it to a peer (the provider's deployment). */
export function ForwardReport({ r }: { r: Report }) {
  const { t } = useI18n();
  const [sent, setSent] = useState<number | null>(null);
  if (r.state !== 'accepted') return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <PeerAction<{ peer_id?: number }>
        label={t('fed.forward')}
        icon={<ShareAltOutlined />}
        title={t('fed.forwardTitle')}
        intro={t('fed.forwardIntro')}
        testId="fed-forward"
        send={async (v) => (await api.post<{ delivery_id: number }>(`/api/v1/reports/${r.id}/forwardings`, { peer_id: v.peer_id })).delivery_id}
        onSent={(id) => setSent(Number(id))}
      />
      {sent !== null && <QueuedAlert text={t('fed.forwardQueued')} delivery={sent} onClose={() => setSent(null)} testId="fed-forward-queued" />}
    </Space>
  );
}
