/**
 * The sale screen only once an employee is logged in at a counter: otherwise the login or the
 * counter choice shows in its place (e.g. after "Verkoop" from the settings while logged out).
 */
import type { ReactNode } from 'react';
import { CounterChoiceScreen } from './CounterChoiceScreen.js';
import { LoginScreen } from './LoginScreen.js';
import { useAuthStore } from './auth-store.js';

export function AuthGate({ children }: { children: ReactNode }) {
  const state = useAuthStore((s) => s.status?.state);
  if (state === 'logged-out' || state === 'waiting') return <LoginScreen />;
  if (state === 'choose-counter') return <CounterChoiceScreen />;
  return <>{children}</>;
}
