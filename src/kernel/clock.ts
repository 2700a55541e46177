/**
 * Time comes from a clock that tests can move, so deadlines and expiries are testable
 * without sleeping.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-01-01T00:00:00Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
}

/** China has one time zone, UTC+8, and no daylight saving. */
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The instant shifted so its UTC fields read Beijing wall-clock time. */
export function beijingWallClock(at: Date | number): Date {
  return new Date((typeof at === 'number' ? at : at.getTime()) + BEIJING_OFFSET_MS);
}

/** The Beijing calendar day of an instant, 'YYYY-MM-DD'. */
export function beijingDate(at: Date | number): string {
  return beijingWallClock(at).toISOString().slice(0, 10);
}

/** The Beijing calendar year of an instant. */
export function beijingYear(at: Date | number): number {
  return beijingWallClock(at).getUTCFullYear();
}
