/** i18next with Dutch as default; the language follows the settings (settings.get / LOKET_LANG). */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../../contract/settings.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl } from './nl.js';

export const resources = {
  nl: { translation: nl },
  fr: { translation: fr },
  en: { translation: en },
} as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof nl };
  }
}

export async function initI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources,
    lng: 'nl',
    fallbackLng: 'nl',
    supportedLngs: ['nl', 'fr', 'en'],
    // React escapes output itself.
    interpolation: { escapeValue: false },
    returnNull: false,
    // A key no language has (a code from UiTPAS, a typo in a dynamic key) is noted where the
    // end-to-end language walk reads it (tests/e2e/i18n-walk.spec.ts), instead of only showing
    // the raw key.
    saveMissing: true,
    missingKeyHandler: (_lngs, _ns, key) => {
      const g = globalThis as { __loketMissingKeys?: string[] };
      (g.__loketMissingKeys ??= []).push(key);
    },
  });
  return i18next;
}

export async function setLanguage(lang: Language): Promise<void> {
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}
