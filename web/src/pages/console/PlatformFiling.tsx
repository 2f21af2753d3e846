import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Modal, Radio, Row, Select, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n, type MessageKey } from '../../i18n';
import { api, ApiError } from '../../api/client';
import { useAsync } from '../../lib/useAsync';
import { useAuth } from '../../auth';
import { ErrorState } from '../../components/ErrorState';
import { fmtTime } from '../../lib/time';
import { FILING_TEXT_FIELDS, type FilingFields, type FilingStatus, type PlatformFiling } from '../../lib/filingRewards';

const STATUS_COLOR: Record<FilingStatus, string> = { draft: 'default', filed: 'green', change_filed: 'blue', cancelled: 'red' };

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** Ant form field names from the API's paths ("contacts[0].email" -> ['contacts', 0, 'email']). */
function fieldName(path: string): (string | number)[] {
  return path.split(/[.[\]]+/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function StepDialog({ to, onClose, onDone }: { to: FilingStatus | null; onClose: () => void; onDone: (f: PlatformFiling) => void }) {
  const { t, td } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  if (!to) return null;
  const submit = async (v: { filing_number?: string; date: Dayjs; reason?: string }) => {
    try {
      const r = await api.post<{ filing: PlatformFiling }>('/api/v1/platform-filing/transitions', {
        to,
        filing_number: v.filing_number ?? '',
        date: v.date.format('YYYY-MM-DD'),
        reason: v.reason ?? '',
      });
      onDone(r.filing);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: fieldName(f.field), errors: [f.message] })));
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Modal open title={td('filing.step', to)} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ 'data-testid': 'filing-step-ok' } as Record<string, string>} destroyOnHidden>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="filing-step-error" />}
      <Form form={form} layout="vertical" initialValues={{ date: dayjs() }} onFinish={submit}>
        {(to === 'filed' || to === 'change_filed') && (
          <Form.Item name="filing_number" label={t('filing.number')} rules={to === 'filed' ? [{ required: true, message: t('validation.required') }] : []}>
            <Input data-testid="filing-number-input" placeholder="工信部漏洞平台备……" />
          </Form.Item>
        )}
        <Form.Item name="date" label={t('filing.date')} rules={[{ required: true, message: t('validation.required') }]}>
          <DatePicker />
        </Form.Item>
        {to === 'cancelled' && (
          <Form.Item name="reason" label={t('filing.reason')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function Attachments({ f, onDone }: { f: PlatformFiling; onDone: (f: PlatformFiling) => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const upload = async (kind: string, file?: File) => {
    if (!file) return;
    try {
      const r = await api.post<{ filing: PlatformFiling }>('/api/v1/platform-filing/attachments', {
        kind,
        filename: file.name,
        content_type: file.type,
        data: await readBase64(file),
      });
      message.success(t('filing.attached'));
      onDone(r.filing);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card title={t('filing.attachments')} size="small">
      <Typography.Paragraph type="secondary">{t('filing.attachmentsHint')}</Typography.Paragraph>
      {f.can_edit && (
        <Space wrap style={{ marginBottom: 12 }}>
          {(['mlps_proof', 'commitment_letter'] as const).map((kind) => (
            <label key={kind} className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
              <UploadOutlined /> {td('filing.attachment', kind)}
              <input type="file" hidden data-testid={`filing-upload-${kind}`} onChange={(e) => void upload(kind, e.target.files?.[0])} />
            </label>
          ))}
        </Space>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={f.attachments}
        columns={[
          { title: t('filing.attachmentKind'), key: 'k', render: (_, a) => td('filing.attachment', a.kind) },
          { title: t('field.name'), key: 'n', render: (_, a) => <a href={`/api/v1/platform-filing/attachments/${a.id}`}>{a.filename}</a> },
          { title: 'SHA-256', key: 's', render: (_, a) => <Typography.Text code>{a.sha256.slice(0, 16)}…</Typography.Text> },
          { title: t('field.createdAt'), key: 't', render: (_, a) => fmtTime(a.created_at) },
        ]}
      />
    </Card>
  );
}

function FilingForm({ f, onDone, mayCreate }: { f: PlatformFiling | null; onDone: (f: PlatformFiling) => void; mayCreate: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FilingFields>();
  const [busy, setBusy] = useState(false);
  const editable = f ? f.can_edit : mayCreate;
  const initial = f ? { ...f.fields, host_id_number: '' } : { host_type: 'organisation', publication_channels: [], contacts: [{}] };
  const save = async (v: FilingFields) => {
    setBusy(true);
    try {
      // An empty ID number keeps the stored one (it is never shown again).
      const body: Partial<FilingFields> = { ...v, contacts: v.contacts ?? [] };
      if (!v.host_id_number) delete body.host_id_number;
      const r = await api.put<{ filing: PlatformFiling }>('/api/v1/platform-filing', body);
      message.success(t('filing.saved'));
      onDone(r.filing);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((x) => ({ name: fieldName(x.field) as never, errors: [x.message] })));
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const text = (name: keyof FilingFields, rows = 0) => (
    <Form.Item name={name} label={t(`filing.field.${name}` as MessageKey)}>
      {rows ? <Input.TextArea rows={rows} data-testid={`filing-${name}`} /> : <Input data-testid={`filing-${name}`} />}
    </Form.Item>
  );
  return (
    <Card title={t('filing.form')} size="small">
      <Form form={form} layout="vertical" name="platform-filing" initialValues={initial} onFinish={save} disabled={!editable}>
        <Row gutter={16}>
          <Col xs={24} md={12}>{text('platform_name')}</Col>
          <Col xs={24} md={12}>{text('home_url')}</Col>
          <Col xs={24} md={12}>{text('icp_number')}</Col>
          <Col xs={24} md={12}>
            <Form.Item name="publication_channels" label={t('filing.field.publication_channels')} extra={t('filing.channelsHint')}>
              <Select mode="tags" open={false} tokenSeparators={['\n']} data-testid="filing-channels" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="host_type" label={t('filing.field.host_type')}>
              <Radio.Group>
                <Radio value="organisation">{t('filing.host.organisation')}</Radio>
                <Radio value="person">{t('filing.host.person')}</Radio>
              </Radio.Group>
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>{text('host_name')}</Col>
          <Col xs={24} md={8}>
            <Form.Item name="host_id_number" label={t('filing.field.host_id_number')} extra={f?.fields.host_id_number ? t('filing.idKept', { masked: f.fields.host_id_number }) : t('filing.idHint')}>
              <Input data-testid="filing-host_id_number" autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('filing.field.responsible')}</Typography.Title>
        <Space wrap>
          {(['name', 'phone', 'email'] as const).map((k) => (
            <Form.Item key={k} name={['responsible', k]} label={t(`filing.contact.${k}` as MessageKey)}>
              <Input data-testid={`filing-responsible-${k}`} />
            </Form.Item>
          ))}
        </Space>
        <Typography.Title level={5}>{t('filing.field.contacts')}</Typography.Title>
        <Form.List name="contacts">
          {(items, { add, remove }) => (
            <>
              {items.map((item) => (
                <Space key={item.key} wrap align="baseline">
                  {(['name', 'phone', 'email'] as const).map((k) => (
                    <Form.Item key={k} name={[item.name, k]} label={t(`filing.contact.${k}` as MessageKey)}>
                      <Input data-testid={`filing-contact${item.name}-${k}`} />
                    </Form.Item>
                  ))}
                  <MinusCircleOutlined onClick={() => remove(item.name)} aria-label={t('filing.removeContact')} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />} style={{ marginBottom: 16 }}>
                {t('filing.addContact')}
              </Button>
            </>
          )}
        </Form.List>
        {FILING_TEXT_FIELDS.map((name) => (
          <div key={name}>{text(name, 3)}</div>
        ))}
        {editable && (
          <Button type="primary" htmlType="submit" loading={busy} data-testid="filing-save">
            {t('filing.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

/** The deployment's platform filing (R-FILING): the host's admins keep it; auditors read it. */
export function PlatformFilingPage() {
  const { t, td } = useI18n();
  const state = useAsync(() => api.get<{ filing: PlatformFiling | null }>('/api/v1/platform-filing'), []);
  const [step, setStep] = useState<FilingStatus | null>(null);
  const { user } = useAuth();
  // Host admins start the record; the host's auditors only read it.
  const hostAdmin = !!user?.platform_admin || !!user?.memberships?.some((m) => String(m.org_id) === '1' && m.role === 'admin');
  if (state.loading && !state.data) return <Skeleton active />;
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  const f = state.data?.filing ?? null;
  const update = (next: PlatformFiling) => state.setData({ filing: next });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.filing')}
      </Typography.Title>
      <Alert type="info" showIcon message={t('filing.intro')} />
      {f && (
        <Card size="small" title={t('filing.status')}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('filing.status')}>
              <Tag color={STATUS_COLOR[f.status]} data-testid="filing-status">{td('filing.state', f.status)}</Tag>
              {f.unfiled_changes && <Tag color="orange">{t('filing.unfiledChanges')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('filing.number')}><span data-testid="filing-number">{f.filing_number || '—'}</span></Descriptions.Item>
            <Descriptions.Item label={t('filing.filedOn')}>{f.filed_on || '—'}</Descriptions.Item>
            {f.change_filed_on && <Descriptions.Item label={t('filing.changeFiledOn')}>{f.change_filed_on}</Descriptions.Item>}
            {f.cancelled_on && <Descriptions.Item label={t('filing.cancelledOn')}>{f.cancelled_on}</Descriptions.Item>}
          </Descriptions>
          {f.missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="filing-missing"
              message={t('filing.missing')}
              description={<ul style={{ margin: 0 }}>{f.missing.map((m) => <li key={m.field}>{m.message}</li>)}</ul>}
              style={{ marginBottom: 12 }}
            />
          )}
          {f.can_edit && (
            <Space wrap>
              {f.next.map((n) => (
                <Button key={n} danger={n === 'cancelled'} type={n === 'cancelled' ? 'default' : 'primary'} onClick={() => setStep(n)} data-testid={`filing-to-${n}`}>
                  {td('filing.step', n)}
                </Button>
              ))}
            </Space>
          )}
        </Card>
      )}
      <FilingForm key={f ? `${f.id}-${f.status}` : 'new'} f={f} onDone={update} mayCreate={hostAdmin} />
      {f && <Attachments f={f} onDone={update} />}
      {f && (
        <Card size="small" title={t('filing.history')}>
          <Timeline
            items={f.history.map((e) => ({
              children: (
                <span>
                  {fmtTime(e.at)} · {e.actor} · {td('filing.event', e.kind.replace('platform_filing.', ''))}
                  {e.reason ? ` · ${e.reason}` : ''}
                </span>
              ),
            }))}
          />
        </Card>
      )}
      <StepDialog
        to={step}
        onClose={() => setStep(null)}
        onDone={(next) => {
          setStep(null);
          update(next);
        }}
      />
    </Space>
  );
}
