/**
 * Day close "wait for the queue": the store sends the queue, waits, and makes the Z by itself once
 * the queue reports nothing unregistered; the operator can stop waiting. Main is a stand-in bridge
 * answering in contract envelopes; the queue is a real zustand store like the app's.
 */
import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { DayReport } from '../../contract/schemas/reports.js';
import type { QueueStatus } from '../../contract/schemas/sales.js';
import type { Envelope, LoketBridge } from '../../contract/index.js';
import { createClient } from '../../renderer/src/lib/api/create-client.js';
import { createDayCloseStore } from '../../renderer/src/features/day-close/DayCloseStore.js';
import { SHORTCUTS, shortcutFor } from '../../renderer/src/lib/keyboard/shortcuts.js';

const queueStatus = (unregistered: number) =>
  ({ counts: { pending: unregistered }, unregistered, needsAttention: 0, worker: 'idle' }) as unknown as QueueStatus;
const z = { kind: 'Z', number: 4, lines: [], cancellations: [], unregistered: [], unregisteredTotal: 0 } as unknown as DayReport;

function setup(unregisteredAtMain: { n: number }) {
  const calls: string[] = [];
  const answer = (name: string): Envelope<unknown> => {
    switch (name) {
      case 'report.z':
        return unregisteredAtMain.n > 0
          ? { ok: false, error: { code: 'REPORT_QUEUE_NOT_EMPTY', message: 'not empty', details: { unregistered: unregisteredAtMain.n } } }
          : { ok: true, value: z };
      case 'report.list':
        return { ok: true, value: { items: [{ number: 4 }] } };
      case 'queue.syncNow':
        return { ok: true, value: queueStatus(unregisteredAtMain.n) };
      default:
        return { ok: false, error: { code: 'UNKNOWN_CALL', message: name } };
    }
  };
  const bridge: LoketBridge = {
    transport: 'electron',
    invoke: (name) => {
      calls.push(name);
      return Promise.resolve(answer(name));
    },
    subscribe: () => () => undefined,
  };
  const api = createClient(bridge);
  const queue = create<{ status: QueueStatus | undefined }>()(() => ({ status: queueStatus(unregisteredAtMain.n) }));
  const store = createDayCloseStore(() => api, queue);
  return { calls, queue, store };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('day close: wait for the queue', () => {
  it('closes by itself once the queue is empty', async () => {
    const main = { n: 2 };
    const { calls, queue, store } = setup(main);
    await store.getState().close(false);
    expect(store.getState()).toMatchObject({ dialog: 'queue', unregistered: 2, waiting: false });

    await store.getState().waitForQueue();
    expect(store.getState()).toMatchObject({ dialog: 'none', waiting: true });
    expect(calls.filter((c) => c === 'report.z')).toHaveLength(1);

    queue.setState({ status: queueStatus(1) });
    await settle();
    expect(calls.filter((c) => c === 'report.z')).toHaveLength(1);

    main.n = 0;
    queue.setState({ status: queueStatus(0) });
    await settle();
    expect(calls.filter((c) => c === 'report.z')).toHaveLength(2);
    expect(store.getState()).toMatchObject({ waiting: false, dialog: 'none', notice: { kind: 'closed', number: 4 } });
  });

  it('keeps waiting (no dialog) when main still counts a sale the badge already saw go', async () => {
    const main = { n: 1 };
    const { calls, queue, store } = setup(main);
    await store.getState().waitForQueue();
    queue.setState({ status: queueStatus(0) });
    await settle();
    expect(calls.filter((c) => c === 'report.z')).toHaveLength(1);
    expect(store.getState()).toMatchObject({ waiting: true, dialog: 'none', unregistered: 1 });
  });

  it('closes at once when sending emptied the queue already', async () => {
    const { calls, store } = setup({ n: 0 });
    await store.getState().waitForQueue();
    await settle();
    expect(calls).toEqual(['queue.syncNow', 'report.z', 'report.list']);
    expect(store.getState().notice).toEqual({ kind: 'closed', number: 4 });
  });

  it('does nothing more once the operator stops waiting', async () => {
    const main = { n: 3 };
    const { calls, queue, store } = setup(main);
    await store.getState().waitForQueue();
    store.getState().cancelWait();
    main.n = 0;
    queue.setState({ status: queueStatus(0) });
    await settle();
    expect(calls).not.toContain('report.z');
    expect(store.getState().waiting).toBe(false);
  });
});

describe('day close shortcut', () => {
  it('F9 opens the day close, also from a text field, and is in the help list', () => {
    expect(shortcutFor('F9', true, false)).toBe('dayClose');
    expect(shortcutFor('F9', false, true)).toBeUndefined();
    expect(SHORTCUTS.find((s) => s.action === 'dayClose')?.keys).toEqual(['F9']);
  });
});
