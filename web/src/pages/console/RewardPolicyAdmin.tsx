import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { api, ApiError, type Page } from '../../api/client';
import type { Product } from '../../api/types';
import { useAuth } from '../../auth';
import { useAsync } from '../../lib/useAsync';
import { CURRENCIES, toMinor, type RewardPolicy } from '../../lib/filingRewards';
import { RewardPolicyTable } from '../public/PlatformInfo';
import { useOrgList } from './Admin';

const GRADES = ['critical', 'high', 'medium', 'low'];

/** A provider's reward table (R-BOUNTY), kept by its admins and shown on the portal. */
export function RewardPolicyAdmin() {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const orgs = useOrgList();
  const mine = (orgs.data ?? []).filter((o) => user?.platform_admin || user?.memberships?.some((m) => String(m.org_id) === String(o.id) && m.role === 'admin'));
  const [org, setOrg] = useState<string>();
  const provider = org ?? (mine[0] ? String(mine[0].id) : undefined);
  const products = useAsync(
    () => (provider ? api.get<Page<Product>>('/api/v1/products', { provider_org: provider, limit: 200 }).then((r) => r.items) : Promise.resolve([])),
    [provider],
  );
  const [form] = Form.useForm();
  const [tick, setTick] = useState(0);
  const add = async (v: { product_id?: string; grade?: string; min: number; max: number; currency: string; note?: string }) => {
    try {
      await api.post<RewardPolicy>('/api/v1/reward-policies', {
        provider_org: Number(provider),
        ...(v.product_id ? { product_id: Number(v.product_id) } : {}),
        ...(v.grade ? { grade: v.grade } : {}),
        min_minor: toMinor(v.min, v.currency),
        max_minor: toMinor(v.max, v.currency),
        currency: v.currency,
        note: v.note ?? '',
      });
      message.success(t('common.saved'));
      form.resetFields();
      setTick(tick + 1);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length)
        form.setFields(e.fields.map((f) => ({ name: { min_minor: 'min', max_minor: 'max' }[f.field] ?? f.field, errors: [f.message] })));
      else message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const remove = async (p: RewardPolicy) => {
    try {
      await api.del(`/api/v1/reward-policies/${p.id}`);
      setTick(tick + 1);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.rewardPolicy')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('rewardPolicy.adminIntro')}</Typography.Paragraph>
      <Select
        style={{ width: 320 }}
        value={provider}
        onChange={setOrg}
        options={mine.map((o) => ({ value: String(o.id), label: o.name }))}
        data-testid="reward-policy-org"
      />
      <Card size="small" title={t('rewardPolicy.add')}>
        <Form form={form} layout="inline" name="reward-policy" initialValues={{ currency: 'CNY' }} onFinish={add} style={{ rowGap: 8 }}>
          <Form.Item name="product_id">
            <Select allowClear placeholder={t('rewardPolicy.anyProduct')} style={{ width: 200 }} options={(products.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
          <Form.Item name="grade">
            <Select allowClear placeholder={t('rewardPolicy.anyGrade')} style={{ width: 140 }} options={GRADES.map((g) => ({ value: g, label: td('grade', g) }))} data-testid="reward-policy-grade" />
          </Form.Item>
          <Form.Item name="min" label={t('rewardPolicy.min')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={0} data-testid="reward-policy-min" />
          </Form.Item>
          <Form.Item name="max" label={t('rewardPolicy.max')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={0} data-testid="reward-policy-max" />
          </Form.Item>
          <Form.Item name="currency">
            <Select style={{ width: 90 }} options={CURRENCIES.map((x) => ({ value: x, label: x }))} />
          </Form.Item>
          <Form.Item name="note">
            <Input placeholder={t('reward.note')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={!provider} data-testid="reward-policy-add">
            {t('rewardPolicy.add')}
          </Button>
        </Form>
      </Card>
      {provider && (
        <RewardPolicyTable
          key={`${provider}-${tick}`}
          providerOrg={Number(provider)}
          extraColumn={(p) => (
            <Popconfirm title={t('rewardPolicy.confirmDelete')} onConfirm={() => void remove(p)}>
              <Button size="small" danger>{t('rewardPolicy.delete')}</Button>
            </Popconfirm>
          )}
        />
      )}
    </Space>
  );
}
