/**
 * What the renderer does once at start: follow connectivity, sales and queue events, learn who it
 * is, pick the language, listen for scans (HID via main, keyboard wedge here), load today's
 * sales, ping.
 */
import type { LoketClient } from '../lib/api/client.js';
import { LoketCallError } from '../lib/api/client.js';
import { setLanguage } from '../lib/i18n/index.js';
import { attachWedge, type AttachedWedge } from '../lib/scanner/attach-wedge.js';
import { wedgeSettingsFrom } from '../lib/scanner/wedge.js';
import { useAppStore, type CallFailure, type PingState } from './app-store.js';
import { startAuth } from '../features/account/auth-store.js';
import { useQueueStore } from './queue-store.js';
import { useSaleStore } from '../features/sale/sale-store.js';
import { useTodayStore } from '../features/today/today-store.js';

export function toFailure(err: unknown): CallFailure {
  if (err instanceof LoketCallError) return { code: err.code, message: err.message };
  return { code: 'RENDERER', message: err instanceof Error ? err.message : String(err) };
}

/** A scan from any source starts the next customer with that card. */
export function handleScan(value: string): void {
  const app = useAppStore.getState();
  if (app.screen !== 'sale') app.setScreen('sale');
  void useSaleStore.getState().submitCard(value);
}

export async function startApp(api: LoketClient): Promise<void> {
  const store = useAppStore.getState();
  api.on('connectivity', (c) => useAppStore.getState().setConnectivity(c));
  api.on('queue', (q) => useQueueStore.getState().set(q));
  api.on('sale', (s) => {
    useTodayStore.getState().upsert(s);
    useSaleStore.getState().saleChanged(s);
  });
  api.on('scan', (s) => handleScan(s.value));
  try {
    const [info, settings] = await Promise.all([api.call('app.info'), api.call('settings.get')]);
    await setLanguage(settings.language);
    store.setSettings(settings);
    store.setInfo(info);
    followWedgeSettings();
  } catch (err) {
    store.setFatal(toFailure(err));
    return;
  }
  await Promise.all([useQueueStore.getState().load(), useTodayStore.getState().load(), runPing(api), startAuth()]);
}

/**
 * The keyboard wedge with the scanner settings in force: attached once the settings are known,
 * attached again when the settings screen saves new ones (no restart for a scanner change).
 */
function followWedgeSettings(): void {
  let wedge: AttachedWedge | undefined;
  let current = '';
  const apply = () => {
    const scanner = useAppStore.getState().settings?.scanner;
    if (!scanner) return;
    const key = JSON.stringify(wedgeSettingsFrom(scanner));
    if (key === current) return;
    current = key;
    wedge?.detach();
    wedge = attachWedge(window, wedgeSettingsFrom(scanner), handleScan);
  };
  apply();
  useAppStore.subscribe(apply);
}

export async function runPing(api: LoketClient): Promise<void> {
  const setPing = (p: PingState) => useAppStore.getState().setPing(p);
  setPing({ status: 'waiting' });
  try {
    const pong = await api.call('app.ping', { text: 'ping' });
    setPing({ status: 'ok', text: pong.text, at: pong.at });
  } catch (err) {
    setPing({ status: 'failed', error: toFailure(err) });
  }
}
