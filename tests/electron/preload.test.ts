import { describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';

vi.mock('electron', () => import('./electron-double.js'));

const double = await import('./electron-double.js');
const { calls } = await import('../../contract/index.js');
const { createDispatcher } = await import('../../main/runtime/dispatcher.js');
const { EventBus } = await import('../../main/core/event-bus.js');
const { forwardEvents, registerCallHandlers } = await import('../../main/electron/ipc.js');
import type { LoketBridge } from '../../contract/index.js';
import type { Handlers } from '../../main/runtime/dispatcher.js';

// The preload runs once, like in a real renderer, in the main frame of the app window.
const window = new double.BrowserWindow({});
await window.loadURL('app://loket/index.html');
double.ipcRenderer.attachTo(window.webContents);
await import('../../main/electron/preload.js');

const received: string[] = [];
const dispatcher = createDispatcher({
  'app.ping': ({ text }: { text: string }) => {
    received.push(text);
    return { text, at: '2026-01-01T00:00:00.000Z' };
  },
} as unknown as Handlers);
registerCallHandlers(dispatcher, () => window.webContents as unknown as WebContents);

const loket = double.contextBridge.exposed.get('loket') as LoketBridge;

describe('the preload', () => {
  it('exposes one object, window.loket, with only invoke, subscribe and the transport name', () => {
    expect([...double.contextBridge.exposed.keys()]).toEqual(['loket']);
    expect(Object.keys(loket).sort()).toEqual(['invoke', 'subscribe', 'transport']);
    expect(loket.transport).toBe('electron');
    for (const value of Object.values(loket)) expect(value).not.toBe(double.ipcRenderer);
  });

  it('carries a contract call to main and back', async () => {
    expect(await loket.invoke('app.ping', { text: 'dag' })).toEqual({ ok: true, value: { text: 'dag', at: '2026-01-01T00:00:00.000Z' } });
    expect(received).toContain('dag');
  });

  it('every contract call reaches a handler in main (no missing channel)', async () => {
    const invokedBefore = double.ipcRenderer.invoked.length;
    for (const name of Object.keys(calls)) {
      const answer = await loket.invoke(name, undefined);
      // Main answered (a handler ran or the dispatcher refused): never a missing channel.
      if (!answer.ok) expect(answer.error.message, name).not.toMatch(/No handler registered|failed in transport/);
    }
    expect(double.ipcRenderer.invoked.length - invokedBefore).toBe(Object.keys(calls).length);
  });

  it.each(['fs.readFile', 'constructor', '__proto__', 'toString', '', 'app.ping '])('refuses %j before anything is sent', async (name) => {
    const before = double.ipcRenderer.invoked.length;
    const answer = await loket.invoke(name, {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(double.ipcRenderer.invoked.length).toBe(before);
  });

  it('answers a clear INVALID_INPUT for an invalid payload, and for one that cannot cross IPC', async () => {
    expect(await loket.invoke('app.ping', { text: 7 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await loket.invoke('app.ping', { text: () => 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(received).not.toContain(7);
  });

  it('delivers contract events to subscribers, without the IPC event object, and unsubscribes', async () => {
    const bus = new EventBus();
    forwardEvents(bus, window.webContents as unknown as WebContents);
    await window.loadURL('app://loket/index.html');
    double.ipcRenderer.attachTo(window.webContents);

    const seen: unknown[][] = [];
    const unsubscribe = loket.subscribe('connectivity', (...args: unknown[]) => seen.push(args));
    bus.emit('connectivity', { state: 'online' });
    expect(seen).toEqual([[{ state: 'online' }]]);

    unsubscribe();
    bus.emit('connectivity', { state: 'offline' });
    expect(seen).toHaveLength(1);
  });

  it('gives a late subscriber the latest value of the event', () => {
    const seen: unknown[] = [];
    loket.subscribe('connectivity', (payload) => seen.push(payload));
    expect(seen).toEqual([{ state: 'offline' }]);
  });

  it('ignores event names outside the contract, from main or from the page', () => {
    const seen: unknown[] = [];
    window.webContents.send('loket:event', 'toString', { evil: true });
    expect(() => loket.subscribe('toString', (p) => seen.push(p))).toThrow(/Unknown event/);
    expect(() => loket.subscribe('sale.secret', (p) => seen.push(p))).toThrow(/Unknown event/);
    expect(seen).toEqual([]);
  });
});
