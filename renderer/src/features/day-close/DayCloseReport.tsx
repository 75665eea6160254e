/** One X or Z report as main computed it: header, lines per activity × price class × tariff, totals, queue. */
import { useTranslation } from 'react-i18next';
import type { DayReport, ReportLine } from '../../../../contract/schemas/reports.js';
import { formatCents, formatDateTime } from '../../lib/format/locale.js';

function LinesTable({ lines, sign, caption, testId }: { lines: ReportLine[]; sign: 1 | -1; caption: string; testId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const money = (c: number) => formatCents(sign * c, lang);
  return (
    <table className="report-lines" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('dayClose.activity')}</th>
          <th scope="col">{t('dayClose.priceClass')}</th>
          <th scope="col">{t('dayClose.tariffType')}</th>
          <th scope="col" className="num">
            {t('dayClose.tickets')}
          </th>
          <th scope="col" className="num">
            {t('dayClose.regular')}
          </th>
          <th scope="col" className="num">
            {t('dayClose.collected')}
          </th>
          <th scope="col" className="num">
            {t('dayClose.discount')}
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr
            key={`${l.cdbid}|${l.priceClass ?? ''}|${l.tariffType}|${l.couponName ?? ''}`}
            data-testid="report-line"
            data-cdbid={l.cdbid}
            data-tariff-type={l.tariffType}
            data-tickets={sign * l.tickets}
            data-collected-cents={sign * l.collectedCents}
          >
            <th scope="row">{l.activityTitle}</th>
            <td>{l.priceClass ?? ''}</td>
            <td>{l.couponName ? `${t(`dayClose.tariff.${l.tariffType}`)}: ${l.couponName}` : t(`dayClose.tariff.${l.tariffType}`)}</td>
            <td className="num">{sign * l.tickets}</td>
            <td className="num">{money(l.regularCents)}</td>
            <td className="num">{money(l.collectedCents)}</td>
            <td className="num">{money(l.discountCents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DayCloseReport({ report }: { report: DayReport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const when = (iso: string | undefined) => (iso ? formatDateTime(iso, lang) : '—');
  const net = report.totals.net;
  return (
    <article
      className="panel day-report"
      aria-labelledby="day-report-title"
      data-testid="day-report"
      data-kind={report.kind}
      data-number={report.number ?? ''}
      data-net-cents={net.collectedCents}
      data-unregistered={report.unregisteredTotal}
    >
      <h2 id="day-report-title">{report.kind === 'Z' ? t('dayClose.reportZ', { number: report.number ?? 0 }) : t('dayClose.reportX')}</h2>
      <dl className="report-meta">
        <dt>{t('dayClose.made')}</dt>
        <dd>{when(report.madeAt)}</dd>
        <dt>{t('dayClose.period')}</dt>
        <dd>
          {when(report.periodFrom)} – {when(report.periodTo)}
        </dd>
        {report.employee && (
          <>
            <dt>{t('dayClose.employee')}</dt>
            <dd>{report.employee}</dd>
          </>
        )}
        <dt>{t('dayClose.firstSale')}</dt>
        <dd>{when(report.firstSaleAt)}</dd>
        <dt>{t('dayClose.lastSale')}</dt>
        <dd>{when(report.lastSaleAt)}</dd>
      </dl>
      {report.lines.length === 0 ? (
        <p data-testid="report-empty">{t('dayClose.noSales')}</p>
      ) : (
        <LinesTable lines={report.lines} sign={1} caption={t('dayClose.sold')} testId="report-sold" />
      )}
      {report.cancellations.length > 0 && (
        <LinesTable lines={report.cancellations} sign={-1} caption={t('dayClose.cancellations')} testId="report-cancellations" />
      )}
      <dl className="report-totals" data-testid="report-totals">
        <dt>
          {t('dayClose.total')}: {t('dayClose.tickets')}
        </dt>
        <dd data-testid="report-net-tickets">{net.tickets}</dd>
        <dt>
          {t('dayClose.total')}: {t('dayClose.regular')}
        </dt>
        <dd>{formatCents(net.regularCents, lang)}</dd>
        <dt>
          {t('dayClose.total')}: {t('dayClose.collected')}
        </dt>
        <dd className="amount-total" data-testid="report-net-collected" data-cents={net.collectedCents}>
          {formatCents(net.collectedCents, lang)}
        </dd>
        <dt>
          {t('dayClose.total')}: {t('dayClose.discount')}
        </dt>
        <dd>{formatCents(net.discountCents, lang)}</dd>
      </dl>
      <h3>{t('dayClose.queue')}</h3>
      <dl className="report-queue" data-testid="report-queue">
        <dt>{t('dayClose.pending')}</dt>
        <dd data-testid="report-pending">{report.counts.pending}</dd>
        <dt>{t('dayClose.unknown')}</dt>
        <dd>{report.counts.unknown}</dd>
        <dt>{t('dayClose.rejected')}</dt>
        <dd data-testid="report-rejected">{report.counts.rejected}</dd>
        <dt>{t('dayClose.provisional')}</dt>
        <dd>{report.counts.provisional}</dd>
      </dl>
      {report.unregisteredTotal > 0 && (
        <section data-testid="report-unregistered" aria-labelledby="unregistered-title">
          <h3 id="unregistered-title">{t('dayClose.unregisteredTitle', { count: report.unregisteredTotal })}</h3>
          <ul>
            {report.unregistered.map((u) => (
              <li key={u.id} data-sale-id={u.id} data-state={u.state}>
                {when(u.createdAt)} · {u.activityTitle}
                {u.priceClass ? ` · ${u.priceClass}` : ''} · {u.tickets} × · {formatCents(u.expectedCents, lang)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.drawer && (
        <section data-testid="report-drawer" aria-labelledby="drawer-title">
          <h3 id="drawer-title">{t('dayClose.drawer.title')}</h3>
          <dl className="report-totals">
            <dt>{t('dayClose.drawer.taken')}</dt>
            <dd data-testid="drawer-taken">{formatCents(report.drawer.takenCents, lang)}</dd>
            <dt>{t('dayClose.drawer.registered')}</dt>
            <dd data-testid="drawer-registered">{formatCents(report.drawer.registeredCents, lang)}</dd>
            <dt>{t('dayClose.drawer.difference')}</dt>
            <dd data-testid="drawer-difference">{formatCents(report.drawer.takenCents - report.drawer.registeredCents, lang)}</dd>
          </dl>
          {report.drawer.differences.length > 0 && (
            <ul>
              {report.drawer.differences.map((d) => (
                <li key={d.id} data-sale-id={d.id} data-reason={d.reason}>
                  {when(d.createdAt)} · {d.activityTitle} · {t(`dayClose.drawer.reasons.${d.reason}`)}
                  {d.detail ? ` (${d.detail})` : ''} · {formatCents(d.takenCents - d.registeredCents, lang)}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </article>
  );
}
