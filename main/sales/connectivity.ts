/**
 * What the counter knows about its link to UiTPAS, from real outcomes only: any answer from the
 * server (even a business rejection) proves contact; a request that never left proves we are
 * offline. The last contact survives restarts (kept in the outbox's meta table).
 */
import type { Connectivity } from '../../contract/domain.js';
import type { FailureKind } from '../uitpas/port.js';

export interface ConnectivityPersistence {
  load(): string | undefined;
  save(lastContact: string): void;
}

const SAVE_INTERVAL_MS = 30_000;

export class ConnectivityMonitor {
  private current: Connectivity;
  private readonly listeners = new Set<(c: Connectivity) => void>();
  private savedMs = 0;
  /** Why UiTPAS's ticket-sale search fails while other calls are answered, if it does. */
  private searchProblem: string | undefined;

  constructor(private readonly persistence?: ConnectivityPersistence) {
    const lastContact = persistence?.load();
    this.current = lastContact ? { state: 'unknown', lastContact } : { state: 'unknown' };
  }

  get value(): Connectivity {
    return this.current;
  }

  get isOffline(): boolean {
    return this.current.state === 'offline';
  }

  onChange(listener: (c: Connectivity) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The server answered (success, business error or login needed). */
  contact(at: Date): void {
    const lastContact = at.toISOString();
    const changed = this.current.state !== (this.searchProblem ? 'degraded' : 'online') || this.current.detail !== this.searchProblem;
    // Each save is a durable write: during a replay, once per interval is plenty.
    if (changed || at.getTime() - this.savedMs >= SAVE_INTERVAL_MS) {
      this.persistence?.save(lastContact);
      this.savedMs = at.getTime();
    }
    this.current = this.searchProblem ? { state: 'degraded', lastContact, detail: this.searchProblem } : { state: 'online', lastContact };
    // lastContact moves on every answer; listeners hear about it only on a state change.
    if (changed) this.notify();
  }

  /**
   * The ticket-sale search failed although the server answers (5xx, garbage): buys may well work,
   * but uncertain sales cannot be settled. Shown as degraded, and the offline limits apply.
   */
  searchFailed(at: Date, detail: string): void {
    const was = this.searchProblem;
    this.searchProblem = `ticket-sale search fails: ${detail}`;
    if (was === this.searchProblem && this.current.state === 'degraded') return;
    this.contact(at);
  }

  /** A search answered: whatever degraded the link is over. */
  searchOk(at: Date): void {
    const was = this.searchProblem;
    this.searchProblem = undefined;
    if (was !== undefined || this.current.state !== 'online') this.contact(at);
  }

  /** Offline or degraded: sales may pile up unregistered, so the offline limits apply. */
  get isLimited(): boolean {
    return this.current.state === 'offline' || this.current.state === 'degraded';
  }

  /** Writes the latest contact time (at shutdown). */
  flush(): void {
    if (this.current.lastContact) this.persistence?.save(this.current.lastContact);
  }

  /** A failed exchange: `not-sent` means no route to UiTPAS; the others say nothing new. */
  failure(kind: FailureKind | 'unexpected', detail: string): void {
    if (kind === 'rejected' || kind === 'unauthorized') return;
    if (kind !== 'not-sent') return;
    if (this.current.state === 'offline' && this.current.detail === detail) return;
    this.current = {
      state: 'offline',
      ...(this.current.lastContact ? { lastContact: this.current.lastContact } : {}),
      detail,
    };
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l(this.current);
  }
}
