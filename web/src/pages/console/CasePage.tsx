import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import type { Case, CvssResult, Report } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { ErrorState } from '../../components/ErrorState';
import { CaseStateTag, GradeTag, ReportStateTag } from '../../components/Tags';
import { ClockCard } from '../../components/ClockCard';
import { CaseTimeline, MessageThread } from '../../components/Thread';
import { CvssCalculator } from '../../components/CvssCalculator';
import { showRefusal } from '../../components/refusal';
import { ConfidentialPanel, SubmitterText } from './ReportDetail';
import { RegulatoryPanel } from './RegulatoryPanel';
import { NoticesPanel } from './NoticesPanel';
import { ImpactPanel } from './ImpactPanel';
import { AdvisoryPanel } from './AdvisoryPanel';
import { RewardsPanel } from './Rewards';
import { useClasses } from '../public/Submit';
import { fmtTime } from '../../lib/time';
import { CWE_RE } from '../../lib/cwe';
import { gradeBasisText } from '../../lib/gradeBasis';
import { CwePicker } from '../../components/CwePicker';
import { useProducts } from './Inbox';
import { OperatorDetailsCard } from './Operator';

const NEEDS_REASON = new Set(['withdrawn', 'not_affected', 'closed']);

function StateActions({ c, onDone }: { c: Case; onDone: (c: Case) => void }) {
  const { t, td } = useI18n();
  const { modal, message } = App.useApp();
  const [to, setTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const allowed = c.allowed_transitions ?? [];
  if (!allowed.length) return null;
  return (
    <>
      <Space wrap>
        {allowed.map((s) => (
          <Button key={s} data-testid={`case-to-${s}`} danger={s === 'withdrawn'} type={s === allowed[0] ? 'primary' : 'default'} onClick={() => { form.resetFields(); setTo(s); }}>
            {td('transition', s)}
          </Button>
        ))}
      </Space>
      <Modal
        open={to !== null}
        title={to ? td('transition', to) : ''}
        okText={t('action.confirm')}
        cancelText={t('action.cancel')}
        confirmLoading={busy}
        onCancel={() => setTo(null)}
        onOk={() => form.submit()}
        destroyOnClose
      >
        <Form
          form={form}
          layout="vertical"
          name="case-transition"
          onFinish={async (v) => {
            if (!to) return;
            setBusy(true);
            try {
              const r = await api.post<Case>(`/api/v1/cases/${c.id}/transitions`, { to, reason: v.reason ?? '' });
              message.success(t('case.moved', { state: td('caseState', r.state ?? to) }));
              setTo(null);
              onDone(r);
            } catch (e) {
              setTo(null);
              showRefusal(modal, t, td, e, 'transition');
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="reason" label={t('field.reason')} rules={to && NEEDS_REASON.has(to) ? [{ required: true, message: t('validation.required') }] : []}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function AssessmentPanel({ c, onSaved }: { c: Case; onSaved: () => void }) {
  const { t, td, lang } = useI18n();
  const { message } = App.useApp();
  const a = c.assessment ?? {};
  const canAssess = c.permissions?.assess !== false;
  const { classes, cwes } = useClasses();
  const [v31, setV31] = useState<string | null>(a.cvss31_vector || null);
  const [v40, setV40] = useState<string | null>(a.cvss40_vector || null);
  const [live31, setLive31] = useState<CvssResult | null>(null);
  const [form] = Form.useForm<{ cwe?: string; gbt_class?: string }>();
  const [busy, setBusy] = useState(false);
  const save = async (v: { cwe?: string; gbt_class?: string }) => {
    setBusy(true);
    try {
      await api.put(`/api/v1/cases/${c.id}/assessment`, {
        // An emptied picker clears the CWE ("" on the wire); unchanged otherwise.
        cwe: v.cwe ? v.cwe : a.cwe ? '' : undefined,
        gbt_class: v.gbt_class || undefined,
        cvss31_vector: v31 ?? undefined,
        cvss40_vector: v40 ?? undefined,
      });
      message.success(t('case.assessmentSaved'));
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        const known = ['cwe', 'gbt_class'];
        form.setFields(e.fields.filter((f) => known.includes(f.field)).map((f) => ({ name: f.field as 'cwe', errors: [f.message] })));
        const rest = e.fields.filter((f) => !known.includes(f.field));
        if (rest.length) message.error(rest.map((f) => `${f.field}: ${f.message}`).join('; '));
      } else message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('field.grade')}>
          <span data-testid="case-grade">
            <GradeTag grade={a.grade} />
          </span>
          {a.grade_source && <Typography.Text type="secondary"> {td('gradeSource', a.grade_source)}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label="CVSS 3.1">{a.cvss31_score ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="CVSS 4.0">{a.cvss40_score ?? '—'}</Descriptions.Item>
        {a.grade_basis && (
          <Descriptions.Item label={t('case.gradeBasis')} span={3}>
            <span data-testid="grade-basis">{gradeBasisText(a.grade_basis, lang)}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {!canAssess && <Alert type="info" showIcon message={t('case.noAssess')} />}
      <CvssCalculator version="3.1" value={a.cvss31_vector} disabled={!canAssess} onChange={(v, r) => { setV31(v); setLive31(r); }} />
      <CvssCalculator version="4.0" value={a.cvss40_vector} disabled={!canAssess} onChange={(v) => setV40(v)} />
      <Form
        form={form}
        name="assessment"
        layout="vertical"
        disabled={!canAssess}
        initialValues={{ cwe: a.cwe, gbt_class: a.gbt_class }}
        onFinish={save}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="cwe"
              label={t('field.cwe')}
              rules={[{ validator: (_, v: string) => (!v || CWE_RE.test(v) ? Promise.resolve() : Promise.reject(new Error(t('validation.cwe')))) }]}
            >
              <CwePicker
                catalogue={cwes}
                data-testid="cwe-picker"
                onChange={(v) => {
                  const cls = cwes.find((w) => w.id === v)?.gbt_class;
                  if (cls && !form.getFieldValue('gbt_class') && classes.some((k) => k.code === cls)) form.setFieldValue('gbt_class', cls);
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="gbt_class" label={t('field.gbtClass')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={classes.map((k) => ({ value: k.code, label: `${k.code} ${lang === 'zh-CN' ? k.name_zh : k.name_en}` }))}
              />
            </Form.Item>
          </Col>
        </Row>
        {live31?.grade && live31.grade !== a.grade && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('case.gradeWillBe', { grade: td('grade', live31.grade) })} />
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="save-assessment">
          {t('case.saveAssessment')}
        </Button>
      </Form>
    </Space>
  );
}

function EditCase({ c, open, onClose, onSaved }: { c: Case; open: boolean; onClose: () => void; onSaved: (c: Case) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const products = useProducts();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Modal open={open} title={t('case.edit')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText={t('action.save')} cancelText={t('action.cancel')} width={720} destroyOnClose>
      <Form
        form={form}
        layout="vertical"
        name="case-edit"
        initialValues={{
          title: c.title,
          summary: c.summary,
          affected_versions: c.affected_versions,
          product_id: c.product_id ?? undefined,
          operator_system: !!c.operator_system,
          upstream_component: c.upstream?.component,
          upstream_provider: c.upstream?.provider_name,
          external_ids: c.external_ids ?? [],
        }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            const r = await api.patch<Case>(`/api/v1/cases/${c.id}`, {
              title: v.title,
              summary: v.summary ?? '',
              affected_versions: v.affected_versions ?? '',
              product_id: v.product_id ?? null,
              operator_system: !!v.operator_system,
              external_ids: v.external_ids ?? [],
              upstream: v.upstream_component ? { component: v.upstream_component, provider_name: v.upstream_provider ?? '' } : null,
            });
            onSaved(r);
            onClose();
            message.success(t('common.saved'));
          } catch (e) {
            if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field, errors: [f.message] })));
            else message.error(e instanceof Error ? e.message : String(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="title" label={t('field.title')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="summary" label={t('field.summary')}>
          <Input.TextArea autoSize={{ minRows: 3 }} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="product_id" label={t('field.productRef')}>
              <Select allowClear showSearch optionFilterProp="label" options={(products.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="affected_versions" label={t('field.affectedVersions')}>
              <Input placeholder="vers:generic/>=1.0|<1.4.2" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="upstream_component" label={t('field.upstream')}>
              <Input placeholder="pkg:npm/lodash@4.17.20" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="upstream_provider" label={t('case.upstreamProvider')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="external_ids" label={t('field.externalIds')} extra={t('case.externalIdsHint')}>
              <Select mode="tags" tokenSeparators={[',', ' ']} open={false} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="operator_system" label={t('field.operatorSystem')} valuePropName="checked" extra={t('case.operatorHint')}>
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CasePage() {
  const { t, td } = useI18n();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const cs = useAsync(() => api.get<Case>(`/api/v1/cases/${id}`), [id]);
  const [editing, setEditing] = useState(false);
  if (cs.loading && !cs.data) return <Skeleton active />;
  if (cs.error) return <ErrorState error={cs.error} onRetry={cs.reload} />;
  const c = cs.data!;
  const tab = params.get('tab') ?? 'overview';
  const canEdit = c.permissions?.assess !== false;
  const ext = (c.external_ids ?? []).filter(Boolean);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Link to="/console/cases">← {t('nav.cases')}</Link>
          <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
            <Space wrap align="center">
              <Tag style={{ fontSize: 14 }}>{c.ref}</Tag>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-title">
                {c.title}
              </Typography.Title>
              <span data-testid="case-state">
                <CaseStateTag state={c.state} />
              </span>
              <GradeTag grade={c.assessment?.grade} />
            </Space>
            <StateActions c={c} onDone={() => cs.reload()} />
          </Space>
        </Space>
      </Card>
      {c.clocks && c.clocks.length > 0 && (
        <Row gutter={[16, 16]} data-testid="case-clocks">
          {c.clocks.map((k) => (
            <Col key={k.kind} xs={24} sm={12} xl={6}>
              <ClockCard clock={k} />
            </Col>
          ))}
        </Row>
      )}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            const p = new URLSearchParams(params);
            p.set('tab', k);
            setParams(p, { replace: true });
          }}
          items={[
            {
              key: 'overview',
              label: t('case.overview'),
              children: (
                <Space direction="vertical" size={16} style={{ width: '100%' }}>
                  <Descriptions
                    bordered
                    size="small"
                    column={{ xs: 1, md: 2 }}
                    extra={canEdit && <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('action.edit')}</Button>}
                  >
                    <Descriptions.Item label={t('field.summary')} span={2}>
                      <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.summary}</Typography.Text>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('field.productRef')}>
                      {c.product ? <Link to={`/console/products/${c.product.id}`}>{c.product.name}</Link> : c.reports?.[0]?.product_text}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('field.affectedVersions')}>{c.affected_versions}</Descriptions.Item>
                    <Descriptions.Item label={t('field.awareAt')}>{fmtTime(c.aware_at)}</Descriptions.Item>
                    <Descriptions.Item label={t('field.operatorSystem')}>{c.operator_system ? t('common.yes') : t('common.no')}</Descriptions.Item>
                    <Descriptions.Item label={t('field.upstream')}>
                      {c.upstream?.component ? `${c.upstream.component}${c.upstream.provider_name ? ` (${c.upstream.provider_name})` : ''}` : t('report.none')}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('field.externalIds')}>
                      {ext.length ? ext.map((x) => <Tag key={x}>{x}</Tag>) : t('report.none')}
                    </Descriptions.Item>
                  </Descriptions>
                  {c.permissions?.read_operator_details && <OperatorDetailsCard caseId={c.id} />}
                  <Typography.Title level={5}>{t('case.reports')}</Typography.Title>
                  <Table<Report>
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={c.reports ?? []}
                    locale={{ emptyText: t('empty.noData') }}
                    columns={[
                      { title: t('field.title'), key: 't', render: (_, r) => <Link to={`/console/reports/${r.id}`}>{r.title}</Link> },
                      { title: t('track.id'), dataIndex: 'tracking_id' },
                      ...((c.reports ?? []).some((r) => 'anonymous' in r)
                        ? [
                            {
                              title: t('report.submittedBy'),
                              key: 'by',
                              render: (_: unknown, r: Report) => <SubmitterText report={r} />,
                            },
                          ]
                        : []),
                      { title: t('field.state'), dataIndex: 'state', render: (s: string) => <ReportStateTag state={s} /> },
                      { title: t('field.receivedAt'), dataIndex: 'received_at', render: (v: string) => fmtTime(v) },
                    ]}
                  />
                </Space>
              ),
            },
            { key: 'assessment', label: t('case.assessment'), children: <AssessmentPanel c={c} onSaved={cs.reload} /> },
            {
              key: 'messages',
              label: t('case.messages'),
              children: (
                <MessageThread
                  messages={c.messages ?? []}
                  visibilities={['coordinators', 'provider', 'finder', 'all']}
                  defaultVisibility="provider"
                  onSend={async (visibility, body) => {
                    await api.post(`/api/v1/cases/${c.id}/messages`, { visibility, body });
                    cs.reload();
                  }}
                />
              ),
            },
            { key: 'timeline', label: t('case.timeline'), children: <CaseTimeline entries={c.timeline ?? []} /> },
            { key: 'regulatory', label: t('case.regulatory'), children: <RegulatoryPanel c={c} onChanged={cs.reload} /> },
            { key: 'notices', label: t('case.notices'), children: <NoticesPanel c={c} onChanged={cs.reload} /> },
            { key: 'impact', label: t('case.impact'), children: <ImpactPanel c={c} /> },
            { key: 'advisory', label: t('case.advisory'), children: <AdvisoryPanel c={c} onChanged={cs.reload} /> },
            { key: 'rewards', label: <span data-testid="tab-rewards">{t('case.rewards')}</span>, children: <RewardsPanel c={c} /> },
            ...(c.permissions?.read_confidential
              ? [
                  {
                    key: 'attachments',
                    label: t('case.attachments'),
                    children: (
                      <Space direction="vertical" size={24} style={{ width: '100%' }}>
                        {(c.reports ?? []).length === 0 && <Empty />}
                        {(c.reports ?? []).map((r) => (
                          <div key={r.id}>
                            <Typography.Title level={5}>{r.title}</Typography.Title>
                            <ConfidentialPanel reportId={r.id} />
                          </div>
                        ))}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <EditCase c={c} open={editing} onClose={() => setEditing(false)} onSaved={(n) => cs.setData({ ...c, ...n })} />
      {c.state === 'withdrawn' && <Alert type="warning" message={td('caseState', c.state)} />}
    </Space>
  );
}
