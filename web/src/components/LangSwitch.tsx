import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n, type Lang } from '../i18n';

export function LangSwitch({ dark }: { dark?: boolean }) {
  const { lang, setLang, t } = useI18n();
  // Opened by a click, not by hovering: hover menus do not open on touch
  // screens, and one that closes as the pointer travels to it loses the
  // choice on a slow machine (the browser suite saw exactly that under load).
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectedKeys: [lang],
        items: [
          { key: 'zh-CN', label: '简体中文' },
          { key: 'en-US', label: 'English' },
        ],
        onClick: ({ key }) => setLang(key as Lang),
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        aria-label={t('lang.switch')}
        data-testid="lang-switch"
        style={dark ? { color: '#fff' } : undefined}
      >
        {lang === 'zh-CN' ? '中文' : 'EN'}
      </Button>
    </Dropdown>
  );
}
