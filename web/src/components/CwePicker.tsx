// CWE picker: search the catalogue by id or by name in English or Chinese;
// any well-formed CWE id is accepted too (offered first when typed). A form
// control: value "CWE-79" or undefined.
import { useMemo, useState } from 'react';
import { Select, Space, Tag, Typography } from 'antd';
import { useI18n } from '../i18n';
import { cweName, cweOptions, type CweEntry } from '../lib/cwe';

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  catalogue: CweEntry[];
  disabled?: boolean;
  'aria-label'?: string;
  'data-testid'?: string;
}

export function CwePicker({ id, value, onChange, catalogue, disabled, ...rest }: Props) {
  const { t, lang } = useI18n();
  const [query, setQuery] = useState('');
  const byId = useMemo(() => new Map(catalogue.map((e) => [e.id, e])), [catalogue]);
  const options = useMemo(() => {
    const opts = cweOptions(catalogue, query);
    // The current value stays selectable (and labelled) whatever is typed.
    if (value && !opts.some((o) => o.value === value)) opts.push(byId.has(value) ? { value, entry: byId.get(value) } : { value, custom: true });
    return opts.map((o) => ({
      value: o.value,
      label: (
        <Space size={6} style={{ maxWidth: '100%' }}>
          <Typography.Text strong>{o.value}</Typography.Text>
          <Typography.Text ellipsis style={{ maxWidth: 420 }} type={o.custom ? 'secondary' : undefined}>
            {o.custom ? t('cwe.notInCatalogue') : cweName(o.entry, lang)}
          </Typography.Text>
          {o.entry?.top25_rank ? <Tag color="red">{t('cwe.top25', { rank: o.entry.top25_rank })}</Tag> : null}
        </Space>
      ),
      title: o.entry ? `${o.value} ${cweName(o.entry, lang)}` : o.value,
    }));
  }, [catalogue, query, value, byId, lang, t]);
  return (
    <Select
      id={id}
      showSearch
      allowClear
      disabled={disabled}
      value={value || undefined}
      placeholder={t('cwe.placeholder')}
      filterOption={false}
      searchValue={query}
      onSearch={setQuery}
      onChange={(v: string | undefined) => {
        setQuery('');
        onChange?.(v || undefined);
      }}
      onBlur={() => setQuery('')}
      options={options}
      labelRender={(o) => {
        const v = String(o.value ?? '');
        const e = byId.get(v);
        return e ? `${v} ${cweName(e, lang)}` : v;
      }}
      notFoundContent={t('cwe.noMatch')}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
      aria-label={rest['aria-label']}
      data-testid={rest['data-testid']}
    />
  );
}
