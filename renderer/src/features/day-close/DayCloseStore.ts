/**
 * State of the day close screen: the report on screen (the current X, or a closed Z), the list of
 * Z reports, the close dialogs (confirm; queue not empty → wait or close anyway) and the outcome
 * of the last action. Main computes every number; this only calls report.* and keeps answers.
 * "Wait" sends the queue now and then makes the Z by itself as soon as the queue store reports
 * nothing unregistered (or the operator cancels the wait).
 */
import { create } from 'zustand';
import type { DayReport, ZReportSummary } from '../../../../contract/schemas/reports.js';
import type { QueueStatus } from '../../../../contract/schemas/sales.js';
import { client, LoketCallError, type LoketClient } from '../../lib/api/client.js';
import { useQueueStore, type QueueState } from '../../app/queue-store.js';

/** The part of the queue store the wait needs (the real store, or a stand-in in tests). */
export interface QueueSource {
  getState(): Pick<QueueState, 'status'>;
  subscribe(listener: (state: Pick<QueueState, 'status'>) => void): () => void;
}

export type DayCloseNotice =
  | { kind: 'closed'; number: number }
  | { kind: 'printed' }
  | { kind: 'noPrinter' }
  | { kind: 'saved'; file: string }
  | { kind: 'nothingToClose' }
  | { kind: 'folderRequired' }
  | { kind: 'failed'; code: string; message: string };

export interface DayCloseState {
  report: DayReport | undefined;
  /** 'current': the X report of the open period; a number: that Z report. */
  viewing: 'current' | number;
  history: ZReportSummary[];
  busy: boolean;
  dialog: 'none' | 'confirm' | 'queue';
  /** The operator chose to wait for the queue: the Z is made once nothing is unregistered. */
  waiting: boolean;
  /** How many sales were unregistered when the close was refused. */
  unregistered: number;
  notice: DayCloseNotice | undefined;
  /** The export folder typed in the web host (Electron asks with a dialog). */
  folder: string;
  setFolder: (folder: string) => void;
  load: () => Promise<void>;
  showZ: (number: number) => Promise<void>;
  requestClose: () => void;
  dismiss: () => void;
  close: (acceptUnregistered: boolean) => Promise<void>;
  waitForQueue: () => Promise<void>;
  cancelWait: () => void;
  print: () => Promise<void>;
  exportCsv: () => Promise<void>;
}

function failure(err: unknown): DayCloseNotice {
  if (err instanceof LoketCallError) return { kind: 'failed', code: err.code, message: err.message };
  return { kind: 'failed', code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

export function createDayCloseStore(api: () => LoketClient = client, queue: QueueSource = useQueueStore) {
  const store = create<DayCloseState>()((set, get) => {
    /** Runs one action at a time; its failure becomes the notice, never an unhandled rejection. */
    const run = async (action: () => Promise<void>) => {
      if (get().busy) return;
      set({ busy: true, notice: undefined });
      try {
        await action();
      } catch (err) {
        set({ notice: failure(err) });
      } finally {
        set({ busy: false });
      }
    };
    const number = () => {
      const v = get().viewing;
      return v === 'current' ? undefined : v;
    };
    return {
      report: undefined,
      viewing: 'current',
      history: [],
      busy: false,
      dialog: 'none',
      waiting: false,
      unregistered: 0,
      notice: undefined,
      folder: '',
      setFolder: (folder) => set({ folder }),
      load: () =>
        run(async () => {
          const [report, list] = await Promise.all([api().call('report.x'), api().call('report.list', {})]);
          set({ report, viewing: 'current', history: list.items });
        }),
      showZ: (n) =>
        run(async () => {
          set({ report: await api().call('report.get', { number: n }), viewing: n });
        }),
      requestClose: () => set({ dialog: 'confirm', notice: undefined }),
      dismiss: () => set({ dialog: 'none' }),
      close: (acceptUnregistered) =>
        run(async () => {
          try {
            const z = await api().call('report.z', { acceptUnregistered });
            const list = await api().call('report.list', {});
            set({
              report: z,
              viewing: z.number ?? 'current',
              history: list.items,
              dialog: 'none',
              waiting: false,
              notice: { kind: 'closed', number: z.number ?? 0 },
            });
          } catch (err) {
            if (err instanceof LoketCallError && err.code === 'REPORT_QUEUE_NOT_EMPTY') {
              const n = err.details?.unregistered;
              // Waiting and main still counts some (the queue badge was ahead): keep waiting for the next change.
              if (get().waiting) set({ unregistered: typeof n === 'number' ? n : get().unregistered });
              else set({ dialog: 'queue', unregistered: typeof n === 'number' ? n : 0 });
              return;
            }
            set({ dialog: 'none', waiting: false });
            if (err instanceof LoketCallError && err.code === 'REPORT_NOTHING_TO_CLOSE') {
              set({ notice: { kind: 'nothingToClose' } });
              return;
            }
            throw err;
          }
        }),
      waitForQueue: async () => {
        let sent: QueueStatus | undefined;
        await run(async () => {
          set({ dialog: 'none', waiting: true });
          sent = await api().call('queue.syncNow');
        });
        // The queue may have emptied while the call ran (or was empty already); main checks again.
        closeIfDrained(sent);
        closeIfDrained();
      },
      cancelWait: () => set({ waiting: false }),
      print: () =>
        run(async () => {
          const n = number();
          const { queued } = await api().call('report.print', n === undefined ? {} : { number: n });
          set({ notice: queued ? { kind: 'printed' } : { kind: 'noPrinter' } });
        }),
      exportCsv: () =>
        run(async () => {
          const n = number();
          const folder = get().folder.trim();
          if (api().transport === 'web' && folder === '') {
            set({ notice: { kind: 'folderRequired' } });
            return;
          }
          // Electron picks the folder in a dialog; the web host sends the typed path for main to check.
          const withFolder = folder !== '' ? { folder } : {};
          const result = await api().call('report.exportCsv', { ...(n === undefined ? {} : { number: n }), ...withFolder });
          if (result.saved && result.file) set({ notice: { kind: 'saved', file: result.file } });
        }),
    };
  });
  /** While waiting: make the Z once the queue reports nothing unregistered. */
  function closeIfDrained(status: QueueStatus | undefined = queue.getState().status): void {
    const s = store.getState();
    if (!s.waiting || s.busy || !status || status.unregistered > 0) return;
    void s.close(false);
  }
  queue.subscribe(() => closeIfDrained());
  return store;
}

export const useDayCloseStore = createDayCloseStore();
