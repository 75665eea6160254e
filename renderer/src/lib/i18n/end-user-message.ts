/**
 * UiTPAS's own words for the employee (API 4 `endUserMessage`) in the language Loket is shown in:
 * UiTPAS always writes Dutch and sometimes French, English or German. Pure.
 */
import type { EndUserMessage } from '../../../../contract/domain.js';

export function endUserText(message: EndUserMessage, language: string): string {
  const own = language === 'fr' || language === 'en' || language === 'de' ? message[language] : undefined;
  return own?.trim() ? own : message.nl;
}
