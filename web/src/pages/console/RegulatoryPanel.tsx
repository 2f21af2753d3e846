import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import { SendOutlined, FileAddOutlined, SaveOutlined, PrinterOutlined, DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n, type MessageKey } from '../../i18n';
import { api, ApiError } from '../../api/client';
import type { Case, RegulatoryReport } from '../../api/types';
import { fmtTime } from '../../lib/time';
import { FileViaFederation, FilingsList } from './FederationActions';

// The Art. 7(2) fields of a regulatory report, in the order the form shows them.
const FIELDS: { name: keyof RegulatoryReport; label: MessageKey; long?: boolean }[] = [
  { name: 'authority', label: 'reg.authority' },
  { name: 'product_name', label: 'reg.productName' },
  { name: 'product_model', label: 'reg.productModel' },
  { name: 'product_version', label: 'reg.productVersion' },
  { name: 'technical_characteristics', label: 'reg.technical', long: true },
  { name: 'harm', label: 'reg.harm', long: true },
  { name: 'scope', label: 'reg.scope', long: true },
  { name: 'provider_name', label: 'reg.provider' },
  { name: 'contact_name', label: 'reg.contactName' },
  { name: 'contact_phone', label: 'reg.contactPhone' },
  { name: 'contact_email', label: 'reg.contactEmail' },
  { name: 'measures', label: 'reg.measures', long: true },
];

export const CHANNELS = ['nvdb', 'email', 'federation', 'post', 'other'];

/** "federation:NVDB" (filed through a peer) reads "平台互联 · NVDB". */
export function channelText(channel: string | undefined, td: (p: string, v: string | null | undefined) => string): string {
  if (!channel) return '';
  const i = channel.indexOf(':');
  if (i > 0 && channel.slice(0, i) === 'federation') return `${td('regChannel', 'federation')} · ${channel.slice(i + 1)}`;
  return td('regChannel', channel);
}

// The report for channels outside loudong (a printable Chinese page, or
// JSON); the server logs each export.
function ExportLinks({ r }: { r: RegulatoryReport }) {
  const { t } = useI18n();
  const base = `/api/v1/regulatory-reports/${r.id}/export`;
  return (
    <Space>
      <a href={`${base}?format=html`} target="_blank" rel="noopener noreferrer" data-testid="reg-print">
        <PrinterOutlined /> {t('reg.print')}
      </a>
      <a href={base} data-testid="reg-export-json">
        <DownloadOutlined /> {t('reg.exportJson')}
      </a>
    </Space>
  );
}

function isSubmitted(r: RegulatoryReport) {
  return !!r.submitted_at || (r.state !== undefined && r.state !== 'draft');
}

function Draft({ r, onChanged, canFile }: { r: RegulatoryReport; onChanged: () => void; canFile: boolean }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [subForm] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [open, setOpen] = useState(false);
  const [filed, setFiled] = useState(0);
  const showFieldErrors = (f: ReturnType<typeof Form.useForm>[0], e: unknown) => {
    if (e instanceof ApiError && e.fields.length) f.setFields(e.fields.map((x) => ({ name: x.field, errors: [x.message] })));
    if (e instanceof ApiError) message.error(e.message);
    else message.error(String(e));
  };
  const save = async () => {
    setBusy(true);
    try {
      await api.patch(`/api/v1/regulatory-reports/${r.id}`, form.getFieldsValue());
      message.success(t('reg.saved'));
      onChanged();
      return true;
    } catch (e) {
      showFieldErrors(form, e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={
        <Space>
          {t('reg.draft')}
          <Tag color="gold">{td('regState', r.state ?? 'draft')}</Tag>
        </Space>
      }
      extra={<ExportLinks r={r} />}
      data-testid="reg-draft"
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('reg.prefilled')} />
      <Form form={form} layout="vertical" name="regulatory" initialValues={r} disabled={!canFile}>
        <Row gutter={16}>
          {FIELDS.map((f) => (
            <Col key={f.name} xs={24} md={f.long ? 24 : 12}>
              <Form.Item name={f.name} label={t(f.label)}>
                {f.long ? <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} /> : <Input />}
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Space wrap>
          <Button icon={<SaveOutlined />} loading={busy} onClick={save}>
            {t('reg.saveDraft')}
          </Button>
          <Button type="primary" icon={<SendOutlined />} data-testid="reg-submit-open" onClick={() => { subForm.resetFields(); setOpen(true); }}>
            {t('reg.submit')}
          </Button>
          {canFile && (
            <FileViaFederation
              r={r}
              beforeSend={() => api.patch(`/api/v1/regulatory-reports/${r.id}`, form.getFieldsValue())}
              onDraftErrors={(fs) => form.setFields(fs.map((f) => ({ name: f.field, errors: [f.message] })))}
              onFiled={() => {
                setFiled((n) => n + 1);
                onChanged();
              }}
            />
          )}
        </Space>
      </Form>
      <div style={{ marginTop: 16 }}>
        <FilingsList r={r} reloadKey={filed} onSettled={onChanged} />
      </div>
      <Modal
        open={open}
        title={t('reg.submitTitle')}
        okText={t('reg.submit')}
        cancelText={t('action.cancel')}
        confirmLoading={submitting}
        onCancel={() => setOpen(false)}
        onOk={() => subForm.submit()}
        destroyOnClose
      >
        <Typography.Paragraph type="secondary">{t('reg.outsideHint')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('reg.submitHint')}</Typography.Paragraph>
        <Form
          form={subForm}
          layout="vertical"
          name="regsubmit"
          initialValues={{ channel: 'nvdb' }}
          onFinish={async (v: { channel: string; reference: string; submitted_at?: Dayjs | null }) => {
            setSubmitting(true);
            try {
              // Save edits first so the submitted report is what the form shows.
              await api.patch(`/api/v1/regulatory-reports/${r.id}`, form.getFieldsValue());
              await api.post(`/api/v1/regulatory-reports/${r.id}/submit`, {
                channel: v.channel,
                reference: v.reference,
                submitted_at: v.submitted_at ? v.submitted_at.toISOString() : undefined,
              });
              message.success(t('reg.submitted'));
              setOpen(false);
              onChanged();
            } catch (e) {
              // Missing Art. 7(2) fields belong to the draft form; channel and reference to this dialog.
              if (e instanceof ApiError && e.fields.length) {
                const mine = new Set(['channel', 'reference', 'submitted_at']);
                const onDraft = e.fields.filter((f) => !mine.has(f.field));
                subForm.setFields(e.fields.filter((f) => mine.has(f.field)).map((f) => ({ name: f.field, errors: [f.message] })));
                form.setFields(onDraft.map((f) => ({ name: f.field, errors: [f.message] })));
                if (onDraft.length) setOpen(false);
                message.error(e.message);
              } else showFieldErrors(subForm, e);
            } finally {
              setSubmitting(false);
            }
          }}
        >
          <Form.Item name="channel" label={t('field.channel')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={CHANNELS.map((c) => ({ value: c, label: td('regChannel', c) }))} />
          </Form.Item>
          <Form.Item name="reference" label={t('reg.reference')} rules={[{ required: true, message: t('validation.required') }]} extra={t('reg.referenceHint')}>
            <Input />
          </Form.Item>
          <Form.Item name="submitted_at" label={t('reg.submittedAt')} extra={t('reg.submittedAtHint')}>
            <DatePicker showTime style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** Filings of a submitted report; a returned one may be filed again through a peer. */
function SubmittedFederation({ r, canFile, onChanged }: { r: RegulatoryReport; canFile: boolean; onChanged: () => void }) {
  const [filed, setFiled] = useState(0);
  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
      <FilingsList r={r} reloadKey={filed} onSettled={onChanged} />
      {canFile && r.state === 'returned' && (
        <FileViaFederation
          r={r}
          onFiled={() => {
            setFiled((n) => n + 1);
            onChanged();
          }}
        />
      )}
    </Space>
  );
}

export function RegulatoryPanel({ c, onChanged }: { c: Case; onChanged: () => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const reports = c.regulatory_reports ?? [];
  const canFile = c.permissions?.file !== false;
  const create = async () => {
    setBusy(true);
    try {
      await api.post(`/api/v1/cases/${c.id}/regulatory-reports`, {});
      onChanged();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const clock = c.clocks?.find((k) => k.kind === 'regulatory_report');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="regulatory-panel">
      <Alert type={clock && (clock.state === 'due_soon' || clock.state === 'overdue') ? 'warning' : 'info'} showIcon message={t('reg.rule')} />
      {!canFile && <Alert type="info" showIcon message={t('reg.noPermission')} />}
      {reports.length === 0 && (
        <Empty description={t('reg.none')}>
          {canFile && (
            <Button type="primary" icon={<FileAddOutlined />} loading={busy} onClick={create} data-testid="reg-create">
              {t('reg.create')}
            </Button>
          )}
        </Empty>
      )}
      {reports.map((r) =>
        isSubmitted(r) ? (
          <Card key={r.id} size="small" title={<Space>{t('reg.report')}<Tag color="green">{td('regState', r.state ?? 'submitted')}</Tag></Space>}
            extra={<ExportLinks r={r} />} data-testid="reg-submitted">
            <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} labelStyle={{ width: 140, whiteSpace: 'nowrap' }}>
              <Descriptions.Item label={t('reg.submittedAt')}>{fmtTime(r.submitted_at)}</Descriptions.Item>
              <Descriptions.Item label={t('field.channel')}>{channelText(r.channel, td)}</Descriptions.Item>
              <Descriptions.Item label={t('reg.reference')}>{r.reference}</Descriptions.Item>
              <Descriptions.Item label={t('reg.submittedBy')}><span data-testid="reg-submitted-by">{r.submitted_by_name || r.submitted_by}</span></Descriptions.Item>
              {FIELDS.map((f) => (
                <Descriptions.Item key={f.name} label={t(f.label)} span={f.long ? 2 : 1}>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{String(r[f.name] ?? '')}</Typography.Text>
                </Descriptions.Item>
              ))}
            </Descriptions>
            <SubmittedFederation r={r} canFile={canFile} onChanged={onChanged} />
          </Card>
        ) : (
          <Draft key={r.id} r={r} onChanged={onChanged} canFile={canFile} />
        ),
      )}
      {reports.length > 0 && reports.every(isSubmitted) && canFile && (
        <Button icon={<FileAddOutlined />} loading={busy} onClick={create}>
          {t('reg.createAnother')}
        </Button>
      )}
    </Space>
  );
}
