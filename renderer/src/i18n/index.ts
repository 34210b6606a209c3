// i18next set up once for the whole renderer. Every feature keeps its strings in
// locales/<lng>/<namespace>.json; the glob picks up a namespace as soon as its file exists, so
// a feature never has to edit this file to be translated.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { WORD_RESOURCES } from '../../../preload/contract/words/index';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const files = import.meta.glob<Record<string, unknown>>('../locales/*/*.json', { eager: true, import: 'default' });

function collectResources(): Resources {
  // The words of verdicts, checks, findings and decisions are shared with main's reports
  // (preload/contract/words): the screen and the paper say the same thing.
  const resources: Resources = {};
  for (const [lng, namespaces] of Object.entries(WORD_RESOURCES)) resources[lng] = { ...(namespaces as Record<string, Record<string, unknown>>) };
  for (const [path, content] of Object.entries(files)) {
    const match = /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, lng, ns] = match;
    if (lng === undefined || ns === undefined) continue;
    (resources[lng] ??= {})[ns] = content;
  }
  return resources;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

const resources = collectResources();
export const NAMESPACES = Object.keys(resources[DEFAULT_LANGUAGE] ?? { common: {} });

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  ns: NAMESPACES,
  defaultNS: 'common',
  // React escapes on render; escaping here too would show "&lt;" in module strings.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

/** The <html lang> attribute follows the language so Chromium picks CJK fonts and screen readers the voice. */
export async function changeLanguage(lng: Language): Promise<void> {
  await i18n.changeLanguage(lng);
  document.documentElement.lang = lng;
}
