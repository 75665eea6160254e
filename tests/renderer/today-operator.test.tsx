// @vitest-environment jsdom
/**
 * Today's sales after the exactly-once rework, in jsdom with the app's i18n, over a stand-in for
 * the preload bridge (`window.loket`) answering in contract envelopes: what a cancel will do and
 * how its answer reads, the operator's check / adopt / send again on an unsettled sale, the UiTPAS
 * records Loket did not register, and the connectivity badge's `degraded`. Plus the pure rules
 * behind them.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CandidateRecord, ForeignRecordView, SaleDetail, SaleView } from '../../contract/schemas/sales.js';
import type { Envelope, LoketBridge } from '../../contract/index.js';
import { ConnectivityBadge } from '../../renderer/src/app/shell/ConnectivityBadge.js';
import { activityTitleFor } from '../../renderer/src/features/today/ForeignRecords.js';
import { fitOf, hasOperatorTools } from '../../renderer/src/features/today/SaleDetail.js';
import { SaleRow } from '../../renderer/src/features/today/SaleRow.js';
import { TodaySales } from '../../renderer/src/features/today/TodaySales.js';
import { initI18n, setLanguage } from '../../renderer/src/lib/i18n/index.js';
import { useAppStore } from '../../renderer/src/app/app-store.js';
import {
  cancelKind,
  cancelOutcome,
  foreignShown,
  hasReceipt,
  matchesFilter,
  needsAttention,
  useTodayStore,
} from '../../renderer/src/features/today/today-store.js';

const SALE_ID = '5b0c2a4e-1111-4a8b-9c7d-000000000001';
const OTHER_ID = '5b0c2a4e-2222-4a8b-9c7d-000000000002';

const base: SaleView = {
  id: SALE_ID,
  createdAt: '2026-11-27T14:00:00.000Z',
  counterKey: 'k',
  uitpasNumber: '0930000422202',
  groupPass: false,
  holderName: 'Fatma Yılmaz',
  cdbid: 'e1',
  activityTitle: 'Concert',
  priceClass: 'Categorie 1',
  amountOfTickets: 1,
  expectedPriceCents: 2200,
  expectedTariffCents: 550,
  provisional: false,
  state: 'registered',
  attempts: 1,
};
const sale = (patch: Partial<SaleView>): SaleView => ({ ...base, ...patch });
const detailOf = (s: SaleView, reasons: string[] = []): SaleDetail => ({
  ...s,
  history: reasons.map((reason, i) => ({ seq: i + 1, at: s.createdAt, to: s.state, actor: 'operator' as const, reason })),
});
const record = (patch: Partial<CandidateRecord>): CandidateRecord => ({
  ticketSaleId: '30001',
  creationDate: '2026-11-27T14:00:01.000Z',
  priceCents: 2200,
  tariffCents: 550,
  groupPass: false,
  fit: 'match',
  ...patch,
});
const foreign = (patch: Partial<ForeignRecordView>): ForeignRecordView => ({
  ticketSaleId: '40001',
  foundAt: new Date().toISOString(),
  cdbid: 'e1',
  creationDate: '2026-11-27T14:00:02.000Z',
  tariffCents: 550,
  groupPass: false,
  likeSaleId: SALE_ID,
  status: 'flagged',
  reason: 'UiTPAS holds a sale Loket did not register (like sale x)',
  ...patch,
});

/** What main answers, per call (given the input); every call is recorded with its input. */
let answers: Record<string, (input: unknown) => Envelope<unknown>> = {};
const calls: Array<{ name: string; input: unknown }> = [];
const ok = (value: unknown): Envelope<unknown> => ({ ok: true, value });
const bridge: LoketBridge = {
  transport: 'electron',
  invoke(name, input) {
    calls.push({ name, input });
    const answer = answers[name];
    return Promise.resolve(answer ? answer(input) : { ok: false, error: { code: 'UNKNOWN_CALL', message: name } });
  },
  subscribe: () => () => undefined,
};

beforeAll(async () => {
  (window as unknown as { loket: LoketBridge }).loket = bridge;
  await initI18n();
});
beforeEach(async () => {
  await setLanguage('nl');
  answers = { 'sale.foreign': () => ok({ items: [] }) };
  calls.length = 0;
  useAppStore.getState().setConnectivity({ state: 'online' });
  useTodayStore.setState({
    items: [],
    attention: [],
    foreign: [],
    detail: undefined,
    candidates: { status: 'idle' },
    action: { status: 'idle' },
    filter: 'all',
  });
});
afterEach(cleanup);

describe('the rules behind the view', () => {
  it('says what a cancel will do, by state and connectivity', () => {
    expect(cancelKind(sale({ state: 'registered' }), false)).toBe('at-uitpas');
    expect(cancelKind(sale({ state: 'registered' }), true)).toBe('queued');
    expect(cancelKind(sale({ state: 'pending' }), true)).toBe('not-sent');
    for (const state of ['sending', 'unknown', 'reconciling'] as const) expect(cancelKind(sale({ state }), false)).toBe('deferred');
    // Asked once is enough; the cancel states and settled sales offer no cancel.
    expect(cancelKind(sale({ state: 'unknown', cancelRequested: true }), false)).toBeUndefined();
    for (const state of ['cancel-pending', 'cancel-sending', 'cancel-unknown', 'cancelled', 'rejected', 'resolved'] as const) {
      expect(cancelKind(sale({ state }), false), state).toBeUndefined();
    }
  });

  it('reads main’s answer to a cancel without calling a queued one cancelled', () => {
    expect(cancelOutcome(sale({ state: 'cancelled' }))).toBe('cancel');
    expect(cancelOutcome(sale({ state: 'cancel-pending' }))).toBe('cancel-queued');
    expect(cancelOutcome(sale({ state: 'cancel-unknown' }))).toBe('cancel-queued');
    expect(cancelOutcome(sale({ state: 'unknown', cancelRequested: true }))).toBe('cancel-requested');
    expect(cancelOutcome(sale({ state: 'registered', alert: 'cancel-refused' }))).toBe('cancel-refused');
  });

  it('keeps an unconfirmed cancel under registered, needs attention for an uncertain cancel or the operator', () => {
    expect(matchesFilter(sale({ state: 'cancel-pending' }), 'registered')).toBe(true);
    expect(matchesFilter(sale({ state: 'cancel-pending' }), 'cancelled')).toBe(false);
    expect(matchesFilter(sale({ state: 'cancel-pending' }), 'open')).toBe(false);
    expect(needsAttention(sale({ state: 'cancel-unknown' }))).toBe(true);
    expect(needsAttention(sale({ state: 'cancel-pending' }))).toBe(false);
    expect(needsAttention(sale({ state: 'unknown', needsOperator: true }))).toBe(true);
    expect(hasReceipt(sale({ state: 'registered' }))).toBe(true);
    expect(hasReceipt(sale({ state: 'unknown' }))).toBe(true);
    for (const state of ['cancel-pending', 'cancelled', 'rejected', 'resolved'] as const)
      expect(hasReceipt(sale({ state })), state).toBe(false);
  });

  it('offers the operator tools only for a sale reconciliation handed over, or a rejected one', () => {
    expect(hasOperatorTools(detailOf(sale({ state: 'unknown', needsOperator: true })))).toBe(true);
    expect(hasOperatorTools(detailOf(sale({ state: 'unknown', alert: 'needs-operator' })))).toBe(true);
    expect(hasOperatorTools(detailOf(sale({ state: 'rejected' })))).toBe(true);
    // Still being reconciled by Loket itself: hands off.
    expect(hasOperatorTools(detailOf(sale({ state: 'unknown' })))).toBe(false);
    expect(hasOperatorTools(detailOf(sale({ state: 'registered' })))).toBe(false);
  });

  it('splits a fit, names a foreign record’s activity, orders and limits the foreign list', () => {
    expect(fitOf(record({ fit: 'match' }))).toEqual({ kind: 'match' });
    expect(fitOf(record({ fit: 'doubt: tariff 600 instead of 550' }))).toEqual({ kind: 'doubt', why: 'tariff 600 instead of 550' });
    expect(activityTitleFor(foreign({}), [sale({})])).toBe('Concert');
    expect(activityTitleFor(foreign({ likeSaleId: undefined }), [sale({ id: OTHER_ID })])).toBe('Concert');
    expect(activityTitleFor(foreign({ cdbid: 'e9' }), [])).toBe('e9');
    const now = new Date('2026-11-27T15:00:00');
    const list = foreignShown(
      [
        foreign({ ticketSaleId: 'a', status: 'cancelled', foundAt: new Date('2026-11-27T10:00:00').toISOString() }),
        foreign({ ticketSaleId: 'b', status: 'acknowledged', foundAt: new Date('2026-11-26T10:00:00').toISOString() }),
        foreign({ ticketSaleId: 'c', status: 'cancel-pending', foundAt: new Date('2026-11-20T10:00:00').toISOString() }),
        foreign({ ticketSaleId: 'd', status: 'flagged', foundAt: new Date('2026-11-20T10:00:00').toISOString() }),
      ],
      now,
    );
    // Open ones whenever found, settled ones only on the day; those needing the operator first.
    expect(list.map((r) => r.ticketSaleId)).toEqual(['d', 'c', 'a']);
  });
});

function renderRow(s: SaleView) {
  return render(
    <table>
      <tbody>
        <SaleRow sale={s} />
      </tbody>
    </table>,
  );
}

describe('cancel', () => {
  it('asks with what will happen: queued while UiTPAS is offline, and reads the answer as queued', async () => {
    useAppStore.getState().setConnectivity({ state: 'offline', detail: 'ECONNREFUSED' });
    answers['sale.cancel'] = () => ok(sale({ state: 'cancel-pending' }));
    renderRow(sale({}));
    fireEvent.click(screen.getByTestId('cancel-sale'));
    const question = screen.getByTestId('cancel-question');
    expect(question.dataset.kind).toBe('queued');
    expect(question.textContent).toContain('verstuurd zodra UiTPAS terug is');
    expect(question.textContent).toContain('blijft de verkoop geregistreerd');
    expect(screen.getByTestId('cancel-confirm')).toBe(document.activeElement);
    fireEvent.click(screen.getByTestId('cancel-confirm'));
    await waitFor(() => expect(useTodayStore.getState().action).toMatchObject({ status: 'done', what: 'cancel-queued' }));
    expect(calls.find((c) => c.name === 'sale.cancel')?.input).toEqual({ id: SALE_ID });
    // The list follows main: cancel-pending, still under "registered", not under "cancelled".
    expect(useTodayStore.getState().items[0]?.state).toBe('cancel-pending');
  });

  it('says a pending sale is not sent, and an uncertain one is cancelled once UiTPAS answers', () => {
    renderRow(sale({ state: 'pending' }));
    fireEvent.click(screen.getByTestId('cancel-sale'));
    expect(screen.getByTestId('cancel-question').textContent).toContain('nooit verstuurd');
    cleanup();
    renderRow(sale({ state: 'unknown' }));
    fireEvent.click(screen.getByTestId('cancel-sale'));
    expect(screen.getByTestId('cancel-question').textContent).toContain('annuleert hem zodra UiTPAS antwoordt');
  });

  it('shows a requested cancel on the row and offers no second one', () => {
    renderRow(sale({ state: 'unknown', cancelRequested: true }));
    expect(screen.getByTestId('sale-row').dataset.cancelRequested).toBe('true');
    expect(screen.getByTestId('cancel-requested').textContent).toContain('annulering gevraagd');
    expect(screen.queryByTestId('cancel-sale')).toBeNull();
  });

  it('shows the cancel states as they are, never as cancelled, and without a reprint', () => {
    renderRow(sale({ state: 'cancel-sending' }));
    const row = screen.getByTestId('sale-row');
    expect(row.dataset.state).toBe('cancel-sending');
    expect(row.textContent).toContain('Annulering wordt verzonden');
    expect(row.textContent).not.toContain('Geannuleerd');
    expect(screen.queryByTestId('reprint')).toBeNull();
  });
});

describe('an unsettled sale: check UiTPAS, send again, adopt', () => {
  const unsettled = sale({
    state: 'unknown',
    needsOperator: true,
    alert: 'needs-operator',
    error: { code: 'RECONCILE_AMBIGUOUS', message: '2 matching ticket sales' },
  });

  function openUnsettled(candidates: CandidateRecord[]) {
    answers['sale.get'] = () => ok(detailOf(unsettled, ['sold at the counter', 'the operator must decide']));
    answers['sale.candidates'] = () => ok({ items: candidates, complete: true });
    useTodayStore.setState({ items: [unsettled], attention: [unsettled] });
    render(<TodaySales />);
    fireEvent.click(within(screen.getByTestId('attention-row')).getByTestId('sale-details'));
    return screen.findByTestId('operator-tools');
  }

  it('lists the records with time, tariff, fit and owner; only an unclaimed one can be adopted', async () => {
    await openUnsettled([
      record({ ticketSaleId: '30001', fit: 'doubt: tariff 600 instead of 550', tariffCents: 600 }),
      record({ ticketSaleId: '30002', claimedBy: OTHER_ID }),
    ]);
    // Loket's own code reads as Loket's, not as a refusal by UiTPAS.
    expect(screen.getByTestId('sale-error').textContent).not.toContain('UiTPAS zegt');
    fireEvent.click(screen.getByTestId('check-uitpas'));
    const rows = await screen.findAllByTestId('candidate');
    expect(calls.filter((c) => c.name === 'sale.candidates')).toEqual([{ name: 'sale.candidates', input: { id: SALE_ID } }]);
    expect(rows.map((r) => [r.dataset.ticketSaleId, r.dataset.fit, r.dataset.claimedBy])).toEqual([
      ['30001', 'doubt', undefined],
      ['30002', 'match', OTHER_ID],
    ]);
    expect(rows[0]?.textContent).toContain('Twijfel');
    expect(rows[0]?.textContent).toContain('tariff 600 instead of 550');
    expect(rows[0]?.textContent?.replace(/\s/g, ' ')).toContain('€ 6,00');
    expect(rows[1]?.textContent).toContain('al gekoppeld aan een andere verkoop (5b0c2a4e)');
    expect(within(rows[0] as HTMLElement).queryByTestId('adopt-record')).not.toBeNull();
    expect(within(rows[1] as HTMLElement).queryByTestId('adopt-record')).toBeNull();
  });

  it('adopts with a reason, then shows the registered sale and its history', async () => {
    await openUnsettled([record({})]);
    fireEvent.click(screen.getByTestId('check-uitpas'));
    fireEvent.click(await screen.findByTestId('adopt-record'));
    const reason = screen.getByTestId('adopt-reason');
    expect(reason).toBe(document.activeElement);
    expect(screen.getByTestId<HTMLButtonElement>('adopt-confirm').disabled).toBe(true);
    fireEvent.change(reason, { target: { value: 'ok' } });
    expect(screen.getByTestId<HTMLButtonElement>('adopt-confirm').disabled).toBe(true);
    const adopted = sale({ state: 'registered', ticketSaleId: '30001' });
    answers['sale.adopt'] = () => ok(adopted);
    answers['sale.get'] = () =>
      ok(detailOf(adopted, ['sold at the counter', 'adopted ticket sale 30001 after a fresh search: bon gezien']));
    fireEvent.change(reason, { target: { value: '  bon gezien ' } });
    fireEvent.submit(reason.closest('form') as HTMLFormElement);
    const done = await screen.findByTestId('action-done');
    expect(done.dataset.what).toBe('adopt');
    expect(calls.find((c) => c.name === 'sale.adopt')?.input).toEqual({ id: SALE_ID, ticketSaleId: '30001', reason: 'bon gezien' });
    await waitFor(() => expect(screen.getByTestId('sale-detail').dataset.state).toBe('registered'));
    expect(screen.getByTestId('sale-history').textContent).toContain('adopted ticket sale 30001');
    expect(screen.queryByTestId('operator-tools')).toBeNull();
    expect(screen.queryByTestId('attention-row')).toBeNull();
    // The message is in the detail, where the operator works, not also above the list.
    expect(screen.getAllByTestId('action-done')).toHaveLength(1);
  });

  it('shows a send-again refusal in words and the records UiTPAS holds', async () => {
    await openUnsettled([record({ ticketSaleId: '30001' }), record({ ticketSaleId: '30003' })]);
    answers['sale.retry'] = () => ({
      ok: false,
      error: { code: 'SALE_CANDIDATES_EXIST', message: 'UiTPAS holds 2 ticket sale(s)', details: { candidates: ['30001', '30003'] } },
    });
    fireEvent.click(screen.getByTestId('retry-sale'));
    fireEvent.change(screen.getByTestId('retry-reason'), { target: { value: 'klant wacht' } });
    fireEvent.click(screen.getByTestId('retry-confirm'));
    const refusal = await screen.findByTestId('action-error');
    expect(refusal.dataset).toMatchObject({ code: 'SALE_CANDIDATES_EXIST', candidates: '2' });
    expect(refusal.textContent).toContain('UiTPAS heeft 2 registraties die deze verkoop kunnen zijn');
    expect(refusal.textContent).toContain('kan dubbel registreren');
    // Fetched afresh by itself, so the operator can adopt straight away.
    expect(await screen.findAllByTestId('candidate')).toHaveLength(2);
    expect(calls.find((c) => c.name === 'sale.retry')?.input).toEqual({ id: SALE_ID, reason: 'klant wacht' });
  });

  it('says an incomplete search refused the send-again too, and sends again when UiTPAS holds nothing', async () => {
    await openUnsettled([]);
    answers['sale.retry'] = () => ({
      ok: false,
      error: { code: 'SALE_CANDIDATES_EXIST', message: 'incomplete', details: { candidates: [] } },
    });
    fireEvent.click(screen.getByTestId('retry-sale'));
    fireEvent.change(screen.getByTestId('retry-reason'), { target: { value: 'klant wacht' } });
    fireEvent.click(screen.getByTestId('retry-confirm'));
    expect((await screen.findByTestId('action-error')).textContent).toContain('niet alle verkopen terug');
    expect((await screen.findByTestId('candidates-none')).textContent).toContain('geen registratie');

    const queued = sale({ state: 'pending' });
    answers['sale.retry'] = () => ok(queued);
    answers['sale.get'] = () => ok(detailOf(queued, ['send again after a fresh search found nothing: klant wacht']));
    fireEvent.click(screen.getByTestId('retry-sale'));
    fireEvent.change(screen.getByTestId('retry-reason'), { target: { value: 'klant wacht' } });
    fireEvent.click(screen.getByTestId('retry-confirm'));
    expect((await screen.findByTestId('action-done')).dataset.what).toBe('retry');
    await waitFor(() => expect(screen.getByTestId('sale-history').textContent).toContain('send again after a fresh search'));
    expect(screen.queryByTestId('candidates')).toBeNull();
  });

  it('Esc in a reason field only closes the question', async () => {
    await openUnsettled([]);
    fireEvent.click(screen.getByTestId('retry-sale'));
    const reason = screen.getByTestId('retry-reason');
    const event = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    act(() => {
      reason.dispatchEvent(event);
    });
    expect(event.defaultPrevented).toBe(true);
    expect(screen.queryByTestId('retry-reason')).toBeNull();
  });
});

describe('UiTPAS records Loket did not register', () => {
  it('shows them with reason, activity and status, and acknowledges a flagged one with a reason', async () => {
    const flagged = foreign({ ticketSaleId: '40001' });
    const duplicate = foreign({
      ticketSaleId: '40002',
      status: 'cancel-pending',
      reason: 'late registration of an earlier attempt: cancelled',
    });
    answers['sale.foreign'] = () => ok({ items: [duplicate, flagged] });
    answers['sale.foreignAcknowledge'] = (input) =>
      ok({ ...flagged, status: 'acknowledged', resolution: (input as { reason: string }).reason });
    useTodayStore.setState({ items: [sale({})] });
    render(<TodaySales />);
    const rows = await screen.findAllByTestId('foreign-row');
    expect(rows.map((r) => [r.dataset.ticketSaleId, r.dataset.status])).toEqual([
      ['40001', 'flagged'],
      ['40002', 'cancel-pending'],
    ]);
    const [first, second] = rows as [HTMLElement, HTMLElement];
    expect(first.textContent).toContain('UiTPAS heeft een verkoop die Loket niet registreerde');
    expect(first.textContent).toContain('Concert');
    expect(within(first).getByTestId('foreign-reason').textContent).toContain('did not register');
    expect(within(second).getByTestId('foreign-status').textContent).toBe('Dubbele registratie van Loket: annulering wacht');
    expect(within(second).queryByTestId('foreign-ack')).toBeNull();
    expect(screen.queryByText('Niets vraagt aandacht.')).toBeNull();

    fireEvent.click(within(first).getByTestId('foreign-ack'));
    fireEvent.change(within(first).getByTestId('foreign-ack-reason'), { target: { value: 'andere balie verkocht dit' } });
    fireEvent.click(within(first).getByTestId('foreign-ack-confirm'));
    // Settled, it moves below the duplicate still being cancelled.
    await waitFor(() =>
      expect(screen.getAllByTestId('foreign-row').map((r) => [r.dataset.ticketSaleId, r.dataset.status])).toEqual([
        ['40002', 'cancel-pending'],
        ['40001', 'acknowledged'],
      ]),
    );
    expect(calls.find((c) => c.name === 'sale.foreignAcknowledge')?.input).toEqual({
      ticketSaleId: '40001',
      reason: 'andere balie verkocht dit',
    });
    expect(screen.getByTestId('action-done').dataset.what).toBe('acknowledge');
  });
});

describe('connectivity badge', () => {
  it('shows degraded and explains it on hover, with main’s detail', () => {
    useAppStore
      .getState()
      .setConnectivity({ state: 'degraded', lastContact: '2026-11-27T14:00:00.000Z', detail: 'ticket-sale search fails: HTTP 500' });
    render(<ConnectivityBadge />);
    const badge = screen.getByTestId('connectivity');
    expect(badge.dataset.state).toBe('degraded');
    expect(badge.textContent).toBe('Deels bereikbaar');
    expect(badge.title).toContain('het opzoeken van verkopen lukt niet');
    expect(badge.title).toContain('HTTP 500');
  });

  it('speaks French and English too', async () => {
    useAppStore.getState().setConnectivity({ state: 'degraded' });
    await setLanguage('fr');
    const { unmount } = render(<ConnectivityBadge />);
    expect(screen.getByTestId('connectivity').title).toContain('la recherche des ventes échoue');
    unmount();
    await setLanguage('en');
    render(<ConnectivityBadge />);
    expect(screen.getByTestId('connectivity').title).toContain('searching its sales fails');
  });
});
