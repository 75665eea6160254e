/**
 * Names of people and counters as UiTPAS knows them, for reports and receipts: the employee's
 * UiTiD nick (`balie/listEmployees`) instead of their uid, and the counter's name (`balie/list`,
 * kept by the login service). Fetched when a session starts (a counter is chosen); a failure
 * (offline, ACCESS_DENIED, an answer we cannot read) keeps what is known and is retried later.
 * Nothing here ever throws to a caller: a report or receipt must never fail because of a name.
 */
import type { CounterEmployee } from '../../contract/domain.js';

export interface StaffSession {
  counterKey?: string | undefined;
  userId?: string | undefined;
  counterName?: string | undefined;
}

export interface StaffNamesOptions {
  listEmployees: (counterKey: string) => Promise<CounterEmployee[]>;
  session: () => StaffSession;
  /** After a failed fetch, the next try is this much later (default one minute). */
  retryMs?: number;
  log?: (msg: string, err?: unknown) => void;
  now?: () => number;
}

export class StaffNames {
  /** uid -> nick, over every counter fetched this run (a nick is the same at every counter). */
  private readonly nicks = new Map<string, string>();
  /** counterKey -> name, as the sessions of this run named them. */
  private readonly counters = new Map<string, string>();
  private fetchedFor: string | undefined;
  private failedAtMs: number | undefined;
  private inflight: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: StaffNamesOptions) {
    this.retryMs = opts.retryMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** A session started or changed (login, counter chosen): fetch the counter's employees. */
  sessionStarted(): Promise<void> {
    const s = this.remember();
    if (!s.counterKey || !s.userId) return Promise.resolve();
    if (this.fetchedFor === s.counterKey && this.failedAtMs === undefined) return Promise.resolve();
    return this.refresh();
  }

  /** Fetches now (one fetch at a time); a failure schedules a retry. Never rejects. */
  refresh(): Promise<void> {
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** The nick of `uid` when UiTPAS named it; undefined otherwise. Kicks a due retry. */
  nick(uid: string | undefined): string | undefined {
    this.retryIfDue();
    return uid === undefined ? undefined : this.nicks.get(uid);
  }

  /** What to print for `uid`: the nick when known, else the uid (the only thing known). */
  display(uid: string): string {
    return this.nick(uid) ?? uid;
  }

  /** The counter's name as the login (balie/list) named it, if this run has seen it. */
  counterName(counterKey: string | undefined): string | undefined {
    this.remember();
    return counterKey === undefined ? undefined : this.counters.get(counterKey);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private remember(): StaffSession {
    const s = this.opts.session();
    if (s.counterKey && s.counterName) this.counters.set(s.counterKey, s.counterName);
    return s;
  }

  private retryIfDue(): void {
    if (this.failedAtMs !== undefined && this.now() - this.failedAtMs >= this.retryMs) void this.refresh();
  }

  private async fetch(): Promise<void> {
    const { counterKey, userId } = this.remember();
    if (!counterKey || !userId || this.closed) return;
    try {
      const list = await this.opts.listEmployees(counterKey);
      for (const e of list) this.nicks.set(e.uid, e.nick);
      this.fetchedFor = counterKey;
      this.failedAtMs = undefined;
    } catch (err) {
      this.failedAtMs = this.now();
      this.opts.log?.('names: balie/listEmployees failed; reports and receipts use what is known until a retry works', err);
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, this.retryMs);
    this.timer.unref?.();
  }
}
