/**
 * Main's i18n home: the texts main itself puts on paper or in files, in the language of the
 * settings. (What the screens show lives in renderer/src/lib/i18n/.)
 */
import type { Language } from '../../contract/settings.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl } from './nl.js';
import type { MainTexts } from './texts.js';

export type { MainTexts } from './texts.js';

export const MAIN_TEXTS: Record<Language, MainTexts> = { nl, fr, en };

export function textsFor(language: Language): MainTexts {
  return MAIN_TEXTS[language];
}
