import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Progress, Row, Select, Skeleton, Space, Table, Tag, Typography, Upload } from 'antd';
import { EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, ApiError, postWithProgress, type Page } from '../../api/client';
import type { Org, Product } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { useCursorList } from '../../lib/useCursorList';
import { ErrorState } from '../../components/ErrorState';
import { CursorPager } from '../../components/CursorPager';
import { useHasRoute } from '../../lib/routes';
import { isAdmin, useAuth } from '../../auth';

export const KINDS = ['software', 'hardware', 'firmware', 'mobile_app', 'mini_program', 'cloud_service'];
// R-APPS: the platforms of each app kind (the server's table, domain/app_products.cpp).
export const APP_PLATFORMS: Record<string, string[]> = {
  mobile_app: ['android', 'ios', 'harmonyos', 'other'],
  mini_program: ['wechat', 'alipay', 'baidu', 'bytedance', 'quickapp', 'other'],
};
const APP_ID_PLACEHOLDER: Record<string, string> = {
  android: 'com.example.app', ios: 'com.example.app', harmonyos: 'com.example.app', quickapp: 'com.example.quickapp',
  wechat: 'wx1234567890abcdef', bytedance: 'tt1234567890abcdef', alipay: '2021001234567890', baidu: 'AppKey',
};

function useOrgs() {
  return useAsync(() => api.get<Page<Org>>('/api/v1/orgs', { limit: 200 }).then((r) => r.items).catch(() => [] as Org[]), []);
}

/** Provider names, as far as the viewer may list organisations; otherwise the id. */
function useOrgName() {
  const orgs = useOrgs();
  return (id?: string | number | null) => (id === undefined || id === null ? '' : orgs.data?.find((o) => String(o.id) === String(id))?.name ?? String(id));
}

const lines = (s?: string) => (s ?? '').split('\n').map((x) => x.trim()).filter(Boolean);

function ProductForm({ open, onClose, onSaved, product }: { open: boolean; onClose: () => void; onSaved: (p: Product) => void; product?: Product }) {
  const { t, td } = useI18n();
  const { user } = useAuth();
  const orgs = useOrgs();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const myOrgs = (orgs.data ?? []).filter((o) => o.type === 'provider' && (isAdmin(user) || (user?.memberships ?? []).some((m) => m.org_id === o.id)));
  return (
    <Modal open={open} title={product ? t('products.edit') : t('products.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText={t('action.save')} cancelText={t('action.cancel')} width={720} destroyOnClose>
      <Form
        form={form}
        layout="vertical"
        name="product"
        initialValues={
          product
            ? { ...product, versions: (product.versions ?? []).join('\n'), purls: (product.purls ?? []).join('\n'), cpes: (product.cpes ?? []).join('\n'), customers: (product.customers ?? []).map((c) => `${c.name}${c.contact ? ` | ${c.contact}` : ''}`).join('\n') }
            : { kind: 'software' }
        }
        onFinish={async (v) => {
          setBusy(true);
          try {
            // Only an app carries app fields: switching the kind away clears them.
            const app = !!APP_PLATFORMS[v.kind];
            const body = {
              ...v,
              app_id: app ? v.app_id ?? '' : '',
              store_version: app ? v.store_version ?? '' : '',
              versions: lines(v.versions),
              purls: lines(v.purls),
              cpes: lines(v.cpes),
              customers: lines(v.customers).map((l) => {
                const [name, contact] = l.split('|').map((x) => x.trim());
                return { name, contact: contact ?? '' };
              }),
            };
            const p = product ? await api.patch<Product>(`/api/v1/products/${product.id}`, body) : await api.post<Product>('/api/v1/products', body);
            onSaved(p);
            onClose();
          } catch (e) {
            if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field.replace(/\[.*$/, ''), errors: [f.message] })));
            else Modal.error({ title: t('error.refused'), content: e instanceof Error ? e.message : String(e) });
          } finally {
            setBusy(false);
          }
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="provider_org" label={t('field.provider')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select loading={orgs.loading} disabled={!!product} options={myOrgs.map((o) => ({ value: o.id, label: o.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('field.name')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="model" label={t('field.model')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('field.kind')}>
              <Select options={KINDS.map((k) => ({ value: k, label: td('productKind', k) }))} />
            </Form.Item>
          </Col>
          <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind || a.platform !== b.platform}>
            {({ getFieldValue }) => {
              const kind = getFieldValue('kind') as string;
              const platforms = APP_PLATFORMS[kind];
              if (!platforms)
                return (
                  <Col xs={24} md={8}>
                    <Form.Item name="platform" label={t('field.platform')}>
                      <Input />
                    </Form.Item>
                  </Col>
                );
              return (
                <>
                  <Col xs={24} md={8}>
                    <Form.Item name="platform" label={t('field.platform')} rules={[{ required: true, message: t('validation.required') }]}>
                      <Select data-testid="product-app-platform" options={platforms.map((p) => ({ value: p, label: td('appPlatform', p) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="app_id" label={t('field.appId')} extra={t('products.appIdHint')} rules={[{ required: true, message: t('validation.required') }]}>
                      <Input data-testid="product-app-id" placeholder={APP_ID_PLACEHOLDER[getFieldValue('platform')] ?? ''} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="store_version" label={t('field.storeVersion')}>
                      <Input data-testid="product-store-version" placeholder="3.2.1" />
                    </Form.Item>
                  </Col>
                </>
              );
            }}
          </Form.Item>
          <Col xs={24} md={12}>
            <Form.Item name="versions" label={t('field.versions')} extra={t('products.onePerLine')}>
              <Input.TextArea autoSize={{ minRows: 3 }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="purls" label="Package URL (purl)" extra={t('products.onePerLine')}>
              <Input.TextArea autoSize={{ minRows: 3 }} placeholder="pkg:npm/example@1.0.0" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="cpes" label="CPE" extra={t('products.onePerLine')}>
              <Input.TextArea autoSize={{ minRows: 2 }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="customers" label={t('products.customers')} extra={t('products.customersHint')}>
              <Input.TextArea autoSize={{ minRows: 2 }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export function Products() {
  const { t, td } = useI18n();
  const [text, setText] = useState('');
  const [creating, setCreating] = useState(false);
  const orgName = useOrgName();
  const list = useCursorList<Product>((cursor, limit) => api.get<Page<Product>>('/api/v1/products', { text, limit, cursor }), text);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.products')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('products.new')}
        </Button>
      </Space>
      <Card>
        <Input.Search allowClear aria-label={t('field.search')} placeholder={t('products.searchPh')} onSearch={setText} style={{ width: 280, marginBottom: 16 }} />
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<Product>
              loading={list.loading}
              dataSource={list.items}
              rowKey="id"
              pagination={false}
              scroll={{ x: 800 }}
              locale={{ emptyText: <Empty description={t('products.empty')} /> }}
              columns={[
                { title: t('field.name'), dataIndex: 'name', render: (v: string, p) => <Link to={`/console/products/${p.id}`}>{v}</Link> },
                { title: t('field.model'), dataIndex: 'model' },
                { title: t('field.kind'), dataIndex: 'kind', render: (k: string) => td('productKind', k) },
                { title: t('field.provider'), key: 'prov', render: (_, p) => p.provider_name ?? orgName(p.provider_org) },
                { title: t('field.versions'), key: 'v', render: (_, p) => (p.versions ?? []).slice(0, 4).map((v) => <Tag key={v}>{v}</Tag>) },
              ]}
            />
            <CursorPager list={list} />
          </>
        )}
      </Card>
      <ProductForm open={creating} onClose={() => setCreating(false)} onSaved={() => list.reload()} />
    </Space>
  );
}

interface Component {
  purl?: string;
  ecosystem?: string;
  name: string;
  version?: string;
  supplier?: string;
}
interface Finding {
  component: { purl?: string; name?: string; version?: string };
  source: string;
  verdict: string;
  reason?: string;
  grade?: string | null;
  advisory_id?: string;
  case_id?: number | string;
}

function SbomPanel({ product }: { product: Product }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const has = useHasRoute('POST /api/v1/products/{id}/versions/{version}/sbom', `/api/v1/products/${product.id}/findings`);
  const [version, setVersion] = useState<string | undefined>(product.versions?.[0]);
  const [progress, setProgress] = useState<number | null>(null);
  const comps = useAsync(async () => {
    if (!has || !version) return null;
    try {
      return await api.get<{ sbom: { format?: string; spec_version?: string; uploaded_at?: string }; components: Component[] }>(
        `/api/v1/products/${product.id}/versions/${encodeURIComponent(version)}/components`,
      );
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }, [has, version, product.id]);
  const findings = useAsync(async () => {
    if (!has) return [] as { version: string; findings: Finding[] }[];
    const r = await api.get<{ items: { version: string; findings: Finding[] }[] }>(`/api/v1/products/${product.id}/findings`);
    return r.items ?? [];
  }, [has, product.id, comps.data]);
  if (has === undefined) return <Skeleton active />;
  if (!has) return <Alert type="info" showIcon message={t('products.sbomUnavailable')} />;
  const rows = (findings.data ?? []).flatMap((v) => v.findings.map((f, i) => ({ ...f, pv: v.version, key: `${v.version}-${i}` })));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="sbom-panel">
      <Space wrap>
        <Select aria-label={t('field.version')} value={version} onChange={setVersion} style={{ width: 160 }} options={(product.versions ?? []).map((v) => ({ value: v, label: v }))} />
        <Upload
          accept=".json,application/json"
          showUploadList={false}
          beforeUpload={async (file) => {
            if (!version) return false;
            try {
              setProgress(0);
              const text = await file.text();
              setProgress(10);
              const r = await postWithProgress<{ format: string; components: number }>(
                `/api/v1/products/${product.id}/versions/${encodeURIComponent(version)}/sbom`,
                text,
                (x) => setProgress(10 + x * 90),
              );
              message.success(t('products.sbomDoneN', { n: r.components, format: r.format }));
              comps.reload();
            } catch (e) {
              message.error(e instanceof Error ? e.message : String(e));
            } finally {
              setProgress(null);
            }
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} disabled={!version}>
            {t('products.sbomUpload')}
          </Button>
        </Upload>
        {comps.data?.sbom && (
          <Typography.Text type="secondary">
            {comps.data.sbom.format} {comps.data.sbom.spec_version}
          </Typography.Text>
        )}
      </Space>
      <Typography.Text type="secondary">{t('products.sbomHint')}</Typography.Text>
      {progress !== null && <Progress percent={Math.round(progress)} status="active" />}
      {comps.error ? (
        <ErrorState error={comps.error} onRetry={comps.reload} compact />
      ) : (
        <Table<Component>
          data-testid="sbom-components"
          size="small"
          loading={comps.loading}
          rowKey={(c) => `${c.purl ?? c.name}@${c.version ?? ''}`}
          dataSource={comps.data?.components ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('products.noComponents') }}
          columns={[
            { title: t('field.name'), dataIndex: 'name' },
            { title: t('field.version'), dataIndex: 'version', width: 120 },
            { title: 'purl', dataIndex: 'purl', ellipsis: true },
          ]}
        />
      )}
      <Typography.Title level={5}>{t('products.findings')}</Typography.Title>
      {findings.error ? (
        <ErrorState error={findings.error} onRetry={findings.reload} compact />
      ) : (
        <Table
          size="small"
          loading={findings.loading}
          rowKey="key"
          dataSource={rows}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('products.noFindings') }}
          columns={[
            { title: t('field.version'), dataIndex: 'pv', width: 90 },
            { title: t('products.component'), key: 'c', render: (_, f: Finding) => `${f.component.name ?? f.component.purl ?? ''} ${f.component.version ?? ''}` },
            {
              title: t('products.source'),
              key: 's',
              render: (_, f: Finding) =>
                f.case_id ? <Link to={`/console/cases/${f.case_id}`}>{t('products.fromCase')}</Link> : <Tag>{f.advisory_id}</Tag>,
            },
            { title: t('products.verdict'), dataIndex: 'verdict', render: (v: string) => td('verdict', v) },
            { title: t('field.grade'), dataIndex: 'grade', render: (g: string | null) => (g ? td('grade', g) : '—') },
          ]}
        />
      )}
    </Space>
  );
}

export function ProductDetail() {
  const { t, td } = useI18n();
  const { id } = useParams();
  const p = useAsync(() => api.get<Product>(`/api/v1/products/${id}`), [id]);
  const [editing, setEditing] = useState(false);
  const orgName = useOrgName();
  if (p.loading && !p.data) return <Skeleton active />;
  if (p.error) return <ErrorState error={p.error} onRetry={p.reload} />;
  const d = p.data!;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Link to="/console/products">← {t('nav.products')}</Link>
        <Space style={{ justifyContent: 'space-between', width: '100%', marginTop: 8 }} wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {d.name} {d.model && <Typography.Text type="secondary">{d.model}</Typography.Text>}
          </Typography.Title>
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('action.edit')}
          </Button>
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('products.details')} style={{ height: '100%' }}>
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('field.provider')}>{d.provider_name ?? orgName(d.provider_org)}</Descriptions.Item>
              <Descriptions.Item label={t('field.kind')}>{td('productKind', d.kind)}</Descriptions.Item>
              <Descriptions.Item label={t('field.platform')}>
                <span data-testid="product-platform">{APP_PLATFORMS[d.kind ?? ''] && d.platform ? td('appPlatform', d.platform) : d.platform}</span>
              </Descriptions.Item>
              {d.app_id ? (
                <>
                  <Descriptions.Item label={t('field.appId')}>
                    <Typography.Text code data-testid="product-app-id-value">{d.app_id}</Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('field.storeVersion')}>
                    <span data-testid="product-store-version-value">{d.store_version || '—'}</span>
                  </Descriptions.Item>
                </>
              ) : null}
              <Descriptions.Item label="purl">{(d.purls ?? []).map((x) => <Tag key={x}>{x}</Tag>)}</Descriptions.Item>
              <Descriptions.Item label="CPE">{(d.cpes ?? []).map((x) => <Tag key={x}>{x}</Tag>)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('field.versions')} style={{ height: '100%' }}>
            {(d.versions ?? []).length ? (d.versions ?? []).map((v) => <Tag key={v} style={{ marginBottom: 6 }}>{v}</Tag>) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('products.customers')}>
            <Table size="small" rowKey="name" pagination={false} dataSource={d.customers ?? []} locale={{ emptyText: t('empty.noData') }} columns={[{ title: t('field.name'), dataIndex: 'name' }, { title: t('notice.contact'), dataIndex: 'contact' }]} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('products.sbom')}>
            <SbomPanel product={d} />
          </Card>
        </Col>
      </Row>
      <ProductForm open={editing} onClose={() => setEditing(false)} onSaved={(n) => p.setData(n)} product={d} />
    </Space>
  );
}
