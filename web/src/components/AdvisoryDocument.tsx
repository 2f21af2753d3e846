// An advisory (公告) as the public reads it: the GB/T 28458 items in the
// reader's language, the other language where that one is empty. The portal
// shows published revisions with it; the console's preview shows the
// working copy the same way, so what is previewed is what will be public.
import { Descriptions, Space, Tag, Typography } from 'antd';
import { useI18n } from '../i18n';
import type { AdvisoryDoc, AdvisoryText } from '../api/types';
import { GradeTag } from './Tags';
import { fmtDate } from '../lib/time';

/** The reader's language first, the other where a field is empty there. */
export function pickText(a: AdvisoryDoc, lang: string, field: keyof AdvisoryText): string {
  const first = lang === 'zh-CN' ? a.zh : a.en;
  const second = lang === 'zh-CN' ? a.en : a.zh;
  return first?.[field] || second?.[field] || '';
}

export function affectedText(p: AdvisoryDoc['affected'][number]): string {
  const versions = p.range || (p.versions ?? []).join(', ');
  return [p.vendor, p.name, versions && `(${versions})`, p.fixed_version && `→ ${p.fixed_version}`].filter(Boolean).join(' ');
}

export function AdvisoryDocument({ a, testId = 'advisory-detail' }: { a: AdvisoryDoc; testId?: string }) {
  const { t, td, lang } = useI18n();
  const none = t('report.none');
  const text = (f: keyof AdvisoryText) => pickText(a, lang, f);
  const scores = [
    a.cvss31_score != null ? `CVSS 3.1 ${a.cvss31_score} (${a.cvss31_vector})` : '',
    a.cvss40_score != null ? `CVSS 4.0 ${a.cvss40_score} (${a.cvss40_vector})` : '',
  ].filter(Boolean);
  const prose = (f: keyof AdvisoryText) =>
    text(f) ? <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{text(f)}</Typography.Text> : none;
  return (
    <Descriptions column={1} bordered size="small" data-testid={testId}>
      <Descriptions.Item label={t('advisory.ref')}>
        <Space wrap>
          <Tag>{a.ref}</Tag>
          {a.revision > 0 && <span>{t('advisory.revisionN', { n: a.revision })}</span>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('advisory.field.title')}>{text('title') || none}</Descriptions.Item>
      <Descriptions.Item label={t('advisories.published')}>{a.published_at ? fmtDate(a.published_at) : none}</Descriptions.Item>
      <Descriptions.Item label={t('advisory.publisher')}>{a.publisher || none}</Descriptions.Item>
      <Descriptions.Item label={t('advisory.credits')}>
        {a.credits?.length ? a.credits.map((c) => `${c.name} (${td('creditRole', c.role ?? 'finder')})`).join(t('list.sep')) : none}
      </Descriptions.Item>
      <Descriptions.Item label={t('advisory.verifier')}>{a.verifier || none}</Descriptions.Item>
      <Descriptions.Item label={t('field.cwe')}>{[a.cwe ? `CWE-${a.cwe}` : '', a.gbt_class].filter(Boolean).join(' · ') || none}</Descriptions.Item>
      <Descriptions.Item label={t('field.grade')}>
        <GradeTag grade={a.grade ?? null} />
      </Descriptions.Item>
      <Descriptions.Item label={t('advisories.scores')}>
        {scores.length ? scores.map((x) => <div key={x}>{x}</div>) : none}
      </Descriptions.Item>
      <Descriptions.Item label={t('advisories.product')}>
        {a.affected?.length ? a.affected.map((p, i) => <div key={i}>{affectedText(p)}</div>) : none}
      </Descriptions.Item>
      <Descriptions.Item label={t('field.externalIds')}>
        {a.external_ids?.length ? a.external_ids.map((x) => <Tag key={x}>{x}</Tag>) : none}
      </Descriptions.Item>
      <Descriptions.Item label={t('advisory.field.summary')}>{prose('summary')}</Descriptions.Item>
      <Descriptions.Item label={t('advisory.field.impact')}>{prose('impact')}</Descriptions.Item>
      <Descriptions.Item label={t('advisory.field.existence_statement')}>{prose('existence_statement')}</Descriptions.Item>
      <Descriptions.Item label={t('advisory.field.detection')}>{prose('detection')}</Descriptions.Item>
      <Descriptions.Item label={t('advisory.field.solution')}>{prose('solution')}</Descriptions.Item>
      <Descriptions.Item label={t('advisory.references')}>
        {a.references?.length
          ? a.references.map((r, i) => (
              <div key={i}>
                <Typography.Link href={r.url} target="_blank" rel="noopener noreferrer nofollow">
                  {r.summary || r.url}
                </Typography.Link>
              </div>
            ))
          : none}
      </Descriptions.Item>
      {(a.history?.length ?? 0) > 0 && (
        <Descriptions.Item label={t('advisory.history')}>
          {a.history!.map((h) => (
            <div key={h.number}>
              {t('advisory.revisionN', { n: h.number })} · {fmtDate(h.at)} · {h.change}
            </div>
          ))}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}
