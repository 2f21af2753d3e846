import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { CheckOutlined, CloseOutlined, CopyOutlined, QuestionOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n';
import { api, ApiError, type Page } from '../api/client';
import type { Case, Report } from '../api/types';
import { useDebounced } from '../lib/useAsync';
import { useEffect } from 'react';
import { showRefusal } from './refusal';

// The report API does not list allowed transitions (the case API does); this
// mirrors domain/workflow.cpp, and a refusal still shows the server's words.
const LOCAL_ALLOWED: Record<string, string[]> = {
  received: ['triage'],
  triage: ['needs_info', 'rejected', 'duplicate', 'accepted'],
  needs_info: ['triage', 'rejected'],
};

export function allowedReportTransitions(r: Report): string[] {
  return r.allowed_transitions ?? LOCAL_ALLOWED[r.state] ?? [];
}

const icons: Record<string, JSX.Element> = {
  triage: <PlayCircleOutlined />,
  needs_info: <QuestionOutlined />,
  rejected: <CloseOutlined />,
  duplicate: <CopyOutlined />,
  accepted: <CheckOutlined />,
};

function CasePicker({ value, onChange, id }: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const dq = useDebounced(q, 250);
  const [opts, setOpts] = useState<Case[]>([]);
  useEffect(() => {
    api
      .get<Page<Case>>('/api/v1/cases', { text: dq, limit: 20, sort: 'updated', order: 'desc' })
      .then((r) => setOpts(r.items))
      .catch(() => setOpts([]));
  }, [dq]);
  return (
    <Select
      id={id}
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setQ}
      placeholder={t('triage.pickCase')}
      options={opts.map((c) => ({ value: c.id, label: `${c.ref} ${c.title}` }))}
    />
  );
}

export function TriageActions({ report, onDone, size }: { report: Report; onDone: (r: Report) => void; size?: 'small' | 'middle' }) {
  const { t, td } = useI18n();
  const { message, modal } = App.useApp();
  const nav = useNavigate();
  const [action, setAction] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason?: string; case_id?: string }>();
  const allowed = allowedReportTransitions(report);
  if (!allowed.length) return null;

  const run = async (to: string, v: { reason?: string; case_id?: string }) => {
    setBusy(true);
    try {
      const r = await api.post<Report>(`/api/v1/reports/${report.id}/transitions`, { to, reason: v.reason ?? '', case_id: v.case_id });
      message.success(t('triage.done', { state: td('reportState', r.state) }));
      setAction(null);
      form.resetFields();
      onDone(r);
      if (to === 'accepted' && r.case_id) nav(`/console/cases/${r.case_id}`);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        form.setFields(e.fields.map((f) => ({ name: f.field as 'reason', errors: [f.message] })));
      } else showRefusal(modal, t, td, e, 'transition');
    } finally {
      setBusy(false);
    }
  };

  const needsReason = action === 'rejected' || action === 'needs_info' || action === 'duplicate';
  return (
    <>
      <Space wrap size={size === 'small' ? 4 : 8}>
        {allowed.map((to) => (
          <Button
            key={to}
            size={size}
            icon={icons[to]}
            type={to === 'accepted' ? 'primary' : 'default'}
            danger={to === 'rejected'}
            data-testid={`triage-${to}`}
            onClick={() => {
              form.resetFields();
              setAction(to);
            }}
          >
            {td('transition', to)}
          </Button>
        ))}
      </Space>
      <Modal
        open={action !== null}
        title={action ? td('transition', action) : ''}
        okText={t('action.confirm')}
        cancelText={t('action.cancel')}
        confirmLoading={busy}
        onCancel={() => setAction(null)}
        onOk={() => form.submit()}
        destroyOnClose
      >
        <Form form={form} layout="vertical" name="triage" onFinish={(v) => action && run(action, v)}>
          {action === 'duplicate' && (
            <Form.Item name="case_id" label={t('triage.duplicateOf')} rules={[{ required: true, message: t('validation.required') }]}>
              <CasePicker />
            </Form.Item>
          )}
          {action === 'accepted' && <p>{t('triage.acceptHint')}</p>}
          <Form.Item
            name="reason"
            label={t('field.reason')}
            rules={needsReason ? [{ required: true, message: t('validation.required') }] : []}
            extra={action === 'needs_info' ? t('triage.needsInfoHint') : undefined}
          >
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
