/** Who is at the counter: name, card status, kansenstatuut, group pass tickets, coupons. */
import { useTranslation } from 'react-i18next';
import { formatCardNumber } from '../../../../contract/card-number.js';
import type { Coupon, GroupPass, Kansenstatuut, Passholder } from '../../../../contract/domain.js';
import { formatDate } from '../../lib/format/locale.js';
import { holderName, holderStop } from './holder.js';
import { useSaleStore } from './sale-store.js';
import { CodeMessage } from '../../lib/ui/CodeMessage.js';

function KansenstatuutLine({ ks }: { ks: Kansenstatuut }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string | undefined) => (iso ? formatDate(iso, i18n.language) : '');
  let text: string;
  switch (ks.status) {
    case 'active':
      text = ks.endDate ? t('passholder.ksActive', { date: date(ks.endDate) }) : t('passholder.ksActiveNoDate');
      break;
    case 'grace':
      text = t('passholder.ksGrace', { date: date(ks.endDate) });
      break;
    case 'expired':
      text = ks.endDate ? t('passholder.ksExpiredOn', { date: date(ks.endDate) }) : t('passholder.ksExpired');
      break;
    case 'suspended':
      text = t('passholder.ksSuspended', { date: date(ks.suspendedUntil) });
      break;
  }
  return (
    <li className={`ks ks-${ks.status}`} data-testid="kansenstatuut" data-status={ks.status}>
      <span className="ks-system">
        {ks.cardSystem}
        {t('punct.colon')}
      </span>
      {text}
    </li>
  );
}

function Coupons({ coupons }: { coupons: Coupon[] }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <dt>{t('passholder.coupons')}</dt>
      <dd>
        {coupons.length === 0 ? (
          t('passholder.noCoupons')
        ) : (
          <ul className="plain" data-testid="coupons">
            {coupons.map((c) => (
              <li key={c.id}>
                <strong>{c.name}</strong>
                {c.validTo && <> — {t('passholder.couponValidTo', { date: formatDate(c.validTo, i18n.language) })}</>}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </>
  );
}

function PersonFacts({ holder }: { holder: Passholder }) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{t('passholder.kansenstatuut')}</dt>
      <dd>
        {holder.kansenstatuut.length === 0 ? (
          t('passholder.ksNone')
        ) : (
          <ul className="plain">
            {holder.kansenstatuut.map((ks) => (
              <KansenstatuutLine key={ks.cardSystem} ks={ks} />
            ))}
          </ul>
        )}
      </dd>
    </>
  );
}

function GroupFacts({ holder }: { holder: GroupPass }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <dt>{t('passholder.remaining')}</dt>
      <dd className="big-number" data-testid="remaining-tickets">
        {holder.availableTickets}
        {holder.ticketsPerYear !== undefined && <span className="of"> / {holder.ticketsPerYear}</span>}
      </dd>
      {holder.endDate && (
        <>
          <dt>{t('passholder.validUntil')}</dt>
          <dd>{formatDate(holder.endDate, i18n.language)}</dd>
        </>
      )}
      {holder.expired && (
        <dd className="warn-text" data-testid="group-expired">
          {t('passholder.expired')}
        </dd>
      )}
    </>
  );
}

export function PassholderPanel() {
  const { t } = useTranslation();
  const lookup = useSaleStore((s) => s.lookup);
  return (
    <section className="panel passholder" aria-labelledby="passholder-title" data-testid="passholder" data-state={lookup.status}>
      <h2 id="passholder-title">{t('passholder.title')}</h2>
      {lookup.status === 'idle' && <p className="muted">{t('passholder.none')}</p>}
      {lookup.status === 'loading' && <p aria-busy="true">{t('card.looking')}</p>}
      {lookup.status === 'failed' && (
        <p className="stop" role="alert" data-testid="lookup-error" data-code={lookup.problem.code}>
          <CodeMessage
            code={lookup.problem.code}
            serverMessage={lookup.problem.serverMessage}
            endUserMessage={lookup.problem.endUserMessage}
          />
        </p>
      )}
      {lookup.status === 'found' && <Found />}
    </section>
  );
}

function Found() {
  const { t } = useTranslation();
  const lookup = useSaleStore((s) => s.lookup);
  if (lookup.status !== 'found') return null;
  const holder = lookup.holder;
  const stop = holderStop(holder);
  const status = holder.card?.status;
  return (
    <>
      <p className="holder-name" data-testid="holder-name" data-kind={holder.kind}>
        {holder.kind === 'group' && <span className="tag">{t('passholder.groupPass')}</span>}
        {holderName(holder)}
      </p>
      <dl className="facts compact">
        <dt>{t('passholder.cardNumber')}</dt>
        <dd className="mono">{formatCardNumber(holder.uitpasNumber)}</dd>
        {status && (
          <>
            <dt>{t('passholder.cardStatus')}</dt>
            <dd data-testid="card-status" data-status={status} className={status === 'ACTIVE' ? '' : 'warn-text'}>
              {t(`passholder.cardStatuses.${status}`)}
            </dd>
          </>
        )}
        {holder.kind === 'passholder' ? <PersonFacts holder={holder} /> : <GroupFacts holder={holder} />}
        <Coupons coupons={holder.coupons} />
      </dl>
      {holder.notice === 'OFFLINE_CACHED' && <p className="notice">{t('passholder.offlineCached')}</p>}
      {holder.notice && holder.notice !== 'OFFLINE_CACHED' && holder.notice !== stop && (
        <p className="notice" data-testid="holder-notice" data-code={holder.notice}>
          <CodeMessage code={holder.notice} />
        </p>
      )}
      {stop && (
        <p className="stop" role="alert" data-testid="holder-stop" data-code={stop}>
          <strong>
            {t('passholder.stop')}
            {t('punct.colon')}
          </strong>
          <CodeMessage code={stop} />
        </p>
      )}
    </>
  );
}
