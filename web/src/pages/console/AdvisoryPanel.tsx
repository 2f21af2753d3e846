// The case's advisory (公告): the editor (Chinese and English side by side,
// affected products, credits, references), the six publication gates as a
// checklist shown above the publish button, the review/approval/publication
// actions, and a preview of the public page.
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Form, Input, List, Modal, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useI18n, type MessageKey } from '../../i18n';
import { api, ApiError } from '../../api/client';
import type { Advisory, AdvisoryState, AdvisoryText, Case, GateCheck } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { ErrorState } from '../../components/ErrorState';
import { showRefusal } from '../../components/refusal';
import { AdvisoryDocument } from '../../components/AdvisoryDocument';
import { fmtTime } from '../../lib/time';

const TEXT_FIELDS: { name: keyof AdvisoryText; long: boolean }[] = [
  { name: 'title', long: false },
  { name: 'summary', long: true },
  { name: 'impact', long: true },
  { name: 'existence_statement', long: true },
  { name: 'detection', long: true },
  { name: 'solution', long: true },
];
const STATE_COLORS: Record<string, string> = { draft: 'default', in_review: 'gold', approved: 'blue', published: 'green', withdrawn: 'red' };

/** "references[0].url" -> ["references", 0, "url"], for Form.setFields. */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').flatMap((part) => {
    const m = /^(\w+)\[(\d+)\]$/.exec(part);
    return m ? [m[1], Number(m[2])] : [part];
  });
}

type Values = Omit<Advisory, 'affected'> & {
  affected: (Advisory['affected'][number] & { versions_text?: string })[];
};

function toForm(a: Advisory): Values {
  return { ...a, affected: (a.affected ?? []).map((p) => ({ ...p, versions_text: (p.versions ?? []).join(', ') })) };
}

function toPatch(v: Values) {
  return {
    zh: v.zh,
    en: v.en,
    grade: v.grade ?? '',
    cvss31_vector: v.cvss31_vector ?? '',
    cvss40_vector: v.cvss40_vector ?? '',
    tlp: v.tlp,
    external_ids: v.external_ids ?? [],
    affected: (v.affected ?? []).map(({ versions_text, ...p }) => ({
      ...(p.product_id != null ? { product_id: Number(p.product_id) } : {}),
      vendor: p.vendor ?? '',
      name: p.name ?? '',
      purl: p.purl ?? '',
      cpe: p.cpe ?? '',
      range: p.range ?? '',
      versions: (versions_text ?? '').split(',').map((x) => x.trim()).filter(Boolean),
      fixed_version: p.fixed_version ?? '',
    })),
    credits: (v.credits ?? []).map((c) => ({ name: c.name ?? '', role: c.role ?? 'finder' })),
    references: (v.references ?? []).map((r) => ({ url: r.url ?? '', kind: r.kind ?? 'web', summary: r.summary ?? '' })),
  };
}

export function GatesChecklist({ gates }: { gates: GateCheck[] }) {
  const { t, td, lang } = useI18n();
  return (
    <List
      size="small"
      bordered
      data-testid="advisory-gates"
      dataSource={gates}
      renderItem={(g) => (
        <List.Item data-testid={`gate-${g.gate}`} data-passed={g.passed ? 'true' : 'false'}>
          <Space align="start">
            {g.passed ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <CloseCircleFilled style={{ color: '#ff4d4f' }} />}
            <div>
              <Typography.Text strong>{td('gate', g.gate)}</Typography.Text> <Tag>{g.rule}</Tag>
              <Tag color={g.passed ? 'green' : 'red'}>{g.passed ? t('advisory.gatePassed') : t('advisory.gateFailed')}</Tag>
              <div>
                <Typography.Text type={g.passed ? 'secondary' : 'danger'}>{lang === 'zh-CN' ? g.message_zh : g.message}</Typography.Text>
              </div>
            </div>
          </Space>
        </List.Item>
      )}
    />
  );
}

function Editor({ a, onSaved }: { a: Advisory; onSaved: (a: Advisory) => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const editable = a.permissions?.edit;
  const save = async () => {
    setBusy(true);
    try {
      const r = await api.patch<Advisory>(`/api/v1/cases/${a.case_id}/advisory`, toPatch(form.getFieldsValue(true)));
      message.success(t('advisory.saved'));
      onSaved(r);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((x) => ({ name: fieldPath(x.field) as never, errors: [x.message] })));
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const lang = (code: 'zh' | 'en', title: MessageKey) => (
    <Col xs={24} lg={12}>
      <Card size="small" title={t(title)} data-testid={`advisory-lang-${code}`}>
        {TEXT_FIELDS.map((f) => (
          <Form.Item key={f.name} name={[code, f.name]} label={t(`advisory.field.${f.name}` as MessageKey)}>
            {f.long ? <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} id={`advisory_${code}_${f.name}`} /> : <Input id={`advisory_${code}_${f.name}`} />}
          </Form.Item>
        ))}
      </Card>
    </Col>
  );
  return (
    <Form form={form} layout="vertical" name="advisory" initialValues={toForm(a)} disabled={!editable}>
      {!editable && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('advisory.readOnly')} />}
      <Row gutter={16}>
        {lang('zh', 'advisory.langZh')}
        {lang('en', 'advisory.langEn')}
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} md={6}>
          <Form.Item name="grade" label={t('field.grade')}>
            <Select allowClear options={['critical', 'high', 'medium', 'low'].map((g) => ({ value: g, label: td('grade', g) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={9}>
          <Form.Item name="cvss31_vector" label="CVSS 3.1">
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={9}>
          <Form.Item name="cvss40_vector" label="CVSS 4.0">
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="external_ids" label={t('field.externalIds')}>
            <Select mode="tags" tokenSeparators={[',', ' ']} open={false} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="tlp" label="TLP">
            <Select options={['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'].map((x) => ({ value: x, label: x }))} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5}>{t('advisory.affected')}</Typography.Title>
      <Form.List name="affected">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row gutter={8} key={f.key} align="top">
                <Col xs={24} md={4}><Form.Item name={[f.name, 'vendor']} label={t('advisory.vendor')}><Input /></Form.Item></Col>
                <Col xs={24} md={5}><Form.Item name={[f.name, 'name']} label={t('advisory.productName')}><Input /></Form.Item></Col>
                <Col xs={24} md={5}><Form.Item name={[f.name, 'purl']} label="purl"><Input /></Form.Item></Col>
                <Col xs={24} md={4}><Form.Item name={[f.name, 'range']} label={t('advisory.range')}><Input /></Form.Item></Col>
                <Col xs={24} md={3}><Form.Item name={[f.name, 'versions_text']} label={t('advisory.versions')}><Input /></Form.Item></Col>
                <Col xs={20} md={2}><Form.Item name={[f.name, 'fixed_version']} label={t('advisory.fixedVersion')}><Input /></Form.Item></Col>
                <Col xs={4} md={1}><Button type="text" aria-label={t('advisory.remove')} icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} style={{ marginTop: 30 }} /></Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ vendor: '', name: '' })} style={{ marginBottom: 16 }}>{t('advisory.addProduct')}</Button>
          </>
        )}
      </Form.List>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Typography.Title level={5}>{t('advisory.credits')}</Typography.Title>
          <Form.List name="credits">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'name']}><Input placeholder={t('advisory.creditName')} /></Form.Item>
                    <Form.Item name={[f.name, 'role']}>
                      <Select style={{ width: 170 }} options={['finder', 'coordinator', 'remediation_developer', 'other'].map((r) => ({ value: r, label: td('creditRole', r) }))} />
                    </Form.Item>
                    <Button type="text" aria-label={t('advisory.remove')} icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <div><Button icon={<PlusOutlined />} onClick={() => add({ name: '', role: 'finder' })}>{t('advisory.addCredit')}</Button></div>
                <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('advisory.creditsHint')}</Typography.Paragraph>
              </>
            )}
          </Form.List>
        </Col>
        <Col xs={24} lg={14}>
          <Typography.Title level={5}>{t('advisory.references')}</Typography.Title>
          <Form.List name="references">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'url']}><Input placeholder="https://" style={{ width: 260 }} /></Form.Item>
                    <Form.Item name={[f.name, 'kind']}>
                      <Select style={{ width: 110 }} options={['advisory', 'fix', 'report', 'web'].map((k) => ({ value: k, label: td('refKind', k) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'summary']}><Input placeholder={t('advisory.refSummary')} /></Form.Item>
                    <Button type="text" aria-label={t('advisory.remove')} icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <div><Button icon={<PlusOutlined />} onClick={() => add({ url: '', kind: 'web', summary: '' })}>{t('advisory.addReference')}</Button></div>
              </>
            )}
          </Form.List>
        </Col>
      </Row>
      {editable && (
        <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={save} data-testid="advisory-save" style={{ marginTop: 16 }}>
          {t('advisory.save')}
        </Button>
      )}
    </Form>
  );
}

function Actions({ a, onDone }: { a: Advisory; onDone: (a: Advisory) => void }) {
  const { t, td } = useI18n();
  const { modal, message } = App.useApp();
  const [to, setTo] = useState<AdvisoryState | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const label = (s: AdvisoryState) => (s === 'draft' && a.state === 'published' ? t('advisory.revise') : td('advisoryTo', s));
  const changeNote = to === 'published' && a.revision > 0;
  if (!a.allowed_transitions?.length) return null;
  return (
    <>
      <Space wrap>
        {a.allowed_transitions.map((s) => (
          <Button key={s} data-testid={`advisory-to-${s}`} danger={s === 'withdrawn'} type={s === 'published' || s === 'approved' ? 'primary' : 'default'}
            onClick={() => { form.resetFields(); setTo(s); }}>
            {label(s)}
          </Button>
        ))}
      </Space>
      <Modal
        open={to !== null}
        title={to ? label(to) : ''}
        okText={t('action.confirm')}
        cancelText={t('action.cancel')}
        confirmLoading={busy}
        onCancel={() => setTo(null)}
        onOk={() => form.submit()}
        destroyOnClose
      >
        <Form form={form} layout="vertical" name="advisory-transition"
          onFinish={async (v) => {
            if (!to) return;
            setBusy(true);
            try {
              const r = await api.post<Advisory>(`/api/v1/cases/${a.case_id}/advisory/transition`, { to, reason: v.reason ?? '' });
              message.success(t('advisory.moved'));
              setTo(null);
              onDone(r);
            } catch (e) {
              setTo(null);
              showRefusal(modal, t, td, e, 'advisoryTo');
              onDone(a);
            } finally {
              setBusy(false);
            }
          }}>
          {to === 'published' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('advisory.publishWarning')} />}
          {/* A later revision's reason is its change note in the public history. */}
          <Form.Item name="reason" label={changeNote ? t('advisory.changeNote') : t('advisory.reason')}
            rules={to === 'withdrawn' ? [{ required: true, message: t('advisory.reasonRequired') }]
              : changeNote ? [{ required: true, message: t('advisory.changeNoteRequired') }] : []}>
            <Input.TextArea autoSize={{ minRows: 2 }} id="advisory_reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function AdvisoryPanel({ c, onChanged }: { c: Case; onChanged: () => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [version, setVersion] = useState(0);
  const adv = useAsync(async () => {
    try {
      return await api.get<Advisory>(`/api/v1/cases/${c.id}/advisory`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }, [c.id, version]);
  const gates = useAsync(
    () => (adv.data ? api.get<{ passed: boolean; gates: GateCheck[] }>(`/api/v1/cases/${c.id}/advisory/gates`) : Promise.resolve(null)),
    [c.id, adv.data],
  );
  const refresh = () => {
    setVersion((n) => n + 1);
    onChanged();
  };
  if (adv.loading && adv.data === undefined) return <Skeleton active />;
  if (adv.error) return <ErrorState error={adv.error} onRetry={adv.reload} />;
  if (!adv.data)
    return (
      <Empty description={t('advisory.none')}>
        <Button type="primary" data-testid="advisory-create" loading={creating}
          onClick={async () => {
            setCreating(true);
            try {
              await api.post(`/api/v1/cases/${c.id}/advisory`);
              message.success(t('advisory.created'));
              refresh();
            } catch (e) {
              message.error(e instanceof ApiError ? e.message : String(e));
            } finally {
              setCreating(false);
            }
          }}>
          {t('advisory.create')}
        </Button>
      </Empty>
    );
  const a = adv.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="advisory-panel">
      <Card size="small">
        <Space wrap>
          <Tag>{a.ref}</Tag>
          <Tag color={STATE_COLORS[a.state]} data-testid="advisory-state">{td('advisoryState', a.state)}</Tag>
          <span>{t('advisory.revisionN', { n: a.revision })}</span>
          {a.revisions?.length > 0 && <span>{t('advisory.lastPublished')}: {fmtTime(a.revisions[a.revisions.length - 1].published_at)}</span>}
        </Space>
      </Card>
      <Card size="small" title={t('advisory.editor')}>
        <Editor key={`${a.state}-${a.updated_at}`} a={a} onSaved={() => refresh()} />
      </Card>
      <Card size="small" title={t('advisory.gates')}>
        <Typography.Paragraph type="secondary">{t('advisory.gatesIntro')}</Typography.Paragraph>
        {gates.data ? <GatesChecklist gates={gates.data.gates} /> : <Skeleton active />}
        <div style={{ marginTop: 16 }}>
          <Actions a={a} onDone={() => refresh()} />
        </div>
      </Card>
      {(c.consents?.length ?? 0) > 0 && (
        <Card size="small" title={t('advisory.consents')} data-testid="advisory-consents">
          {c.consents!.map((k) => (
            <div key={k.id}>
              <Tag>{td('consentKind', k.kind)}</Tag> {[k.provider, k.miit_reference && `MIIT ${k.miit_reference} ${k.miit_date}`, `MPS ${k.mps_reference} ${k.mps_date}`].filter(Boolean).join(' · ')}{' '}
              <Typography.Text type="secondary">({k.recorded_by_name}, {fmtTime(k.recorded_at)})</Typography.Text>
            </div>
          ))}
        </Card>
      )}
      <Card size="small" title={t('advisory.preview')} data-testid="advisory-preview">
        <Typography.Paragraph type="secondary">{t('advisory.previewIntro')}</Typography.Paragraph>
        <AdvisoryDocument a={a} testId="advisory-preview-doc" />
      </Card>
    </Space>
  );
}
