/** What the renderer does once at start: follow connectivity, learn who it is, pick the language, ping. */
import type { LoketClient } from '../api/client.js';
import { LoketCallError } from '../api/client.js';
import { setLanguage } from '../i18n/index.js';
import { useAppStore, type CallFailure, type PingState } from './app-store.js';

export function toFailure(err: unknown): CallFailure {
  if (err instanceof LoketCallError) return { code: err.code, message: err.message };
  return { code: 'RENDERER', message: err instanceof Error ? err.message : String(err) };
}

export async function startApp(api: LoketClient): Promise<void> {
  const store = useAppStore.getState();
  api.on('connectivity', (c) => useAppStore.getState().setConnectivity(c));
  try {
    const [info, settings] = await Promise.all([api.call('app.info'), api.call('settings.get')]);
    await setLanguage(settings.language);
    store.setInfo(info);
  } catch (err) {
    store.setFatal(toFailure(err));
    return;
  }
  await runPing(api);
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
