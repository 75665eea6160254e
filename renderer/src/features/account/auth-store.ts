/**
 * Login and counter state in the renderer: main's `auth` events drive it, and it moves the screen
 * (logged out -> login, no counter -> counter choice, ready -> back to the sale). The settings and
 * diagnostics screens stay where they are, so an installation without credentials can be set up.
 */
import { create } from 'zustand';
import type { AuthStatus, CounterChoice } from '../../../../contract/schemas/auth.js';
import { client } from '../../lib/api/client.js';
import { toProblem, type Problem } from '../sale/failure.js';
import { useAppStore, type Screen } from '../../app/app-store.js';

export type CountersState =
  { status: 'idle' } | { status: 'loading' } | { status: 'ok'; items: CounterChoice[] } | { status: 'failed'; problem: Problem };

export interface AuthStoreState {
  status: AuthStatus | undefined;
  /** The authorize URL when the browser blocked the popup: the screen offers it as a link. */
  blockedUrl: string | undefined;
  starting: boolean;
  problem: Problem | undefined;
  counters: CountersState;
  choosing: string | undefined;
  setStatus: (status: AuthStatus) => void;
  login: () => Promise<void>;
  logout: () => Promise<void>;
  loadCounters: () => Promise<void>;
  choose: (consumerKey: string) => Promise<void>;
}

/** The screen an auth state asks for, or undefined to stay (pure; tested). */
export function screenFor(status: AuthStatus, current: Screen): Screen | undefined {
  if (current === 'settings' || current === 'diagnostics') return undefined;
  if (status.state === 'logged-out' || status.state === 'waiting') return 'login';
  if (status.state === 'choose-counter') return 'counters';
  return current === 'login' || current === 'counters' ? 'sale' : undefined;
}

export const useAuthStore = create<AuthStoreState>()((set, get) => ({
  status: undefined,
  blockedUrl: undefined,
  starting: false,
  problem: undefined,
  counters: { status: 'idle' },
  choosing: undefined,

  setStatus(status) {
    const wasReady = get().status?.state === 'ready';
    set({ status, ...(status.state !== 'waiting' ? { blockedUrl: undefined } : {}) });
    const app = useAppStore.getState();
    const next = screenFor(status, app.screen);
    if (next && next !== app.screen) app.setScreen(next);
    if (status.state === 'choose-counter' && (wasReady || get().counters.status !== 'loading')) void get().loadCounters();
    // The header shows the counter's name from the settings: keep it in step with the login.
    if (app.settings && status.counter?.name !== undefined && app.settings.uitpas.counterName !== status.counter.name) {
      app.setSettings({ ...app.settings, uitpas: { ...app.settings.uitpas, counterName: status.counter.name } });
    }
  },

  async login() {
    if (get().starting) return;
    set({ starting: true, problem: undefined, blockedUrl: undefined });
    try {
      const start = await client().call('auth.login');
      if (start.opens === 'popup') {
        // A popup, not this page: the cash register keeps its state while the employee logs in.
        const popup = window.open(start.authorizeUrl, 'loket-uitid-login', 'popup,width=520,height=700');
        if (!popup) set({ blockedUrl: start.authorizeUrl });
      }
    } catch (err) {
      set({ problem: toProblem(err) });
    } finally {
      set({ starting: false });
    }
  },

  async logout() {
    try {
      get().setStatus(await client().call('auth.logout'));
      set({ counters: { status: 'idle' } });
    } catch (err) {
      set({ problem: toProblem(err) });
    }
  },

  async loadCounters() {
    set({ counters: { status: 'loading' } });
    try {
      const { items } = await client().call('counters.list');
      set({ counters: { status: 'ok', items } });
    } catch (err) {
      set({ counters: { status: 'failed', problem: toProblem(err) } });
    }
  },

  async choose(consumerKey) {
    set({ choosing: consumerKey, problem: undefined });
    try {
      const status = await client().call('counters.choose', { consumerKey });
      get().setStatus(status);
      // Switching counters from the menu while ready: back to selling at the new one.
      if (status.state === 'ready' && useAppStore.getState().screen === 'counters') useAppStore.getState().setScreen('sale');
    } catch (err) {
      set({ problem: toProblem(err) });
    } finally {
      set({ choosing: undefined });
    }
  },
}));

/** Called once at start: follow main's auth events and learn the current state. */
export async function startAuth(): Promise<void> {
  const api = client();
  api.on('auth', (s) => useAuthStore.getState().setStatus(s));
  try {
    useAuthStore.getState().setStatus(await api.call('auth.status'));
  } catch (err) {
    useAuthStore.setState({ problem: toProblem(err) });
  }
}
