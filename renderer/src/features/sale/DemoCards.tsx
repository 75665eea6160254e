/**
 * Training in demo mode (issue 13): the simulator's cards, who each belongs to and what it shows
 * at the counter; a click uses one as if scanned. The barcode sheet prints them as Code 128, as
 * on real UiTPAS cards, so staff practise with the real scanner.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCardNumber } from '../../../../contract/card-number.js';
import type { DemoCard } from '../../../../contract/schemas/demo.js';
import { useDemoCards } from './demo-cards.js';
import { useAppStore } from '../../app/app-store.js';
import { handleScan } from '../../app/startup.js';

const svgSrc = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

export function DemoCards() {
  const { t } = useTranslation();
  const demo = useAppStore((s) => s.info?.mode === 'demo');
  const cards = useDemoCards(demo);
  const [sheet, setSheet] = useState(false);
  if (!demo || !cards || cards.length === 0) return null;
  return (
    <section className="panel demo-cards" aria-labelledby="demo-cards-title" data-testid="demo-cards">
      <h2 id="demo-cards-title">{t('demoCards.title')}</h2>
      <p className="hint">{t('demoCards.intro')}</p>
      <ul className="plain demo-card-list">
        {cards.map((c) => (
          <li key={c.uitpasNumber} className="demo-card" data-testid="demo-card" data-number={c.uitpasNumber} data-role={c.role}>
            <button
              type="button"
              data-testid="demo-card-use"
              onClick={() => handleScan(c.uitpasNumber)}
              title={t('demoCards.use', { name: c.name })}
            >
              <strong>{c.name}</strong>
              <span className="demo-card-role">
                {t(`demoCards.roles.${c.role}`)}
                {c.coupons.length > 0 && ` — ${t('demoCards.coupons', { names: c.coupons.join(', ') })}`}
              </span>
              <span className="mono">{formatCardNumber(c.uitpasNumber)}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" data-testid="demo-cards-sheet" onClick={() => setSheet(true)}>
        {t('demoCards.sheet')}
      </button>
      {sheet && <BarcodeSheet cards={cards} onClose={() => setSheet(false)} />}
    </section>
  );
}

function BarcodeSheet({ cards, onClose }: { cards: DemoCard[]; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="barcode-sheet" role="dialog" aria-modal="true" aria-labelledby="barcode-sheet-title" data-testid="barcode-sheet">
      <div className="barcode-sheet-actions">
        <button type="button" className="primary" data-testid="barcode-sheet-print" onClick={() => window.print()}>
          {t('demoCards.print')}
        </button>
        <button type="button" data-testid="barcode-sheet-close" onClick={onClose} autoFocus>
          {t('demoCards.close')}
        </button>
      </div>
      <h1 id="barcode-sheet-title">{t('demoCards.sheetTitle')}</h1>
      <p>{t('demoCards.sheetIntro')}</p>
      <ul className="plain barcode-grid">
        {cards.map((c) => (
          <li key={c.uitpasNumber} className="barcode-card">
            <img src={svgSrc(c.barcodeSvg)} alt={formatCardNumber(c.uitpasNumber)} data-testid="barcode" data-number={c.uitpasNumber} />
            <strong>{c.name}</strong>
            <span>{t(`demoCards.roles.${c.role}`)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
