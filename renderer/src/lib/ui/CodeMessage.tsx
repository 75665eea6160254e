/** A UiTPAS or Loket code in the operator's language, with UiTPAS's own words beside it. */
import { useTranslation } from 'react-i18next';
import type { EndUserMessage } from '../../../../contract/domain.js';
import { endUserText } from '../i18n/end-user-message.js';
import { nl } from '../i18n/nl.js';

type KnownCode = keyof typeof nl.codes;

export function isKnownCode(code: string): code is KnownCode {
  return Object.prototype.hasOwnProperty.call(nl.codes, code) && code !== 'other';
}

export function useCodeText(): (code: string) => string {
  const { t } = useTranslation();
  return (code) => (isKnownCode(code) ? t(`codes.${code}`) : t('codes.other', { code }));
}

/**
 * UiTPAS's words: its `endUserMessage` in the employee's language when it wrote one (API 4), else
 * its message as it came.
 */
export function CodeMessage({
  code,
  serverMessage,
  endUserMessage,
}: {
  code: string;
  serverMessage?: string | undefined;
  endUserMessage?: EndUserMessage | undefined;
}) {
  const { t, i18n } = useTranslation();
  const text = useCodeText();
  const said = endUserMessage ? endUserText(endUserMessage, i18n.language) : serverMessage;
  return (
    <>
      <span className="code-text">{text(code)}</span>
      {said && said !== code && <span className="server-message"> {t('result.serverSaid', { message: said })}</span>}
    </>
  );
}
