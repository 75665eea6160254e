/** App-wide state of the skeleton: who we are (app.info), UiTPAS connectivity, the ping test. */
import { create } from 'zustand';
import type { AppInfo } from '../../../contract/calls/app.js';
import type { Connectivity } from '../../../contract/domain.js';

export interface CallFailure {
  code: string;
  message: string;
}

export type PingState =
  | { status: 'idle' }
  | { status: 'waiting' }
  | { status: 'ok'; text: string; at: string }
  | { status: 'failed'; error: CallFailure };

export interface AppState {
  info: AppInfo | undefined;
  connectivity: Connectivity;
  ping: PingState;
  /** Set when main cannot be reached at all: the page shows it instead of the app. */
  fatal: CallFailure | undefined;
  setInfo(info: AppInfo): void;
  setConnectivity(c: Connectivity): void;
  setPing(p: PingState): void;
  setFatal(f: CallFailure | undefined): void;
}

export const useAppStore = create<AppState>()((set) => ({
  info: undefined,
  connectivity: { state: 'unknown' },
  ping: { status: 'idle' },
  fatal: undefined,
  setInfo: (info) => set({ info }),
  setConnectivity: (connectivity) => set({ connectivity }),
  setPing: (ping) => set({ ping }),
  setFatal: (fatal) => set({ fatal }),
}));
