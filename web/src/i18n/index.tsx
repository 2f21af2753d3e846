// A small i18n layer: two flat dictionaries with identical keys (enforced by
// the type of en-US and by a test), zh-CN by default, the choice remembered.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { zhCN, type MessageKey } from './zh-CN';
import { enUS } from './en-US';

export type Lang = 'zh-CN' | 'en-US';
export const LANGS: Lang[] = ['zh-CN', 'en-US'];
export const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
const STORAGE_KEY = 'loudong.lang';

export type Vars = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const s = dictionaries[lang][key] ?? key;
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** For keys built from server values (states, kinds): falls back to the value itself, never to a raw key. */
export function translateDynamic(lang: Lang, prefix: string, value: string | null | undefined): string {
  if (!value) return '';
  const key = `${prefix}.${value}`;
  const d = dictionaries[lang] as Record<string, string>;
  return d[key] ?? value;
}

// The language the console shows now, for text made outside components
// (ApiError's message); the provider keeps it current.
let currentLang: Lang = 'zh-CN';
export function activeLang(): Lang {
  return currentLang;
}

export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en-US') return saved;
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN';
}

interface I18nValue {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  td: (prefix: string, value: string | null | undefined) => string;
}

const I18nContext = createContext<I18nValue>({
  lang: 'zh-CN',
  setLang: () => {},
  t: (k, v) => translate('zh-CN', k, v),
  td: (p, v) => translateDynamic('zh-CN', p, v),
});

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(fixed ?? initialLang());
  currentLang = lang;
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
  }, []);
  useEffect(() => {
    dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang;
    document.title = translate(lang, 'app.title');
  }, [lang]);
  const value = useMemo<I18nValue>(
    () => ({
      lang,
      setLang,
      t: (k, v) => translate(lang, k, v),
      td: (p, v) => translateDynamic(lang, p, v),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  return useContext(I18nContext);
}
export type { MessageKey };
