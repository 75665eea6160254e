/** One X or Z report as main computed it: header, lines per activity × price class × tariff, totals, queue. */
import type { DayReport, ReportLine } from '../../../contract/calls/reports.js';
import { formatCents, formatDateTime } from '../format/locale.js';
import { useDayCloseTexts } from './DayCloseTexts.js';

function LinesTable({ lines, sign, caption, testId }: { lines: ReportLine[]; sign: 1 | -1; caption: string; testId: string }) {
  const { t, lang } = useDayCloseTexts();
  const money = (c: number) => formatCents(sign * c, lang);
  return (
    <table className="report-lines" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.activity}</th>
          <th scope="col">{t.priceClass}</th>
          <th scope="col">{t.tariffType}</th>
          <th scope="col" className="num">{t.tickets}</th>
          <th scope="col" className="num">{t.regular}</th>
          <th scope="col" className="num">{t.collected}</th>
          <th scope="col" className="num">{t.discount}</th>
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
            <td>{l.couponName ? `${t.tariff[l.tariffType]}: ${l.couponName}` : t.tariff[l.tariffType]}</td>
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
  const { t, lang } = useDayCloseTexts();
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
      <h2 id="day-report-title">{report.kind === 'Z' ? t.reportZ(report.number ?? 0) : t.reportX}</h2>
      <dl className="report-meta">
        <dt>{t.made}</dt>
        <dd>{when(report.madeAt)}</dd>
        <dt>{t.period}</dt>
        <dd>
          {when(report.periodFrom)} – {when(report.periodTo)}
        </dd>
        {report.employee && (
          <>
            <dt>{t.employee}</dt>
            <dd>{report.employee}</dd>
          </>
        )}
        <dt>{t.firstSale}</dt>
        <dd>{when(report.firstSaleAt)}</dd>
        <dt>{t.lastSale}</dt>
        <dd>{when(report.lastSaleAt)}</dd>
      </dl>
      {report.lines.length === 0 ? (
        <p data-testid="report-empty">{t.noSales}</p>
      ) : (
        <LinesTable lines={report.lines} sign={1} caption={t.sold} testId="report-sold" />
      )}
      {report.cancellations.length > 0 && (
        <LinesTable lines={report.cancellations} sign={-1} caption={t.cancellations} testId="report-cancellations" />
      )}
      <dl className="report-totals" data-testid="report-totals">
        <dt>{t.total}: {t.tickets}</dt>
        <dd data-testid="report-net-tickets">{net.tickets}</dd>
        <dt>{t.total}: {t.regular}</dt>
        <dd>{formatCents(net.regularCents, lang)}</dd>
        <dt>{t.total}: {t.collected}</dt>
        <dd className="amount-total" data-testid="report-net-collected" data-cents={net.collectedCents}>
          {formatCents(net.collectedCents, lang)}
        </dd>
        <dt>{t.total}: {t.discount}</dt>
        <dd>{formatCents(net.discountCents, lang)}</dd>
      </dl>
      <h3>{t.queue}</h3>
      <dl className="report-queue" data-testid="report-queue">
        <dt>{t.pending}</dt>
        <dd data-testid="report-pending">{report.counts.pending}</dd>
        <dt>{t.unknown}</dt>
        <dd>{report.counts.unknown}</dd>
        <dt>{t.rejected}</dt>
        <dd data-testid="report-rejected">{report.counts.rejected}</dd>
        <dt>{t.provisional}</dt>
        <dd>{report.counts.provisional}</dd>
      </dl>
      {report.unregisteredTotal > 0 && (
        <section data-testid="report-unregistered" aria-labelledby="unregistered-title">
          <h3 id="unregistered-title">{t.unregisteredTitle(report.unregisteredTotal)}</h3>
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
    </article>
  );
}
