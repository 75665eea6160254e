import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';

vi.mock('electron', () => import('./electron-double.js'));

const double = await import('./electron-double.js');
const { calls, events } = await import('../../contract/index.js');
const { createDispatcher } = await import('../../main/runtime/dispatcher.js');
const { EventBus } = await import('../../main/core/event-bus.js');
const { forwardEvents, registerCallHandlers } = await import('../../main/electron/ipc.js');
import type { Handlers } from '../../main/runtime/dispatcher.js';

/** The real dispatcher with a recording ping handler: what reaches it proves what passed the IPC layer. */
function recordingDispatcher() {
  const received: unknown[] = [];
  const handlers = {
    'app.ping': ({ text }: { text: string }) => {
      received.push(text);
      return { text, at: '2026-01-01T00:00:00.000Z' };
    },
  } as unknown as Handlers;
  return { dispatcher: createDispatcher(handlers), received };
}

describe('IPC handlers', () => {
  let window: InstanceType<typeof double.BrowserWindowDouble>;
  let unregister: () => void;
  let received: unknown[];

  beforeEach(async () => {
    window = new double.BrowserWindow({});
    await window.loadURL('app://loket/index.html');
    const d = recordingDispatcher();
    received = d.received;
    unregister = registerCallHandlers(d.dispatcher, () => window.webContents as unknown as WebContents);
    double.ipcRenderer.attachTo(window.webContents);
  });
  afterEach(() => unregister());

  it('registers exactly one invoke channel per contract call and nothing else', () => {
    expect([...double.ipcMain.handlers.keys()].sort()).toEqual(
      Object.keys(calls)
        .map((n) => `loket:call:${n}`)
        .sort(),
    );
    expect(double.ipcMain.listenedChannels()).toEqual([]);
  });

  it('passes a call from the app window to the dispatcher', async () => {
    const answer = await double.ipcRenderer.invoke('loket:call:app.ping', { text: 'hallo' });
    expect(answer).toEqual({ ok: true, value: { text: 'hallo', at: '2026-01-01T00:00:00.000Z' } });
    expect(received).toEqual(['hallo']);
  });

  it('returns a clear error for an invalid payload and does not run the handler', async () => {
    const answer = await double.ipcRenderer.invoke('loket:call:app.ping', { text: 42, extra: true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(received).toEqual([]);
  });

  it('has no channel for a name outside the contract', async () => {
    await expect(double.ipcRenderer.invoke('loket:call:fs.readFile', '/etc/passwd')).rejects.toThrow(/No handler registered/);
  });

  it('refuses an iframe inside the app window', async () => {
    double.ipcRenderer.attachTo(window.webContents, window.webContents.addSubframe('app://loket/index.html'));
    const answer = await double.ipcRenderer.invoke('loket:call:app.ping', { text: 'from a frame' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(received).toEqual([]);
  });

  it('refuses another webContents, even on the app origin', async () => {
    const other = new double.BrowserWindow({});
    await other.loadURL('app://loket/index.html');
    double.ipcRenderer.attachTo(other.webContents);
    expect(await double.ipcRenderer.invoke('loket:call:app.ping', { text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(received).toEqual([]);
  });

  it('refuses the main frame once it shows a foreign origin', async () => {
    await window.webContents.loadURL('https://evil.example/');
    double.ipcRenderer.attachTo(window.webContents);
    expect(await double.ipcRenderer.invoke('loket:call:app.ping', { text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(received).toEqual([]);
  });

  it('refuses a sender frame that is gone (navigated away or destroyed)', async () => {
    const stale = window.webContents.mainFrame;
    await window.webContents.loadURL('app://loket/index.html');
    double.ipcRenderer.attachTo(window.webContents, stale);
    expect(await double.ipcRenderer.invoke('loket:call:app.ping', { text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(received).toEqual([]);
  });

  it('refuses everything while there is no window', async () => {
    unregister();
    const d = recordingDispatcher();
    unregister = registerCallHandlers(d.dispatcher, () => null);
    expect(await double.ipcRenderer.invoke('loket:call:app.ping', { text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(d.received).toEqual([]);
  });

  it('removes its handlers again', () => {
    unregister();
    expect(double.ipcMain.handlers.size).toBe(0);
    unregister = () => {};
  });
});

describe('event forwarding', () => {
  const connectivity = Object.keys(events)[0] as 'connectivity';

  it('sends the latest value when the page loads, then every new event, and stops when destroyed', async () => {
    const bus = new EventBus();
    const window = new double.BrowserWindow({});
    forwardEvents(bus, window.webContents as unknown as WebContents);
    bus.emit(connectivity, { state: 'offline' });
    expect(window.webContents.sent).toEqual([]);

    await window.loadURL('app://loket/index.html');
    expect(window.webContents.sent).toEqual([{ channel: 'loket:event', args: ['connectivity', { state: 'offline' }] }]);

    bus.emit(connectivity, { state: 'online', lastContact: '2026-01-01T10:00:00.000Z' });
    expect(window.webContents.sent).toHaveLength(2);

    // A reload replays the latest value once, not once per earlier load.
    window.webContents.reload();
    expect(window.webContents.sent.slice(2)).toEqual([
      { channel: 'loket:event', args: ['connectivity', { state: 'online', lastContact: '2026-01-01T10:00:00.000Z' }] },
    ]);
    bus.emit(connectivity, { state: 'offline' });
    expect(window.webContents.sent).toHaveLength(4);

    window.close();
    expect(() => bus.emit(connectivity, { state: 'online' })).not.toThrow();
    expect(window.webContents.sent).toHaveLength(4);
  });
});
