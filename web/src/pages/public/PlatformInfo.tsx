import { Card, Descriptions, Empty, Table, Typography } from 'antd';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../api/client';
import { useAsync } from '../../lib/useAsync';
import { formatAmount, type PublicFiling, type RewardPolicy } from '../../lib/filingRewards';

const PUBLISHED_RULES = [
  'verification_rules',
  'notification_rules',
  'publication_rules',
  'user_identity_rules',
  'graded_management_rules',
  'collection_scope',
  'collection_methods',
] as const;

/** The filing in force (R-FILING) and the rules the platform filed, for the portal's rules page. */
export function PlatformFilingCard() {
  const { t } = useI18n();
  const state = useAsync(() => api.get<{ filing: PublicFiling | null }>('/api/v1/public/filing'), []);
  const f = state.data?.filing;
  return (
    <Card title={t('filing.publicTitle')} style={{ marginTop: 16 }} data-testid="public-filing">
      {!f ? (
        <Typography.Text type="secondary">{state.loading ? '…' : t('home.filingPending')}</Typography.Text>
      ) : (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('filing.number')}>
            <span data-testid="public-filing-number">{f.filing_number}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('filing.field.platform_name')}>{f.platform_name}</Descriptions.Item>
          <Descriptions.Item label={t('filing.field.host_name')}>{f.host_name}</Descriptions.Item>
          <Descriptions.Item label={t('filing.field.icp_number')}>{f.icp_number}</Descriptions.Item>
          <Descriptions.Item label={t('filing.field.publication_channels')}>{f.publication_channels.join('；')}</Descriptions.Item>
          {PUBLISHED_RULES.filter((k) => f[k]).map((k) => (
            <Descriptions.Item key={k} label={t(`filing.field.${k}` as MessageKey)}>
              <span style={{ whiteSpace: 'pre-wrap' }} data-testid={`public-${k}`}>{f[k]}</span>
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  );
}

/** The reward tables providers publish (R-BOUNTY), per product or grade. */
export function RewardPolicyTable({ providerOrg, extraColumn }: { providerOrg?: number; extraColumn?: (p: RewardPolicy) => JSX.Element }) {
  const { t, td } = useI18n();
  const state = useAsync(
    () => api.get<{ items: RewardPolicy[] }>('/api/v1/public/reward-policies', { provider_org: providerOrg }),
    [providerOrg],
  );
  return (
    <Table
      rowKey="id"
      size="small"
      loading={state.loading}
      pagination={false}
      dataSource={state.data?.items ?? []}
      data-testid="reward-policies"
      locale={{ emptyText: <Empty description={t('rewardPolicy.none')} /> }}
      columns={[
        { title: t('field.provider'), key: 'o', render: (_, p) => p.provider_name },
        { title: t('field.product'), key: 'p', render: (_, p) => p.product_name || t('rewardPolicy.anyProduct') },
        { title: t('field.grade'), key: 'g', render: (_, p) => (p.grade ? td('grade', p.grade) : t('rewardPolicy.anyGrade')) },
        {
          title: t('rewardPolicy.range'),
          key: 'r',
          render: (_, p) => `${formatAmount(p.min_minor, p.currency, p.minor_digits)} – ${formatAmount(p.max_minor, p.currency, p.minor_digits)}`,
        },
        { title: t('reward.note'), key: 'n', render: (_, p) => p.note },
        ...(extraColumn ? [{ title: t('field.actions'), key: 'x', render: (_: unknown, p: RewardPolicy) => extraColumn(p) }] : []),
      ]}
    />
  );
}

export function RewardPolicies() {
  const { t } = useI18n();
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t('nav.rewards')}</Typography.Title>}>
      <Typography.Paragraph>{t('rewardPolicy.intro')}</Typography.Paragraph>
      <RewardPolicyTable />
    </Card>
  );
}
