/**
 * UiTPAS's own clock: it may run ahead of or behind the counter PC's (POST /__admin/clock), which
 * shows in Date headers, creation dates and the OAuth timestamp check.
 */
export class OffsetClock {
  offsetMs = 0;

  constructor(private readonly base: () => Date = () => new Date()) {}

  readonly now = (): Date => new Date(this.base().getTime() + this.offsetMs);
}
