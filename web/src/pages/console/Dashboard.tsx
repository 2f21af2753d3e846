import { useMemo } from 'react';
import { Card, Col, Empty, Row, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { AlertOutlined, ClockCircleOutlined, FileProtectOutlined, InboxOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import type { EChartsCoreOption } from 'echarts/core';
import { useI18n } from '../../i18n';
import { api, ApiError, type Page } from '../../api/client';
import type { Clock, DashboardData, Report } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { ChartCard } from '../../components/ChartCard';
import { ErrorState } from '../../components/ErrorState';
import { ClockStateTag, gradeColors } from '../../components/Tags';
import { Countdown } from '../../components/Countdown';
import { fmtTime } from '../../lib/time';

const CASE_STATES = ['verifying', 'confirmed', 'not_affected', 'fixing', 'fixed', 'published', 'closed', 'withdrawn'];
const GRADES = ['critical', 'high', 'medium', 'low'];

async function loadDashboard(): Promise<DashboardData> {
  try {
    return await api.get<DashboardData>('/api/v1/dashboard');
  } catch (e) {
    // The aggregate route is newer than the console; without it the charts show their empty state.
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return {};
    throw e;
  }
}

async function loadClocksAtRisk(): Promise<Clock[]> {
  const [soon, over] = await Promise.all([
    api.get<Page<Clock>>('/api/v1/clocks', { state: 'due_soon', limit: 100 }),
    api.get<Page<Clock>>('/api/v1/clocks', { state: 'overdue', limit: 100 }),
  ]);
  return [...over.items, ...soon.items].sort((a, b) => a.due_at.localeCompare(b.due_at));
}

export function ClocksAtRisk() {
  const { t, td } = useI18n();
  const { data, error, loading, reload } = useAsync(loadClocksAtRisk, []);
  return (
    <Card title={<><ClockCircleOutlined /> {t('dash.clocksAtRisk')}</>} data-testid="clocks-at-risk">
      {error ? (
        <ErrorState error={error} onRetry={reload} compact />
      ) : (
        <Table<Clock>
          size="small"
          loading={loading}
          dataSource={data ?? []}
          rowKey={(c) => `${c.kind}-${c.case_id ?? c.report_id}-${c.due_at}`}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.noClocksAtRisk')} /> }}
          scroll={{ x: 640 }}
          columns={[
            {
              title: t('field.subject'),
              key: 'subject',
              render: (_, c) =>
                c.case_id ? (
                  <Link to={`/console/cases/${c.case_id}`}>
                    {c.subject_ref} {c.title}
                  </Link>
                ) : c.report_id ? (
                  <Link to={`/console/reports/${c.report_id}`}>
                    {c.subject_ref} {c.title}
                  </Link>
                ) : (
                  c.subject_ref
                ),
            },
            { title: t('field.clock'), key: 'kind', render: (_, c) => td('clockKind', c.kind) },
            { title: t('field.state'), key: 'state', render: (_, c) => <ClockStateTag state={c.state} /> },
            { title: t('field.due'), key: 'due', render: (_, c) => fmtTime(c.due_at) },
            { title: t('field.remaining'), key: 'left', render: (_, c) => <Countdown due={c.due_at} /> },
          ]}
        />
      )}
    </Card>
  );
}

export function Dashboard() {
  const { t, td } = useI18n();
  const dash = useAsync(loadDashboard, []);
  const triage = useAsync(() => api.get<Page<Report>>('/api/v1/reports', { state: 'received', limit: 1 }), []);
  const clocks = useAsync(
    () =>
      Promise.all([
        api.get<Page<Clock>>('/api/v1/clocks', { state: 'overdue', limit: 1 }),
        api.get<Page<Clock>>('/api/v1/clocks', { state: 'due_soon', limit: 1 }),
      ]),
    [],
  );
  const d = dash.data ?? {};
  const byState = useMemo(
    () => CASE_STATES.map((s) => ({ key: s, name: td('caseState', s), value: d.cases_by_state?.[s] ?? 0 })),
    [d.cases_by_state, td],
  );
  const byGrade = useMemo(
    () =>
      [...GRADES, 'none']
        .map((g) => ({ key: g, name: g === 'none' ? t('grade.none') : td('grade', g), value: d.cases_by_grade?.[g] ?? d.cases_by_grade?.[g === 'none' ? '' : g] ?? 0 }))
        .filter((x) => x.key !== 'none' || x.value > 0),
    [d.cases_by_grade, td, t],
  );
  const compliance = useMemo(
    () =>
      (d.regulatory_compliance ?? []).map((w) => ({
        ...w,
        share: w.total ? Math.round((w.met_on_time / w.total) * 1000) / 10 : null,
      })),
    [d.regulatory_compliance],
  );
  const ttf = useMemo(
    () =>
      GRADES.map((g) => {
        const x = d.time_to_fix_days?.find((y) => y.grade === g);
        return { grade: g, median_days: x && x.median_days !== null ? Math.round(x.median_days * 10) / 10 : null, count: x?.count ?? 0 };
      }),
    [d.time_to_fix_days],
  );
  const openCases = byState.filter((s) => !['closed', 'withdrawn', 'not_affected', 'published'].includes(s.key)).reduce((a, b) => a + b.value, 0);

  const stateOption: EChartsCoreOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: byState.map((s) => s.name), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: t('dash.cases'), data: byState.map((s) => s.value), itemStyle: { color: '#1677ff' }, barMaxWidth: 36 }],
  };
  const gradeOption: EChartsCoreOption = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        name: t('field.grade'),
        data: byGrade.filter((g) => g.value > 0).map((g) => ({ name: g.name, value: g.value, itemStyle: { color: gradeColors[g.key] ?? '#bfbfbf' } })),
        label: { formatter: '{b}: {c}' },
      },
    ],
  };
  const complianceOption: EChartsCoreOption = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 48, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: compliance.map((w) => w.week) },
    yAxis: [
      { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', minInterval: 1 },
    ],
    series: [
      { type: 'bar', name: t('dash.reportsFiled'), yAxisIndex: 1, data: compliance.map((w) => w.total), itemStyle: { color: '#d9d9d9' }, barMaxWidth: 28 },
      { type: 'line', name: t('dash.onTimeShare'), data: compliance.map((w) => w.share), itemStyle: { color: '#52c41a' }, symbolSize: 9, z: 5, smooth: true },
    ],
  };
  const ttfOption: EChartsCoreOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: ttf.map((x) => td('grade', x.grade)) },
    yAxis: { type: 'value', name: t('dash.days'), minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('dash.medianDays'),
        data: ttf.map((x) => ({ value: x.median_days, itemStyle: { color: gradeColors[x.grade] } })),
        barMaxWidth: 36,
      },
    ],
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.dashboard')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic title={t('dash.openCases')} value={dash.loading ? '-' : openCases} prefix={<FileProtectOutlined />} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Link to="/console/reports?state=received">
              <Statistic title={t('dash.awaitingTriage')} value={triage.data?.total ?? triage.data?.items.length ?? '-'} prefix={<InboxOutlined />} />
            </Link>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={t('clockState.overdue')}
              value={clocks.data ? (clocks.data[0].total ?? clocks.data[0].items.length) : '-'}
              valueStyle={{ color: '#cf1322' }}
              prefix={<AlertOutlined />}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={t('clockState.due_soon')}
              value={clocks.data ? (clocks.data[1].total ?? clocks.data[1].items.length) : '-'}
              valueStyle={{ color: '#d48806' }}
              prefix={<ClockCircleOutlined />}
            />
          </Card>
        </Col>
      </Row>
      <ClocksAtRisk />
      {dash.error ? (
        <ErrorState error={dash.error} onRetry={dash.reload} />
      ) : dash.loading ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <ChartCard
              testId="chart-by-state"
              title={t('dash.byState')}
              option={stateOption}
              rows={byState}
              rowKey="key"
              empty={!d.cases_by_state}
              columns={[
                { title: t('field.state'), dataIndex: 'name' },
                { title: t('dash.cases'), dataIndex: 'value', align: 'right' },
              ]}
            />
          </Col>
          <Col xs={24} xl={12}>
            <ChartCard
              testId="chart-by-grade"
              title={t('dash.byGrade')}
              option={gradeOption}
              rows={byGrade}
              rowKey="key"
              empty={!d.cases_by_grade}
              columns={[
                { title: t('field.grade'), dataIndex: 'name' },
                { title: t('dash.cases'), dataIndex: 'value', align: 'right' },
              ]}
            />
          </Col>
          <Col xs={24} xl={12}>
            <ChartCard
              testId="chart-compliance"
              title={t('dash.compliance')}
              option={complianceOption}
              rows={compliance}
              rowKey="week"
              empty={compliance.length === 0}
              columns={[
                { title: t('dash.week'), dataIndex: 'week' },
                { title: t('dash.metOnTime'), dataIndex: 'met_on_time', align: 'right' },
                { title: t('dash.reportsFiled'), dataIndex: 'total', align: 'right' },
                { title: t('dash.onTimeShare'), dataIndex: 'share', align: 'right', render: (v: number | null) => (v === null ? '-' : `${v}%`) },
              ]}
            />
          </Col>
          <Col xs={24} xl={12}>
            <ChartCard
              testId="chart-ttf"
              title={t('dash.timeToFix')}
              option={ttfOption}
              rows={ttf}
              rowKey="grade"
              empty={!d.time_to_fix_days || d.time_to_fix_days.length === 0}
              columns={[
                { title: t('field.grade'), dataIndex: 'grade', render: (g: string) => td('grade', g) },
                { title: t('dash.medianDays'), dataIndex: 'median_days', align: 'right', render: (v: number | null) => (v === null ? '-' : v) },
                { title: t('dash.fixedCount'), dataIndex: 'count', align: 'right' },
              ]}
            />
          </Col>
        </Row>
      )}
    </Space>
  );
}
