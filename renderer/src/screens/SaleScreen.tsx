/**
 * The counter screen: card, passholder, activities, tariff, confirm and result side by side on
 * one 1366×768 screen; today's sales behind F8.
 */
import { useTranslation } from 'react-i18next';
import { ActivityList } from '../components/sale/ActivityList.js';
import { CardField } from '../components/sale/CardField.js';
import { ConfirmBar } from '../components/sale/ConfirmBar.js';
import { DemoCards } from '../components/sale/DemoCards.js';
import { PassholderPanel } from '../components/sale/PassholderPanel.js';
import { PassholderSearch } from '../components/sale/PassholderSearch.js';
import { SaleResult } from '../components/sale/SaleResult.js';
import { TariffChoice } from '../components/sale/TariffChoice.js';
import { TodaySales } from '../components/today/TodaySales.js';
import { useFlowFocus } from '../keyboard/use-flow-focus.js';
import { useShortcuts } from '../keyboard/use-shortcuts.js';
import { useAppStore } from '../store/app-store.js';

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
