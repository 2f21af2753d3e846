import { Tag, Tooltip } from 'antd';
import { useI18n } from '../i18n';

const reportColors: Record<string, string> = {
  received: 'blue',
  triage: 'processing',
  needs_info: 'warning',
  rejected: 'default',
  duplicate: 'purple',
  accepted: 'success',
};
const caseColors: Record<string, string> = {
  verifying: 'processing',
  confirmed: 'orange',
  not_affected: 'default',
  fixing: 'gold',
  fixed: 'green',
  published: 'cyan',
  closed: 'default',
  withdrawn: 'default',
};
export const gradeColors: Record<string, string> = {
  critical: '#a8071a',
  high: '#f5222d',
  medium: '#fa8c16',
  low: '#1677ff',
};
const clockColors: Record<string, string> = {
  on_time: 'processing',
  due_soon: 'warning',
  overdue: 'error',
  met: 'success',
  missed: 'magenta',
};

export function ReportStateTag({ state }: { state: string }) {
  const { td } = useI18n();
  return <Tag color={reportColors[state] ?? 'default'}>{td('reportState', state)}</Tag>;
}
export function CaseStateTag({ state }: { state: string }) {
  const { td } = useI18n();
  return <Tag color={caseColors[state] ?? 'default'}>{td('caseState', state)}</Tag>;
}
export function GradeTag({ grade, title }: { grade?: string | null; title?: string }) {
  const { td, t } = useI18n();
  if (!grade) return <Tag>{t('grade.none')}</Tag>;
  const tag = <Tag color={gradeColors[grade] ?? 'default'}>{td('grade', grade)}</Tag>;
  return title ? <Tooltip title={title}>{tag}</Tooltip> : tag;
}
export function ClockStateTag({ state }: { state: string }) {
  const { td } = useI18n();
  return <Tag color={clockColors[state] ?? 'default'}>{td('clockState', state)}</Tag>;
}
