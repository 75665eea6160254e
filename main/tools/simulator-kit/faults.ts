import { definedOnly } from '../../../contract/defined-only.js';
/**
 * Fault injection for the simulators: each fault strikes a chosen call a chosen number of times.
 * "after-commit" faults let the sale be recorded first, so tests can prove nothing is lost or
 * registered twice when the answer never arrives. The kinds are shared; each simulator names its
 * own calls (../simulator/faults.ts for the XML one, SIM_CALLS_V4 in ../simulator-v4/server.ts),
 * one of which is 'any'.
 */
export const FAULT_KINDS = [
  /** Wait `latencyMs`, then answer normally. */
  'latency',
  /** Close the listener for `durationMs`: connections get a real ECONNREFUSED. */
  'refuse',
  /** Destroy the connection before anything is committed. */
  'drop-before-commit',
  /** Commit (e.g. register the sale), then destroy the connection without answering. */
  'drop-after-commit',
  /** Commit, then answer HTTP `status` (default 500) with an HTML error page. */
  'error-5xx-after-commit',
  /** Commit, then answer with truncated, malformed XML. */
  'malformed-xml',
  /** Commit, then answer 200 with an HTML page (a captive portal or proxy). */
  'html-page',
  /** Commit, then answer with a body of `sizeBytes` (default 3 MB). */
  'huge-body',
  /** Commit, then answer 200 with an empty body. */
  'empty-body',
  /** Commit, then answer with HTTP `status` and the normal body (e.g. 302, 418). */
  'status',
  /** Hold the request `stallMs` without committing, then drop it. */
  'stall',
  /** Commit, then hold the answer until released (admin /__admin/release) or `stallMs` passes. */
  'stall-after-commit',
  /**
   * Drop the connection at once, then commit `delayMs` later (default 3 s) if the buy is still
   * allowed then: a slow backend finishing a request whose client already gave up.
   */
  'late-commit',
  /** Answer HTTP `status` (default 503) with an HTML error page, without doing anything. */
  'error-5xx',
  /** Answer 400 ACCESS_DENIED with a required permission, without doing anything (a permission this call lacks). */
  'access-denied',
  // Modifiers: they change how a request is served and strike together with any fault above.
  /** searchTicketsales returns at most `pageSize` records per page, whatever `max` asked. */
  'page-cap',
  /** searchTicketsales records leave out `uitpasNumber` (as the documentation's examples do). */
  'omit-uitpas-number',
  /** searchTicketsales does not find records younger than `lagMs` (default 2 s): an index that lags. */
  'search-lag',
  /**
   * Before the buy is handled, another client (a second PC on the same counter, or the web balie)
   * registers the same sale for the same pass and activity; `amountOfTickets` overrides its count.
   */
  'rival-sale',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec<C extends string> {
  call: C;
  kind: FaultKind;
  /** How many matching requests it strikes (default 1). */
  count?: number;
  latencyMs?: number;
  stallMs?: number;
  durationMs?: number;
  status?: number;
  sizeBytes?: number;
  delayMs?: number;
  pageSize?: number;
  amountOfTickets?: number;
  lagMs?: number;
}

/** Kinds that change how a request is served and combine with one other fault. */
export const MODIFIER_KINDS: ReadonlySet<FaultKind> = new Set(['page-cap', 'omit-uitpas-number', 'search-lag', 'rival-sale']);

export class FaultError extends Error {
  override readonly name = 'FaultError';
}

/**
 * Checks a fault that arrived as JSON (admin endpoint) and fills defaults. `calls` names the calls
 * of the simulator it is meant for.
 */
export function parseFault<C extends string>(
  input: unknown,
  calls: readonly C[],
): Required<Pick<FaultSpec<C>, 'call' | 'kind' | 'count'>> & FaultSpec<C> {
  if (typeof input !== 'object' || input === null) throw new FaultError('a fault is an object {call, kind, count?}');
  const o = input as Record<string, unknown>;
  if (!calls.includes(o.call as C)) throw new FaultError(`call must be one of ${calls.join(', ')}`);
  if (!FAULT_KINDS.includes(o.kind as FaultKind)) throw new FaultError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  const num = (k: string, min: number, max: number): number | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new FaultError(`${k} must be an integer in ${min}..${max}`);
    return v;
  };
  const spec: FaultSpec<C> = { call: o.call as C, kind: o.kind as FaultKind };
  const count = num('count', 1, 1_000_000) ?? 1;
  const latencyMs = num('latencyMs', 0, 600_000);
  const stallMs = num('stallMs', 0, 3_600_000);
  const durationMs = num('durationMs', 0, 3_600_000);
  const status = num('status', 100, 599);
  const sizeBytes = num('sizeBytes', 0, 100_000_000);
  const delayMs = num('delayMs', 0, 3_600_000);
  const pageSize = num('pageSize', 1, 10_000);
  const amountOfTickets = num('amountOfTickets', 1, 1000);
  const lagMs = num('lagMs', 0, 3_600_000);
  return {
    ...definedOnly({ lagMs, delayMs, pageSize, amountOfTickets }),
    ...spec,
    count,
    ...definedOnly({ latencyMs, stallMs, durationMs, status, sizeBytes }),
  };
}

export class FaultPlan<C extends string> {
  private faults: (FaultSpec<C> & { count: number })[] = [];

  /**
   * `calls`: the calls of the simulator this plan serves; one of them must be 'any'. A 'refuse'
   * fault strikes the listener, not a call, so it goes to `refuse` at once instead of waiting here.
   */
  constructor(
    readonly calls: readonly C[],
    private readonly refuse?: (durationMs: number) => void,
  ) {}

  add(spec: FaultSpec<C>): void {
    const parsed = parseFault(spec, this.calls);
    if (parsed.kind === 'refuse') this.refuse?.(parsed.durationMs ?? 2_000);
    else this.faults.push(parsed);
  }

  /** Adds a fault or a list of them that arrived as JSON; adds none when one is wrong. */
  addJson(input: unknown): void {
    const list = (Array.isArray(input) ? input : [input]).map((f) => parseFault(f, this.calls));
    for (const f of list) this.add(f);
  }

  /** The fault that strikes this request, if any (its count goes down by one). */
  take(call: C): FaultSpec<C> | undefined {
    return this.takeWhere(call, (f) => !MODIFIER_KINDS.has(f.kind))[0];
  }

  /** The modifiers that strike this request (one of each kind; their counts go down by one). */
  takeModifiers(call: C): FaultSpec<C>[] {
    return this.takeWhere(call, (f) => MODIFIER_KINDS.has(f.kind), true);
  }

  private takeWhere(call: C, which: (f: FaultSpec<C>) => boolean, oneOfEachKind = false): FaultSpec<C>[] {
    const taken: FaultSpec<C>[] = [];
    for (const f of this.faults) {
      if (f.count <= 0 || (f.call !== call && f.call !== 'any') || !which(f)) continue;
      if (oneOfEachKind ? taken.some((t) => t.kind === f.kind) : taken.length > 0) continue;
      f.count -= 1;
      taken.push({ ...f });
    }
    this.faults = this.faults.filter((x) => x.count > 0);
    return taken;
  }

  list(): FaultSpec<C>[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}
