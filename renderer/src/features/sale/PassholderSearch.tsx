/**
 * "Geen kaart? Zoek een pashouder" (F3): surname, optional first name and date of birth typed as
 * text (dd/mm/jjjj — no <input type=date>, whose hand-typed keys the wedge detector would lose).
 * The hits show what tells namesakes apart (date of birth, city) and only the card's last 4
 * digits; Enter or a click on one loads it as a scan of that card would.
 */
import { useEffect, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { maskCardNumber } from '../../../../contract/card-number.js';
import type { PassholderHit } from '../../../../contract/domain.js';
import { formatDayInput } from '../../lib/format/date-input.js';
import { usePassholderSearchStore, type PassholderSearchResultState } from '../../store/passholder-search-store.js';
import { CodeMessage } from '../../lib/ui/CodeMessage.js';
import { CARD_INPUT_ID, PASSHOLDER_NAME_ID, focusId } from './focus.js';

function Outcome({ result }: { result: PassholderSearchResultState }) {
  const { t } = useTranslation();
  switch (result.status) {
    case 'idle':
      return (
        <p className="hint" id="passholder-search-hint">
          {t('passholderSearch.hint')}
        </p>
      );
    case 'loading':
      return (
        <p className="hint" role="status" data-testid="ps-loading">
          {t('passholderSearch.searching')}
        </p>
      );
    case 'invalid':
      return (
        <p className="field-error" role="alert" data-testid="ps-problem" data-code={result.code}>
          <CodeMessage code={result.code} />
        </p>
      );
    case 'failed': {
      const { code, serverMessage, endUserMessage } = result.problem;
      const own = code === 'UITPAS_OFFLINE' ? 'offline' : code === 'ACCESS_DENIED' ? 'accessDenied' : undefined;
      return (
        <p className="error" role="alert" data-testid="ps-problem" data-code={code}>
          {own ? t(`passholderSearch.${own}`) : <CodeMessage code={code} serverMessage={serverMessage} endUserMessage={endUserMessage} />}
        </p>
      );
    }
    case 'ok':
      if (result.items.length === 0)
        return (
          <p className="warning" role="status" data-testid="ps-none">
            {t('passholderSearch.none')}
          </p>
        );
      return result.more ? (
        <p className="warning" role="status" data-testid="ps-more">
          {t('passholderSearch.more', { total: result.total, shown: result.items.length })}
        </p>
      ) : (
        <p className="hint" role="status" data-testid="ps-found">
          {t('passholderSearch.found', { count: result.items.length })}
        </p>
      );
  }
}

function Hit({ hit, onPick }: { hit: PassholderHit; onPick: (h: PassholderHit) => void }) {
  const { t } = useTranslation();
  const name = `${hit.lastName}, ${hit.firstName}`;
  return (
    <li>
      <button
        type="button"
        className="ps-hit"
        data-testid="ps-result"
        data-uid={hit.uid}
        disabled={hit.uitpasNumber === undefined}
        aria-label={t('passholderSearch.use', { name })}
        onClick={() => onPick(hit)}
      >
        <strong>{name}</strong>
        {hit.dateOfBirth && (
          <span data-testid="ps-result-dob">{t('passholderSearch.born', { date: formatDayInput(hit.dateOfBirth) })}</span>
        )}
        {hit.city && <span>{hit.city}</span>}
        <span className="mono" data-testid="ps-result-card">
          {hit.uitpasNumber ? maskCardNumber(hit.uitpasNumber) : t('passholderSearch.noCard')}
        </span>
      </button>
    </li>
  );
}

export function PassholderSearch() {
  const { t } = useTranslation();
  const s = usePassholderSearchStore();
  const list = useRef<HTMLUListElement>(null);
  // With the answer on screen the first hit has the focus: Enter loads it.
  useEffect(() => {
    if (s.result.status === 'ok') list.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
  }, [s.result]);
  if (!s.open) {
    return (
      <p className="passholder-search-open">
        <button
          type="button"
          data-testid="passholder-search-open"
          aria-keyshortcuts="F3"
          onClick={() => {
            s.show();
            requestAnimationFrame(() => focusId(PASSHOLDER_NAME_ID));
          }}
        >
          {t('passholderSearch.open')} <kbd>F3</kbd>
        </button>
      </p>
    );
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void s.submit();
  };
  const field = (id: 'name' | 'firstName' | 'dateOfBirth', extra: { placeholder?: string; inputMode?: 'numeric' } = {}) => (
    <div className="ps-field">
      <label htmlFor={id === 'name' ? PASSHOLDER_NAME_ID : `passholder-search-${id}`}>{t(`passholderSearch.${id}`)}</label>
      <input
        id={id === 'name' ? PASSHOLDER_NAME_ID : `passholder-search-${id}`}
        type="text"
        data-testid={`ps-${id}`}
        autoComplete="off"
        spellCheck={false}
        maxLength={60}
        value={s[id]}
        onChange={(e) => s.setField(id, e.target.value)}
        aria-describedby="passholder-search-hint"
        {...extra}
      />
    </div>
  );
  return (
    <section className="panel passholder-search" aria-labelledby="passholder-search-title" data-testid="passholder-search">
      <h2 id="passholder-search-title">{t('passholderSearch.title')}</h2>
      <form onSubmit={onSubmit} role="search" aria-labelledby="passholder-search-title">
        {field('name')}
        {field('firstName')}
        {field('dateOfBirth', { placeholder: t('dates.placeholder'), inputMode: 'numeric' })}
        <div className="ps-actions">
          <button type="submit" className="primary" data-testid="ps-submit" disabled={s.result.status === 'loading'}>
            {t('passholderSearch.submit')}
          </button>
          <button
            type="button"
            data-testid="ps-close"
            onClick={() => {
              s.hide();
              requestAnimationFrame(() => focusId(CARD_INPUT_ID, true));
            }}
          >
            {t('passholderSearch.close')} <kbd>Esc</kbd>
          </button>
        </div>
      </form>
      <Outcome result={s.result} />
      {s.result.status === 'ok' && s.result.items.length > 0 && (
        <ul className="plain ps-results" ref={list} aria-label={t('passholderSearch.results')} data-testid="ps-results">
          {s.result.items.map((h) => (
            <Hit key={h.uid} hit={h} onPick={s.pick} />
          ))}
        </ul>
      )}
    </section>
  );
}
