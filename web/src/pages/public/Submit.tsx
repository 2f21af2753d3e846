import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  Progress,
  Result,
  Row,
  Select,
  Space,
  Typography,
  Upload,
  App,
  Collapse,
} from 'antd';
import { InboxOutlined, CopyOutlined } from '@ant-design/icons';
import type { UploadFile } from 'antd/es/upload/interface';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { api, ApiError, fileToBase64, postWithProgress } from '../../api/client';
import type { GbtClass, Product, Submitted } from '../../api/types';
import { formFieldFor, LIMITS, validateReport, type ReportFormValues } from '../../lib/validation';
import { useAuth } from '../../auth';
import { useDebounced } from '../../lib/useAsync';
import { proofOfWorkHeader } from '../../lib/pow';
import { RulesList } from './Rules';
import { CwePicker } from '../../components/CwePicker';
import type { CweEntry } from '../../lib/cwe';

interface FormShape extends Omit<ReportFormValues, 'discovered_on'> {
  discovered_on?: Dayjs | null;
  already_public?: boolean;
  exploited?: boolean;
  agree?: boolean;
  attachments?: unknown;
}

export function useClasses() {
  const [classes, setClasses] = useState<GbtClass[]>([]);
  const [cwes, setCwes] = useState<CweEntry[]>([]);
  useEffect(() => {
    api
      .get<{ classes?: GbtClass[]; cwes?: CweEntry[] } | GbtClass[]>('/api/v1/classes')
      .then((r) => {
        if (Array.isArray(r)) setClasses(r);
        else {
          setClasses(r.classes ?? []);
          setCwes((r.cwes ?? []).filter((c) => c && typeof c.id === 'string'));
        }
      })
      .catch(() => {
        /* the CWE picker still takes any CWE id; the class picker falls back to free text */
      });
  }, []);
  return { classes, cwes };
}

export function Submit() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const anonymous = !user;
  const [form] = Form.useForm<FormShape>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [productId, setProductId] = useState<string | null>(null);
  const [productQuery, setProductQuery] = useState('');
  const debouncedQuery = useDebounced(productQuery, 250);
  const [products, setProducts] = useState<Product[]>([]);
  const [phase, setPhase] = useState<'edit' | 'reading' | 'uploading'>('edit');
  const [progress, setProgress] = useState(0);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [done, setDone] = useState<Submitted | null>(null);
  const { classes, cwes } = useClasses();

  useEffect(() => {
    if (!debouncedQuery.trim()) {
      setProducts([]);
      return;
    }
    api
      .get<{ items: Product[] }>('/api/v1/public/products', { text: debouncedQuery, limit: 10 })
      .then((r) => setProducts(r.items ?? []))
      .catch(() => setProducts([]));
  }, [debouncedQuery]);

  const classOptions = useMemo(
    () => classes.map((c) => ({ value: c.code, label: `${c.code} ${lang === 'zh-CN' ? c.name_zh : c.name_en}` })),
    [classes, lang],
  );

  const onFinish = async (v: FormShape) => {
    setOtherErrors([]);
    const values: ReportFormValues = { ...v, product_id: productId, discovered_on: v.discovered_on?.format('YYYY-MM-DD') };
    const problems = validateReport(values, {
      anonymous,
      today: dayjs().format('YYYY-MM-DD'),
      files: files.map((f) => ({ name: f.name, size: f.size ?? 0 })),
    });
    if (Object.keys(problems).length) {
      form.setFields(Object.entries(problems).map(([name, p]) => ({ name: name as keyof FormShape, errors: [t(p.key, p.vars)] })));
      return;
    }
    try {
      setPhase('reading');
      setProgress(0);
      const attachments = [];
      for (let i = 0; i < files.length; i++) {
        const f = files[i];
        const data = await fileToBase64(f.originFileObj as Blob, (x) => setProgress(((i + x) / files.length) * 100));
        attachments.push({ filename: f.name, content_type: f.type || 'application/octet-stream', data });
      }
      setPhase('uploading');
      setProgress(0);
      const body = {
        title: values.title?.trim(),
        product_id: productId ?? undefined,
        product_text: values.product_text?.trim() ?? '',
        product_version: values.product_version ?? '',
        vuln_type: values.vuln_type ?? '',
        cwe: (values.cwe ?? '').trim().toUpperCase(),
        gbt_class: values.gbt_class ?? '',
        location: values.location ?? '',
        trigger_conditions: values.trigger_conditions ?? '',
        impact: values.impact ?? '',
        verification: values.verification ?? '',
        discovered_on: values.discovered_on ?? '',
        already_public: !!v.already_public,
        exploited: !!v.exploited,
        disclosure_plans: values.disclosure_plans ?? '',
        contact_email: values.contact_email?.trim() ?? '',
        contact_name: values.contact_name ?? '',
        attachments,
      };
      // The platform may ask a proof of work of anonymous reports (none by default).
      const pow = await proofOfWorkHeader();
      const r = await postWithProgress<Submitted>('/api/v1/reports', body, (x) => setProgress(x * 100), pow);
      setDone(r);
      window.scrollTo(0, 0);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        const known = new Set(Object.keys(form.getFieldsValue(true)).concat(['title', 'impact', 'attachments', 'product_text', 'contact_email', 'cwe', 'gbt_class', 'discovered_on']));
        const byField: Record<string, string[]> = {};
        const rest: string[] = [];
        for (const f of e.fields) {
          let name = formFieldFor(f.field);
          if (name === 'product_id') name = 'product_text';
          if (known.has(name)) (byField[name] ??= []).push(f.message);
          else rest.push(`${f.field}: ${f.message}`);
        }
        form.setFields(Object.entries(byField).map(([name, errors]) => ({ name: name as keyof FormShape, errors })));
        setOtherErrors(rest);
        message.error(t('submit.fixErrors'));
      } else {
        setOtherErrors([e instanceof Error ? e.message : String(e)]);
      }
    } finally {
      setPhase('edit');
    }
  };

  if (done) {
    const link = `/track#id=${encodeURIComponent(done.tracking_id)}&token=${encodeURIComponent(done.tracking_token)}`;
    return (
      <Card>
        <Result
          status="success"
          title={t('submit.doneTitle')}
          subTitle={t('submit.doneText')}
          extra={
            <Space direction="vertical" style={{ textAlign: 'left' }} size="middle">
              <Alert type="warning" showIcon message={t('submit.tokenOnce')} />
              <Typography.Text>
                {t('track.id')}:{' '}
                <Typography.Text code copyable data-testid="tracking-id">
                  {done.tracking_id}
                </Typography.Text>
              </Typography.Text>
              <Typography.Text>
                {t('track.token')}:{' '}
                <Typography.Text code copyable={{ icon: <CopyOutlined /> }} data-testid="tracking-token">
                  {done.tracking_token}
                </Typography.Text>
              </Typography.Text>
              {done.receipt && (
                <Typography.Text type="secondary">
                  {t('submit.receipt', { seq: done.receipt.seq, hash: done.receipt.hash.slice(0, 16) })}
                </Typography.Text>
              )}
              <Space wrap>
                <Link to={link} data-testid="tracking-link">
                  <Button type="primary">{t('submit.goTrack')}</Button>
                </Link>
                {!anonymous && (
                  <Link to="/console/my-reports" data-testid="my-reports-link">
                    <Button>{t('submit.seeMyReports')}</Button>
                  </Link>
                )}
              </Space>
            </Space>
          }
        />
      </Card>
    );
  }

  const busy = phase !== 'edit';
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t('submit.title')}</Typography.Title>}>
      <Typography.Paragraph type="secondary">{anonymous ? t('submit.introAnon') : t('submit.introUser')}</Typography.Paragraph>
      <Form<FormShape>
        form={form}
        name="report"
        layout="vertical"
        onFinish={onFinish}
        requiredMark
        scrollToFirstError
        disabled={busy}
        initialValues={{ already_public: false, exploited: false }}
      >
        <Typography.Title level={5}>{t('submit.sectionWhat')}</Typography.Title>
        <Form.Item name="title" label={t('field.title')} required extra={t('submit.titleHelp')}>
          <Input maxLength={LIMITS.maxTitle} showCount />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item name="product_text" label={t('field.product')} required extra={productId ? t('submit.productKnown') : t('submit.productHelp')}>
              <AutoComplete
                options={products.map((p) => ({ value: p.name, key: p.id, label: `${p.name}${p.model ? ` ${p.model}` : ''}${p.provider_name ? ` · ${p.provider_name}` : ''}`, id: p.id }))}
                onSearch={(q) => {
                  setProductQuery(q);
                  setProductId(null);
                }}
                onSelect={(_, opt) => setProductId((opt as { id: string }).id)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="product_version" label={t('field.version')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="vuln_type" label={t('field.vulnType')}>
              <Input placeholder={t('submit.vulnTypePh')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="cwe" label={t('field.cwe')} extra={t('submit.cweHelp')}>
              <CwePicker
                catalogue={cwes}
                onChange={(v) => {
                  // The catalogue maps common CWEs to a GB/T 30279 class: a start the finder can change.
                  const cls = cwes.find((c) => c.id === v)?.gbt_class;
                  if (cls && !form.getFieldValue('gbt_class') && classes.some((k) => k.code === cls)) form.setFieldValue('gbt_class', cls);
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="gbt_class" label={t('field.gbtClass')}>
              {classOptions.length ? (
                <Select allowClear showSearch optionFilterProp="label" options={classOptions} />
              ) : (
                <Input />
              )}
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="location" label={t('field.location')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('submit.locationPh')} />
        </Form.Item>
        <Form.Item name="trigger_conditions" label={t('field.trigger')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item name="impact" label={t('field.impact')} required>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('submit.impactPh')} />
        </Form.Item>
        <Form.Item name="verification" label={t('field.verification')} extra={t('submit.verificationHelp')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="discovered_on" label={t('field.discoveredOn')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('submit.status')}>
              <Space wrap>
                <Form.Item name="already_public" valuePropName="checked" noStyle>
                  <Checkbox>{t('field.alreadyPublic')}</Checkbox>
                </Form.Item>
                <Form.Item name="exploited" valuePropName="checked" noStyle>
                  <Checkbox>{t('field.exploited')}</Checkbox>
                </Form.Item>
              </Space>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="disclosure_plans" label={t('field.disclosurePlans')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item name="attachments" label={t('field.attachments')} extra={t('submit.attachmentsHelp', { max: LIMITS.maxAttachments })}>
          <Upload.Dragger
            multiple
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => {
              setFiles(fileList);
              form.setFields([{ name: 'attachments', errors: [] }]);
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('submit.dropFiles')}</p>
          </Upload.Dragger>
        </Form.Item>
        <Typography.Title level={5}>{t('submit.sectionContact')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="contact_email" label={t('field.contactEmail')} required={anonymous}>
              <Input type="email" autoComplete="email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="contact_name" label={t('field.contactName')}>
              <Input autoComplete="name" />
            </Form.Item>
          </Col>
        </Row>
        <Collapse
          size="small"
          style={{ marginBottom: 16 }}
          items={[{ key: 'rules', label: t('submit.rulesSummary'), children: <RulesList compact /> }]}
        />
        <Form.Item
          name="agree"
          valuePropName="checked"
          rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('submit.mustAgree')))) }]}
        >
          <Checkbox>{t('submit.agree')}</Checkbox>
        </Form.Item>
        {busy && (
          <Progress
            percent={Math.round(progress)}
            status="active"
            format={(p) => `${phase === 'reading' ? t('submit.reading') : t('submit.uploading')} ${p}%`}
          />
        )}
        {otherErrors.length > 0 && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} message={t('submit.failed')} description={otherErrors.join('; ')} />
        )}
        <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="submit-report">
          {t('submit.send')}
        </Button>
      </Form>
    </Card>
  );
}
