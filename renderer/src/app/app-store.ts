/**
 * App-wide state: who we are (app.info), the settings main gave us, UiTPAS connectivity, the ping
 * test, and which screen shows. Screens plug into `Screen`; App.tsx switches on it.
 */
import { create } from 'zustand';
import type { AppInfo } from '../../../contract/schemas/app.js';
import type { Connectivity } from '../../../contract/domain.js';
import type { Settings } from '../../../contract/settings.js';

/** 'sale' is the counter screen; the others belong to login, counter choice, settings, diagnostics. */
export type Screen = 'sale' | 'login' | 'counters' | 'settings' | 'diagnostics' | 'dayClose';

export interface CallFailure {
  code: string;
  message: string;
}

export type PingState =
  { status: 'idle' } | { status: 'waiting' } | { status: 'ok'; text: string; at: string } | { status: 'failed'; error: CallFailure };

export interface AppState {
  info: AppInfo | undefined;
  settings: Settings | undefined;
  screen: Screen;
  /** The keyboard help overlay (F1 / ?). */
  helpOpen: boolean;
  /** On the sale screen: the sale itself or today's sales (F8). */
  salePane: 'sale' | 'today';
  connectivity: Connectivity;
  ping: PingState;
  /** Set when main cannot be reached at all: the page shows it instead of the app. */
  fatal: CallFailure | undefined;
  setInfo: (info: AppInfo) => void;
  setSettings: (settings: Settings) => void;
  setScreen: (screen: Screen) => void;
  setHelpOpen: (open: boolean) => void;
  setSalePane: (pane: 'sale' | 'today') => void;
  setConnectivity: (c: Connectivity) => void;
  setPing: (p: PingState) => void;
  setFatal: (f: CallFailure | undefined) => void;
}

export const useAppStore = create<AppState>()((set) => ({
  info: undefined,
  settings: undefined,
  screen: 'sale',
  helpOpen: false,
  salePane: 'sale',
  connectivity: { state: 'unknown' },
  ping: { status: 'idle' },
  fatal: undefined,
  setInfo: (info) => set({ info }),
  setSettings: (settings) => set({ settings }),
  setScreen: (screen) => set({ screen, helpOpen: false }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setSalePane: (salePane) => set({ salePane }),
  setConnectivity: (connectivity) => set({ connectivity }),
  setPing: (ping) => set({ ping }),
  setFatal: (fatal) => set({ fatal }),
}));
