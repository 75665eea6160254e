/**
 * The counter screen: card, passholder, activities, tariff, confirm and result side by side on
 * one 1366×768 screen; today's sales behind F8.
 */
import { useTranslation } from 'react-i18next';
import { ActivityList } from './ActivityList.js';
import { CardField } from './CardField.js';
import { ConfirmBar } from './ConfirmBar.js';
import { DemoCards } from './DemoCards.js';
import { PassholderPanel } from './PassholderPanel.js';
import { PassholderSearch } from './PassholderSearch.js';
import { SaleResult } from './SaleResult.js';
import { TariffChoice } from './TariffChoice.js';
import { TodaySales } from '../today/TodaySales.js';
import { useFlowFocus } from '../../lib/keyboard/use-flow-focus.js';
import { useShortcuts } from '../../lib/keyboard/use-shortcuts.js';
import { useAppStore } from '../../app/app-store.js';

export function SaleScreen() {
  const { t } = useTranslation();
  const pane = useAppStore((s) => s.salePane);
  useShortcuts();
  useFlowFocus();
  return (
    <>
      <div className="sale-grid" hidden={pane !== 'sale'} data-testid="sale-screen">
        <div className="col col-card">
          <h1 className="visually-hidden">{t('nav.sale')}</h1>
          <CardField />
          <PassholderSearch />
          <PassholderPanel />
          <DemoCards />
        </div>
        <div className="col col-activities">
          <ActivityList />
        </div>
        <div className="col col-sell">
          <TariffChoice />
          <ConfirmBar />
          <SaleResult />
        </div>
      </div>
      {pane === 'today' && <TodaySales />}
    </>
  );
}
