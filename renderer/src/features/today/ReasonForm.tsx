/**
 * Asks the operator's reason before an action main records in the sale's history (adopt, send
 * again, acknowledge). Keyboard-first: the field takes the focus, Enter confirms, Esc goes back
 * without leaving the today view.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** What main accepts as a reason (contract: trimmed, 3–500 characters). */
export const MIN_REASON = 3;

export function ReasonForm({
  prefix,
  label,
  submit,
  busy,
  onSubmit,
  onAbort,
}: {
  /** Test hooks `<prefix>-reason`, `<prefix>-confirm`, `<prefix>-abort`; also the field's id. */
  prefix: string;
  label: string;
  submit: string;
  busy: boolean;
  onSubmit: (reason: string) => void;
  onAbort: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const ok = reason.trim().length >= MIN_REASON;
  return (
    <form
      className="resolve"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok && !busy) onSubmit(reason.trim());
      }}
    >
      <label htmlFor={`${prefix}-reason`}>{label}</label>
      <input
        id={`${prefix}-reason`}
        data-testid={`${prefix}-reason`}
        autoFocus
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={(e) => {
          // Esc is "next customer" everywhere else; here it only closes the question.
          if (e.key === 'Escape') {
            e.preventDefault();
            onAbort();
          }
        }}
      />
      <button type="submit" data-testid={`${prefix}-confirm`} disabled={!ok || busy}>
        {submit}
      </button>
      <button type="button" data-testid={`${prefix}-abort`} onClick={onAbort}>
        {t('today.abort')}
      </button>
    </form>
  );
}
