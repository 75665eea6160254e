/**
 * Memory-only cache of what UiTPAS told this counter about a card (who it is, the activities and
 * tariffs it may buy), so a sale can still be made, provisionally, when UiTPAS cannot be reached.
 * Kansenstatuut details are dropped on the way in: the cache keeps only what a sale needs.
 * Memory only on purpose: nothing about a person's social status reaches the disk.
 */
import type { Activity, Identification } from '../../contract/domain.js';

export interface CachedHolder {
  uitpasNumber: string;
  groupPass: boolean;
  /** Passholder uid (reconciliation key); absent for group passes. */
  uid?: string;
  name: string;
  /** What UiTPAS returned, without a passholder's kansenstatuut, to show while offline. */
  identification: Identification;
  fetchedMs: number;
}

interface CachedActivities {
  fetchedMs: number;
  byCdbid: Map<string, Activity>;
}

export class TariffCache {
  private readonly holders = new Map<string, CachedHolder>();
  private readonly activities = new Map<string, CachedActivities>();

  constructor(private readonly maxCards = 5000) {}

  rememberHolder(identification: Identification, nowMs: number): CachedHolder {
    const holder: CachedHolder =
      identification.kind === 'passholder'
        ? {
            uitpasNumber: identification.uitpasNumber,
            groupPass: false,
            uid: identification.uid,
            name: `${identification.firstName} ${identification.lastName}`.trim(),
            identification: { ...identification, kansenstatuut: [] },
            fetchedMs: nowMs,
          }
        : {
            uitpasNumber: identification.uitpasNumber,
            groupPass: true,
            name: identification.name,
            identification,
            fetchedMs: nowMs,
          };
    this.put(this.holders, holder.uitpasNumber, holder);
    return holder;
  }

  holder(uitpasNumber: string): CachedHolder | undefined {
    return this.holders.get(uitpasNumber);
  }

  /** Activities as priced for one card; merges with what was fetched before for that card. */
  rememberActivities(uitpasNumber: string, items: readonly Activity[], nowMs: number): void {
    const entry = this.activities.get(uitpasNumber) ?? { fetchedMs: nowMs, byCdbid: new Map<string, Activity>() };
    entry.fetchedMs = nowMs;
    for (const a of items) entry.byCdbid.set(a.cdbid, a);
    this.put(this.activities, uitpasNumber, entry);
  }

  activity(uitpasNumber: string, cdbid: string): { activity: Activity; fetchedMs: number } | undefined {
    const entry = this.activities.get(uitpasNumber);
    const activity = entry?.byCdbid.get(cdbid);
    return entry && activity ? { activity, fetchedMs: entry.fetchedMs } : undefined;
  }

  /** Insertion-ordered maps: re-inserting moves a card to the end, the oldest card is evicted first. */
  private put<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > this.maxCards) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
  }
}
