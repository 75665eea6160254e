/**
 * The shape of main's own texts (start-up errors, receipts, printed reports, CSV exports), one table per language
 * in nl.ts, fr.ts and en.ts: Dutch first, French and English beside it, kept in step by
 * tests/unit/i18n/main-texts.test.ts like the renderer's catalogues.
 */
import type { CardNumberProblem } from '../../contract/card-number.js';
import type { DrawerReason, TariffType } from '../../contract/schemas/reports.js';

export interface ReceiptTexts {
  counter: string;
  employee: string;
  activity: string;
  priceClass: string;
  regularPrice: string;
  uitpasTariff: string;
  coupon: string;
  tickets: string;
  group: string;
  total: string;
  card: string;
  saleId: string;
  localId: string;
  duplicate: string;
  pending: [string, string];
  provisional: [string, string];
  unknown: [string, string];
  thanks: string;
}

export interface ReportTexts {
  title: { X: string; Z: (n: number) => string };
  interim: string;
  made: string;
  from: string;
  to: string;
  employee: string;
  sellers: string;
  firstSale: string;
  lastSale: string;
  sales: string;
  cancellations: string;
  noSales: string;
  tickets: string;
  count: string;
  regular: string;
  collected: string;
  discount: string;
  total: string;
  cancelled: string;
  net: string;
  queue: string;
  pending: string;
  unknown: string;
  rejected: string;
  provisional: string;
  unregistered: (n: number) => string;
  more: (n: number) => string;
  tariff: Record<TariffType, string>;
  drawer: string;
  taken: string;
  heldByUitpas: string;
  difference: string;
  reason: Record<DrawerReason, string>;
}

export interface CsvTexts {
  header: string[];
  kind: { sale: string; cancellation: string; total: string; unregistered: string; drawer: string };
  tariff: Record<TariffType, string>;
}

/** A process holding the data folder, as start-up texts name it. */
export interface FolderHolder {
  kind: string;
  pid: number;
  hostname: string;
  startedAt: string;
}

export interface StartupTexts {
  /** Title of the error box. */
  title: string;
  file: string;
  /** The outbox file was kept as it was. */
  kept: string;
  doNotDelete: string;
  outbox: {
    corrupt: { what: string; todo: string };
    /** `version` is absent when the file does not say which schema it has. */
    newerVersion: { what: (version?: { found: number; supported: number }) => string; todo: string };
    unreadable: { what: string; todo: string };
  };
  /** With the list of problems (the first language of the dialog), or pointing at it. */
  config: { withList: (list: string) => string; seeList: string };
  inUse: (holder: FolderHolder | undefined, folder: string) => string;
}

export interface MainTexts {
  /** Why a typed or scanned card number is refused (for main's errors and log). */
  cardNumber: Record<CardNumberProblem, string>;
  startup: StartupTexts;
  receipt: ReceiptTexts;
  report: ReportTexts;
  csv: CsvTexts;
}
