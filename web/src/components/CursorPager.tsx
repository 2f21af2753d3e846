import { Button, Select, Space, Typography } from 'antd';
import { LeftOutlined, RightOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import type { CursorList } from '../lib/useCursorList';

export function CursorPager<T>({ list }: { list: CursorList<T> }) {
  const { t } = useI18n();
  // A capped total is a lower bound: no "page N of M" then.
  const pages =
    list.total !== undefined && !list.totalCapped ? Math.max(1, Math.ceil(list.total / list.pageSize)) : undefined;
  return (
    <Space wrap style={{ marginTop: 16, justifyContent: 'flex-end', width: '100%' }}>
      {list.total !== undefined && (
        <Typography.Text type="secondary">
          {t(list.totalCapped ? 'pager.totalAtLeast' : 'pager.total', { n: list.total })}
        </Typography.Text>
      )}
      <Button
        icon={<VerticalRightOutlined />}
        disabled={list.page === 0 || list.loading}
        onClick={list.first}
        aria-label={t('pager.first')}
      />
      <Button icon={<LeftOutlined />} disabled={list.page === 0 || list.loading} onClick={list.prev} aria-label={t('pager.prev')} />
      <Typography.Text data-testid="pager-page">
        {pages !== undefined ? t('pager.pageOf', { page: list.page + 1, pages }) : t('pager.page', { page: list.page + 1 })}
      </Typography.Text>
      <Button icon={<RightOutlined />} disabled={!list.hasNext || list.loading} onClick={list.next} aria-label={t('pager.next')} />
      <Select
        aria-label={t('pager.size')}
        value={list.pageSize}
        onChange={list.setPageSize}
        options={[10, 20, 50, 100].map((n) => ({ value: n, label: t('pager.perPage', { n }) }))}
        style={{ width: 120 }}
      />
    </Space>
  );
}
