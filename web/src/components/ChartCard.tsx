import { useState, type ReactNode } from 'react';
import { Card, Empty, Segmented, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { BarChartOutlined, TableOutlined } from '@ant-design/icons';
import type { EChartsCoreOption } from 'echarts/core';
import { EChart } from './EChart';
import { useI18n } from '../i18n';

/** A chart that can also be read as a table. */
export function ChartCard<R extends object>({
  title,
  option,
  columns,
  rows,
  rowKey,
  empty,
  extra,
  testId,
}: {
  title: string;
  option: EChartsCoreOption;
  columns: ColumnsType<R>;
  rows: R[];
  rowKey: keyof R & string;
  empty: boolean;
  extra?: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'chart' | 'table'>('chart');
  return (
    <Card
      title={title}
      data-testid={testId}
      extra={
        <>
          {extra}
          <Segmented
            size="small"
            value={mode}
            onChange={(v) => setMode(v as 'chart' | 'table')}
            options={[
              { value: 'chart', icon: <BarChartOutlined />, label: t('chart.chart') },
              { value: 'table', icon: <TableOutlined />, label: t('chart.table') },
            ]}
          />
        </>
      }
    >
      {empty ? (
        <Empty description={t('empty.noData')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : mode === 'chart' ? (
        <EChart option={option} ariaLabel={title} />
      ) : (
        <Table<R> size="small" columns={columns} dataSource={rows} rowKey={rowKey} pagination={false} />
      )}
    </Card>
  );
}
