import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Radio, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useI18n } from '../i18n';
import { api, ApiError } from '../api/client';
import type { CvssResult } from '../api/types';
import { buildVector, METRICS, parseVector, severityOf, type CvssVersion, type Picks } from '../lib/cvss';
import { useDebounced } from '../lib/useAsync';
import { gradeColors } from './Tags';

const sevColors: Record<string, string> = { none: '#8c8c8c', low: '#1677ff', medium: '#fa8c16', high: '#f5222d', critical: '#a8071a' };

export type ScoreFn = (vector: string) => Promise<CvssResult>;
const serverScore: ScoreFn = (vector) => api.get<CvssResult>('/api/v1/cvss', { vector });

/** Metric pickers for one CVSS version; the live score comes from the server. */
export function CvssCalculator({
  version,
  value,
  onChange,
  score = serverScore,
  disabled,
}: {
  version: CvssVersion;
  value?: string | null;
  onChange?: (vector: string | null, result: CvssResult | null) => void;
  score?: ScoreFn;
  disabled?: boolean;
}) {
  const { t, td } = useI18n();
  const [picks, setPicks] = useState<Picks>(() => {
    const p = parseVector(value);
    return p.version === version ? p.picks : {};
  });
  const vector = useMemo(() => buildVector(version, picks), [version, picks]);
  const debounced = useDebounced(vector, 250);
  const [result, setResult] = useState<CvssResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    if (!debounced) {
      setResult(null);
      setError(null);
      onChange?.(null, null);
      return;
    }
    setBusy(true);
    score(debounced).then(
      (r) => {
        if (!live) return;
        setResult(r);
        setError(null);
        setBusy(false);
        onChange?.(debounced, r);
      },
      (e: unknown) => {
        if (!live) return;
        setResult(null);
        setBusy(false);
        setError(e instanceof ApiError && e.fields.length ? e.fields.map((f) => f.message).join('; ') : e instanceof Error ? e.message : String(e));
        onChange?.(null, null);
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const sev = severityOf(result?.score);
  const id = `cvss${version.replace('.', '')}`;
  return (
    <Card
      size="small"
      title={t('cvss.title', { version })}
      data-testid={`cvss-${version}`}
      extra={
        <Button size="small" type="link" disabled={disabled} onClick={() => setPicks({})}>
          {t('cvss.clear')}
        </Button>
      }
    >
      <Row gutter={[16, 8]}>
        <Col xs={24} lg={16}>
          {METRICS[version].map((m) => (
            <div key={m.key} role="group" aria-labelledby={`${id}-${m.key}`} style={{ marginBottom: 8 }}>
              <div id={`${id}-${m.key}`} style={{ fontSize: 13, color: 'rgba(0,0,0,.65)', marginBottom: 2 }}>
                {t(m.label)}
              </div>
              <Radio.Group
                size="small"
                optionType="button"
                buttonStyle="solid"
                disabled={disabled}
                value={picks[m.key]}
                onChange={(e) => setPicks((p) => ({ ...p, [m.key]: e.target.value as string }))}
                options={m.values.map((v) => ({ value: v.v, label: `${t(v.label)} (${v.v})`, 'data-testid': `${id}-${m.key}-${v.v}` } as { value: string; label: string }))}
                name={`${id}-${m.key}`}
              />
            </div>
          ))}
        </Col>
        <Col xs={24} lg={8}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <div data-testid={`${id}-score`} aria-live="polite">
              <Statistic
                title={t('cvss.score')}
                value={result ? result.score.toFixed(1) : '—'}
                valueStyle={{ color: sev ? sevColors[sev] : undefined, fontSize: 36 }}
                loading={busy && !result}
              />
            </div>
            {result && sev && <Tag color={sevColors[sev]}>{t(`cvss.severity.${sev}` as 'cvss.severity.low')}</Tag>}
            {result?.grade && (
              <Typography.Text>
                {t('cvss.gradeHint')}: <Tag color={gradeColors[result.grade]}>{td('grade', result.grade)}</Tag>
              </Typography.Text>
            )}
            {!vector && <Typography.Text type="secondary">{t('cvss.incomplete')}</Typography.Text>}
            {vector && (
              <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }} data-testid={`${id}-vector`}>
                {vector}
              </Typography.Text>
            )}
            {error && <Alert type="error" showIcon message={error} />}
          </Space>
        </Col>
      </Row>
    </Card>
  );
}
