import { DateTime } from 'luxon';
import type { DigestParams } from '../params.js';

export interface DigestPeriod {
  /** When the digest was scheduled (local `at`), also the end of the period it covers. */
  scheduledAt: Date;
  from: Date;
  to: Date;
  previousFrom: Date;
}

/** The most recent digest due at `now` (its scheduled time passed less than `graceHours` ago), or null. */
export function dueDigest(now: Date, timezone: string, params: DigestParams): DigestPeriod | null {
  const local = DateTime.fromJSDate(now, { zone: timezone });
  const [hour, minute] = params.at.split(':').map(Number);
  let scheduled = local.set({ hour: hour ?? 9, minute: minute ?? 0, second: 0, millisecond: 0 });
  if (params.frequency === 'weekly') {
    scheduled = scheduled.minus({ days: (scheduled.weekday - params.weekday + 7) % 7 });
    if (scheduled > local) scheduled = scheduled.minus({ weeks: 1 });
  } else if (scheduled > local) {
    scheduled = scheduled.minus({ days: 1 });
  }
  if (local.diff(scheduled, 'hours').hours > params.graceHours) return null;
  const length = params.frequency === 'weekly' ? { weeks: 1 } : { days: 1 };
  const from = scheduled.minus(length);
  return { scheduledAt: scheduled.toJSDate(), from: from.toJSDate(), to: scheduled.toJSDate(), previousFrom: from.minus(length).toJSDate() };
}
