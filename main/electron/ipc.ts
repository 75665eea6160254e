/**
 * IPC wiring: one ipcMain.handle per contract call, each refusing senders other than the main
 * frame of our window on the app origin, then handing the untrusted input to the dispatcher
 * (which validates it against the contract). Events from the EventBus go to the window.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { calls, RpcErrorCode, type CallName, type Envelope } from '../../contract/index.js';
import type { Dispatcher } from '../runtime/dispatcher.js';
import type { EventBus } from '../core/event-bus.js';
import { callChannel, EVENT_CHANNEL, isAppUrl } from './channels.js';

/** Returns the webContents allowed to call main right now (null while there is no window). */
export type TrustedContents = () => WebContents | null;

/**
 * Only the top frame of our own window, showing our own origin, may call. An iframe, another
 * window or a page that navigated elsewhere is refused even though it shares the preload.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, trusted: WebContents | null): boolean {
  if (!trusted || trusted.isDestroyed() || event.sender !== trusted) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  // Compared by ids, not object identity: Electron may hand out distinct WebFrameMain wrappers.
  const main = trusted.mainFrame;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAppUrl(frame.url);
}

export function callNames(): CallName[] {
  return Object.keys(calls) as CallName[];
}

/** Registers every call; returns a function that removes them again (tests, shutdown). */
export function registerCallHandlers(dispatcher: Dispatcher, trusted: TrustedContents): () => void {
  const names = callNames();
  for (const name of names) {
    ipcMain.handle(callChannel(name), async (event, input: unknown): Promise<Envelope<unknown>> => {
      // mutation-check: ipc-sender
      if (!isTrustedSender(event, trusted())) {
        return { ok: false, error: { code: RpcErrorCode.unauthorized, message: `Call ${name} refused: sender is not the Loket window` } };
      }
      return dispatcher.dispatch(name, input);
    });
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(callChannel(name));
  };
}

/**
 * Sends the bus's events to `contents` from each page load on; a reload re-attaches, so the new
 * page first gets the latest value of every event. Returns a detach function.
 */
export function forwardEvents(bus: EventBus, contents: WebContents): () => void {
  let detach: (() => void) | null = null;
  const attach = () => {
    detach?.();
    detach = bus.attach((name, payload) => {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
    });
  };
  contents.on('did-finish-load', attach);
  contents.once('destroyed', () => {
    detach?.();
    detach = null;
  });
  return () => {
    contents.off('did-finish-load', attach);
    detach?.();
    detach = null;
  };
}
