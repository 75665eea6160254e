/**
 * A day typed as text, dd/mm/jjjj (also dd-mm-jjjj, dd.mm.jjjj, ddmmjjjj): read on Enter or when
 * the field is left, refused with a message when it is no day. Replaces <input type=date>, whose
 * hand-typed keys were lost behind the keyboard-wedge detector.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDayInput, parseDayInput } from '../lib/format/date-input.js';

export interface DayFieldProps {
  testId: string;
  label: string;
  /** YYYY-MM-DD or undefined. */
  value: string | undefined;
  onCommit: (day: string) => void;
}

export function DayField({ testId, label, value, onCommit }: DayFieldProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(value ? formatDayInput(value) : '');
  const [invalid, setInvalid] = useState(false);
  // A new day from outside (another range, a reset) replaces what was typed.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value ? formatDayInput(value) : '');
    setInvalid(false);
  }
  const commit = () => {
    const day = parseDayInput(text);
    if (day === undefined) {
      setInvalid(text.trim() !== '');
      return;
    }
    setInvalid(false);
    setText(formatDayInput(day));
    if (day !== value) onCommit(day);
  };
  const errorId = `${testId}-error`;
  return (
    <span className="day-field">
      <input
        type="text"
        data-testid={testId}
        aria-label={label}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={10}
        placeholder={t('dates.placeholder')}
        value={text}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          commit();
        }}
      />
      {invalid && (
        <span id={errorId} className="field-error" role="alert" data-testid={errorId}>
          {t('dates.invalid')}
        </span>
      )}
    </span>
  );
}
