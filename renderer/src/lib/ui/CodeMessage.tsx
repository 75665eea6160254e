/** A UiTPAS or Loket code in the operator's language, with UiTPAS's own words beside it. */
import { useTranslation } from 'react-i18next';
import { nl } from '../i18n/nl.js';

type KnownCode = keyof typeof nl.codes;

export function isKnownCode(code: string): code is KnownCode {
  return Object.prototype.hasOwnProperty.call(nl.codes, code) && code !== 'other';
}

export function useCodeText(): (code: string) => string {
  const { t } = useTranslation();
  return (code) => (isKnownCode(code) ? t(`codes.${code}`) : t('codes.other', { code }));
}

export function CodeMessage({ code, serverMessage }: { code: string; serverMessage?: string | undefined }) {
  const { t } = useTranslation();
  const text = useCodeText();
  return (
    <>
      <span className="code-text">{text(code)}</span>
      {serverMessage && serverMessage !== code && (
        <span className="server-message"> {t('result.serverSaid', { message: serverMessage })}</span>
      )}
    </>
  );
}
