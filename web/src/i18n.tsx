/**
 * A tiny dictionary-based i18n: Simplified Chinese by default, English on request,
 * the choice kept in localStorage. Every visible string goes through `useT()`.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LocalizedText } from './api';
import { messages, type MessageKey } from './messages';
import { exchangeMessages, type ExchangeMessageKey } from './messagesExchange';
import { policyMessages, type PolicyMessageKey } from './messagesPolicy';

export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'haitang.lang';

export type Vars = Record<string, string | number>;

/** The app's messages plus those of the subsidy and statistics pages (messagesPolicy.ts) and the exchange (messagesExchange.ts). */
const allMessages: Record<MessageKey | PolicyMessageKey | ExchangeMessageKey, LocalizedText> = { ...messages, ...policyMessages, ...exchangeMessages };
export type TKey = MessageKey | PolicyMessageKey | ExchangeMessageKey;

function known(key: string): key is TKey {
  return Object.prototype.hasOwnProperty.call(allMessages, key);
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** Translates a dictionary key, filling `{placeholders}`. */
  t: (key: TKey, vars?: Vars) => string;
  /** Label of an enum value (`label('status', 'pending')`), or the raw value if unknown. */
  label: (group: string, value: string) => string;
  /** Picks the current language from a server-provided `{ zh, en }`. */
  pick: (text: LocalizedText | null | undefined) => string;
  formatDate: (iso: string | null | undefined) => string;
  formatDateTime: (iso: string | null | undefined) => string;
}

function readStoredLang(): Lang {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

function fill(template: string, vars: Vars | undefined): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = messages['app.title'][lang];
  }, [lang]);

  const value = useMemo<I18n>(() => {
    // 2026/03/18 in Chinese; 18 Mar 2026 in English (all-digit dates read differently by region).
    const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
    const month = lang === 'zh' ? '2-digit' : 'short';
    const dateFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month, day: '2-digit' });
    const dateTimeFmt = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month,
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    const format = (fmt: Intl.DateTimeFormat) => (iso: string | null | undefined) => {
      if (!iso) return '—';
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : fmt.format(date);
    };
    return {
      lang,
      setLang,
      t: (key, vars) => fill(allMessages[key][lang], vars),
      label: (group, raw) => {
        const key = `${group}.${raw}`;
        return known(key) ? allMessages[key][lang] : raw;
      },
      pick: (text) => (text ? text[lang] || text.zh || text.en : ''),
      formatDate: format(dateFmt),
      formatDateTime: format(dateTimeFmt),
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() must be used inside <I18nProvider>');
  return value;
}
