/** The auto-focused card field: Enter looks the card up after local validation. */
import { useEffect, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { runShortcut } from '../../lib/keyboard/use-shortcuts.js';
import { useSaleStore } from './sale-store.js';
import { CARD_INPUT_ID } from './focus.js';

export function CardField() {
  const { t } = useTranslation();
  const cardText = useSaleStore((s) => s.cardText);
  const lookup = useSaleStore((s) => s.lookup);
  const setCardText = useSaleStore((s) => s.setCardText);
  const submitCard = useSaleStore((s) => s.submitCard);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  // The card field has the focus most of the day, so the shortcuts that are characters ("/" search,
  // "?" help) work here too: a card number never contains them.
  const onType = (value: string) => {
    const shortcut = value.includes('/') ? 'focusSearch' : value.includes('?') ? 'help' : undefined;
    setCardText(value.replace(/[/?]/g, ''));
    if (shortcut) runShortcut(shortcut);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submitCard();
  };
  const invalid = lookup.status === 'invalid';
  return (
    <form className="card-field" onSubmit={onSubmit} role="search" aria-label={t('card.label')}>
      <label htmlFor={CARD_INPUT_ID}>{t('card.label')}</label>
      <div className="card-row">
        <input
          id={CARD_INPUT_ID}
          ref={ref}
          data-testid="card-input"
          className="card-input"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          value={cardText}
          onChange={(e) => onType(e.target.value)}
          aria-invalid={invalid}
          aria-describedby="card-help"
        />
        <button type="submit" data-testid="card-lookup">
          {t('card.lookup')}
        </button>
      </div>
      <p
        id="card-help"
        className={invalid ? 'field-error' : 'hint'}
        role={invalid ? 'alert' : undefined}
        data-testid={invalid ? 'card-error' : undefined}
      >
        {invalid ? t(`card.problem.${lookup.problem}`) : lookup.status === 'loading' ? t('card.looking') : t('card.hint')}
      </p>
    </form>
  );
}
