import { useState } from 'react';
import { Alert, App, Button, Form, Input, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import type { Case } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { useHasRoute } from '../../lib/routes';
import { ErrorState } from '../../components/ErrorState';

interface ImpactItem {
  product_id: number | string;
  product_name: string;
  version: string;
  component: { purl: string; version?: string };
  verdict: string;
  reason?: string;
  customers: { name: string; contact?: string }[];
}

/** The case's affected components (purl + vers range) and which product versions and customers they reach. */
export function ImpactPanel({ c }: { c: Case }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const has = useHasRoute('GET /api/v1/cases/{id}/impact', `/api/v1/cases/${c.id}/components`);
  const comps = useAsync(
    () => (has ? api.get<{ items: { purl: string; range: string }[] }>(`/api/v1/cases/${c.id}/components`).then((r) => r.items) : Promise.resolve([])),
    [has, c.id],
  );
  const impact = useAsync(
    () => (has ? api.get<{ items: ImpactItem[]; product_versions?: number }>(`/api/v1/cases/${c.id}/impact`) : Promise.resolve({ items: [] as ImpactItem[] })),
    [has, c.id, comps.data],
  );
  const [text, setText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (has === undefined) return <Skeleton active />;
  if (!has) return <Alert type="info" showIcon message={t('impact.unavailable')} />;
  const current = (comps.data ?? []).map((x) => `${x.purl} ${x.range}`.trim()).join('\n');
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const components = (text ?? current)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [purl, ...rest] = l.split(/\s+/);
          return { purl, range: rest.join(' ') };
        });
      await api.put(`/api/v1/cases/${c.id}/components`, { components });
      message.success(t('common.saved'));
      setText(null);
      comps.reload();
    } catch (e) {
      setError(e instanceof ApiError && e.fields.length ? e.fields.map((f) => `${f.field}: ${f.message}`).join('; ') : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('impact.intro')}</Typography.Paragraph>
      {comps.error ? (
        <ErrorState error={comps.error} onRetry={comps.reload} compact />
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('impact.components')} htmlFor="case-components" extra={t('impact.componentsHint')} validateStatus={error ? 'error' : undefined} help={error}>
            <Input.TextArea
              id="case-components"
              value={text ?? current}
              onChange={(e) => setText(e.target.value)}
              autoSize={{ minRows: 2, maxRows: 8 }}
              placeholder="pkg:npm/lodash vers:npm/<4.17.21"
              disabled={c.permissions?.assess === false}
            />
          </Form.Item>
          <Button onClick={save} loading={busy} disabled={text === null}>
            {t('action.save')}
          </Button>
        </Form>
      )}
      <Typography.Title level={5}>{t('impact.reached')}</Typography.Title>
      {impact.error ? (
        <ErrorState error={impact.error} onRetry={impact.reload} compact />
      ) : (
        <Table<ImpactItem>
          size="small"
          loading={impact.loading}
          rowKey={(x) => `${x.product_id}-${x.version}-${x.component.purl}`}
          dataSource={impact.data?.items ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('impact.none') }}
          columns={[
            { title: t('field.productRef'), key: 'p', render: (_, x) => <Link to={`/console/products/${x.product_id}`}>{x.product_name}</Link> },
            { title: t('field.version'), dataIndex: 'version', width: 100 },
            { title: t('products.component'), key: 'c', render: (_, x) => `${x.component.purl}${x.component.version ? `@${x.component.version}` : ''}` },
            { title: t('products.verdict'), dataIndex: 'verdict', render: (v: string) => td('verdict', v) },
            { title: t('products.customers'), key: 'cu', render: (_, x) => x.customers.map((cu) => <Tag key={cu.name}>{cu.name}</Tag>) },
          ]}
        />
      )}
    </Space>
  );
}
