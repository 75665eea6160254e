/** Calendar days as UiTPAS counts them: in Brussels, whatever zone the machine runs in. */
const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' });
const DAY_MS = 86_400_000;

/** The Brussels calendar day (YYYY-MM-DD) `plusDays` after `d`. */
export function brusselsDay(d: Date, plusDays = 0): string {
  return DAY_FORMAT.format(new Date(d.getTime() + plusDays * DAY_MS));
}

/** How far back a coupon's exchange period reaches, by its period type (none: all time). */
const PERIOD_DAYS: Record<string, number> = { DAY: 1, WEEK: 7, MONTH: 31, QUARTER: 92, YEAR: 366 };

/** The earliest moment (ms) a sale counts toward a coupon's exchange constraint. */
export function periodStartMs(periodType: string, now: Date): number {
  const days = PERIOD_DAYS[periodType];
  return days === undefined ? 0 : now.getTime() - days * DAY_MS;
}

/**
 * Keeps the seed's activities on their days relative to today: a demo left running past midnight
 * must still have activities "today", so when the Brussels day changes, every event moves along
 * by the same number of days.
 */
export class RollingEventDays {
  private day: string;

  constructor(private readonly now: () => Date) {
    this.day = brusselsDay(now());
  }

  roll(events: { date: string }[]): void {
    const today = brusselsDay(this.now());
    if (today === this.day) return;
    const shift = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${this.day}T00:00:00Z`)) / DAY_MS);
    for (const e of events) {
      e.date = new Date(Date.parse(`${e.date}T00:00:00Z`) + shift * DAY_MS).toISOString().slice(0, 10);
    }
    this.day = today;
  }
}
