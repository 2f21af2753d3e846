import { Alert, Card, List, Typography } from 'antd';
import { useI18n, type MessageKey } from '../../i18n';
import { PlatformFilingCard } from './PlatformInfo';

export const RULE_KEYS: { id: string; title: MessageKey; text: MessageKey }[] = [1, 2, 3, 4, 5, 6, 7].map((n) => ({
  id: `R-PUB-${n}`,
  title: `rules.r${n}.title` as MessageKey,
  text: `rules.r${n}.text` as MessageKey,
}));

export function RulesList({ compact }: { compact?: boolean }) {
  const { t } = useI18n();
  return (
    <List
      size={compact ? 'small' : 'default'}
      dataSource={RULE_KEYS}
      renderItem={(r, i) => (
        <List.Item>
          <List.Item.Meta
            title={
              <span>
                {i + 1}. {t(r.title)}
              </span>
            }
            description={t(r.text)}
          />
        </List.Item>
      )}
    />
  );
}

export function Rules() {
  const { t } = useI18n();
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t('rules.title')}</Typography.Title>}>
      <Typography.Paragraph>{t('rules.intro')}</Typography.Paragraph>
      <RulesList />
      <Alert type="info" showIcon message={t('rules.basis')} style={{ marginTop: 16 }} />
      <PlatformFilingCard />
    </Card>
  );
}
