/**
 * A sale's history (every state change, who and why) and what the operator can do about a sale
 * Loket could not settle by itself: check UiTPAS afresh, adopt the record that is this sale, send
 * it again (main refuses while UiTPAS holds records that could be it), or close it with a reason.
 * Main writes every one of these into the history, which is shown again after each action.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateRecord, SaleDetail } from '../../../../contract/schemas/sales.js';
import { formatCents, formatDateTime } from '../../lib/format/locale.js';
import { useTodayStore } from './today-store.js';
import { CodeMessage } from '../../lib/ui/CodeMessage.js';
import { ActionMessage } from './ActionMessage.js';
import { MIN_REASON, ReasonForm } from './ReasonForm.js';

/** Uncertain sales reconciliation handed over, and rejected ones: main's adopt/retry accept these. */
export function hasOperatorTools(s: SaleDetail): boolean {
  return s.state === 'rejected' || (s.state === 'unknown' && (s.needsOperator === true || s.alert === 'needs-operator'));
}

export function isResolvable(s: SaleDetail): boolean {
  return s.state === 'rejected' || s.state === 'unknown' || s.state === 'cancel-unknown' || s.alert !== undefined;
}

/** Only a refusal carries UiTPAS's own words; other errors are Loket's (a lost answer, a search). */
function fromUitpas(s: SaleDetail): boolean {
  return s.state === 'rejected' || s.alert === 'cancel-refused' || s.alert === 'rejected-after-offline';
}

/** 'match', or main's 'doubt: why' split into the translated word and main's reason. */
export function fitOf(c: CandidateRecord): { kind: 'match' | 'doubt'; why?: string } {
  if (c.fit === 'match') return { kind: 'match' };
  const why = c.fit.replace(/^doubt:\s*/, '');
  return { kind: 'doubt', ...(why ? { why } : {}) };
}

export function SaleDetailPanel() {
  const detail = useTodayStore((s) => s.detail);
  if (!detail) return null;
  // Keyed by sale: a reason typed for one sale never carries over to the next one opened.
  return <DetailBody key={detail.id} detail={detail} />;
}

function DetailBody({ detail }: { detail: SaleDetail }) {
  const { t, i18n } = useTranslation();
  const close = useTodayStore((s) => s.closeDetail);
  const resolve = useTodayStore((s) => s.resolve);
  const actionHere = useTodayStore((s) => s.action.status !== 'idle' && s.action.id === detail.id);
  const busy = useTodayStore((s) => s.action.status === 'busy' && s.action.id === detail.id);
  const [reason, setReason] = useState('');
  return (
    <section
      className="panel detail"
      aria-labelledby="detail-title"
      data-testid="sale-detail"
      data-sale-id={detail.id}
      data-state={detail.state}
    >
      <h3 id="detail-title">
        {detail.activityTitle} — {formatCents(detail.expectedTariffCents * detail.amountOfTickets, i18n.language)}
      </h3>
      <p>
        <span className={`state state-${detail.state}`}>{t(`today.states.${detail.state}`)}</span>
        {detail.ticketSaleId && (
          <>
            {' '}
            · {t('result.ticketSaleId')}
            {t('punct.colon')}
            {detail.ticketSaleId}
          </>
        )}
        {detail.cancelRequested && <span className="warn-text"> · {t('today.cancelRequested')}</span>}
        {detail.alert && <span className="warn-text"> · {t(`today.alerts.${detail.alert}`)}</span>}
      </p>
      {detail.error && (
        <p className="stop" data-testid="sale-error" data-code={detail.error.code}>
          {fromUitpas(detail) ? (
            <CodeMessage code={detail.error.code} serverMessage={detail.error.message} endUserMessage={detail.error.endUserMessage} />
          ) : (
            <>
              <CodeMessage code={detail.error.code} /> <span className="muted">({detail.error.message})</span>
            </>
          )}
        </p>
      )}
      {actionHere && <ActionMessage />}
      {hasOperatorTools(detail) && <OperatorTools detail={detail} busy={busy} />}
      <h4>{t('today.history')}</h4>
      <ol className="history" data-testid="sale-history">
        {detail.history.map((h) => (
          <li key={h.seq}>
            <span className="mono">{formatDateTime(h.at, i18n.language)}</span> {h.from ? `${t(`today.states.${h.from}`)} → ` : ''}
            <strong>{t(`today.states.${h.to}`)}</strong> ({t(`today.actors.${h.actor}`)}): {h.reason}
          </li>
        ))}
      </ol>
      {isResolvable(detail) && (
        <form
          className="resolve"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim().length >= MIN_REASON) void resolve(detail.id, reason.trim());
          }}
        >
          <label htmlFor="resolve-reason">{t('today.resolveReason')}</label>
          <input id="resolve-reason" data-testid="resolve-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" data-testid="resolve-sale" disabled={reason.trim().length < MIN_REASON || busy}>
            {t('today.resolve')}
          </button>
        </form>
      )}
      <button type="button" onClick={close} data-testid="detail-close">
        {t('today.close')}
      </button>
    </section>
  );
}

/** The question being asked: a reason to send again, or to adopt one record. */
type Asking = { kind: 'retry' } | { kind: 'adopt'; ticketSaleId: string } | undefined;

function OperatorTools({ detail, busy }: { detail: SaleDetail; busy: boolean }) {
  const { t } = useTranslation();
  const candidates = useTodayStore((s) => (s.candidates.status !== 'idle' && s.candidates.id === detail.id ? s.candidates : undefined));
  const check = useTodayStore((s) => s.checkCandidates);
  const retry = useTodayStore((s) => s.retry);
  const adopt = useTodayStore((s) => s.adopt);
  const [asking, setAsking] = useState<Asking>(undefined);
  const loading = candidates?.status === 'loading';
  return (
    <div className="operator-tools" data-testid="operator-tools">
      {detail.state === 'unknown' && <p className="muted">{t('today.operatorHelp')}</p>}
      <div className="tool-buttons">
        <button
          type="button"
          data-testid="check-uitpas"
          disabled={loading || busy}
          aria-busy={loading}
          onClick={() => void check(detail.id)}
        >
          {loading ? t('today.checking') : t('today.check')}
        </button>{' '}
        <button
          type="button"
          data-testid="retry-sale"
          disabled={busy}
          aria-expanded={asking?.kind === 'retry'}
          onClick={() => setAsking({ kind: 'retry' })}
        >
          {t('today.retry')}
        </button>
      </div>
      {asking?.kind === 'retry' && (
        <ReasonForm
          prefix="retry"
          label={t('today.retryReason')}
          submit={t('today.retryConfirm')}
          busy={busy}
          onAbort={() => setAsking(undefined)}
          onSubmit={(reason) => {
            setAsking(undefined);
            void retry(detail.id, reason);
          }}
        />
      )}
      {candidates?.status === 'failed' && (
        <p className="stop" role="alert" data-testid="candidates" data-state="failed" data-code={candidates.problem.code}>
          <CodeMessage
            code={candidates.problem.code}
            serverMessage={candidates.problem.serverMessage}
            endUserMessage={candidates.problem.endUserMessage}
          />
        </p>
      )}
      {candidates?.status === 'done' && (
        <div data-testid="candidates" data-state="done" data-complete={candidates.complete}>
          <h4>{t('today.candidatesTitle')}</h4>
          {!candidates.complete && (
            <p className="warn-text" data-testid="candidates-incomplete">
              {t('today.candidatesIncomplete')}
            </p>
          )}
          {candidates.items.length === 0 ? (
            <p data-testid="candidates-none">{t('today.candidatesNone')}</p>
          ) : (
            <CandidateTable
              items={candidates.items}
              asking={asking}
              busy={busy}
              onAsk={(ticketSaleId) => setAsking({ kind: 'adopt', ticketSaleId })}
              onAbort={() => setAsking(undefined)}
              onAdopt={(ticketSaleId, reason) => {
                setAsking(undefined);
                void adopt(detail.id, ticketSaleId, reason);
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}

function CandidateTable({
  items,
  asking,
  busy,
  onAsk,
  onAbort,
  onAdopt,
}: {
  items: CandidateRecord[];
  asking: Asking;
  busy: boolean;
  onAsk: (ticketSaleId: string) => void;
  onAbort: () => void;
  onAdopt: (ticketSaleId: string, reason: string) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <table className="sales-table candidates">
      <thead>
        <tr>
          <th scope="col">{t('today.time')}</th>
          <th scope="col">{t('today.tariff')}</th>
          <th scope="col">{t('today.candidateFit')}</th>
          <th scope="col">{t('today.candidateClaimed')}</th>
          <th scope="col">{t('today.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => {
          const fit = fitOf(c);
          const askingHere = asking?.kind === 'adopt' && asking.ticketSaleId === c.ticketSaleId;
          return [
            <tr
              key={c.ticketSaleId}
              data-testid="candidate"
              data-ticket-sale-id={c.ticketSaleId}
              data-fit={fit.kind}
              data-claimed-by={c.claimedBy}
            >
              <td className="mono">{formatDateTime(c.creationDate, i18n.language)}</td>
              <td className="num">{formatCents(c.tariffCents, i18n.language)}</td>
              <td>
                <span className={fit.kind === 'match' ? 'ok-text' : 'warn-text'}>
                  {fit.kind === 'match' ? t('today.fitMatch') : t('today.fitDoubt')}
                </span>
                {fit.why && <span className="muted"> ({fit.why})</span>}
              </td>
              <td>{c.claimedBy ? t('today.claimedBy', { id: c.claimedBy.slice(0, 8) }) : t('today.notClaimed')}</td>
              <td className="actions">
                {!c.claimedBy && (
                  <button
                    type="button"
                    data-testid="adopt-record"
                    disabled={busy}
                    aria-expanded={askingHere}
                    onClick={() => onAsk(c.ticketSaleId)}
                  >
                    {t('today.adopt')}
                  </button>
                )}
              </td>
            </tr>,
            askingHere && (
              <tr key={`${c.ticketSaleId}-reason`}>
                <td colSpan={5}>
                  <ReasonForm
                    prefix="adopt"
                    label={t('today.adoptReason')}
                    submit={t('today.adoptConfirm')}
                    busy={busy}
                    onAbort={onAbort}
                    onSubmit={(reason) => onAdopt(c.ticketSaleId, reason)}
                  />
                </td>
              </tr>
            ),
          ];
        })}
      </tbody>
    </table>
  );
}
