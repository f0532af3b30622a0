import { DateTime } from 'luxon';

export interface TimeWindow {
  from: Date;
  to: Date;
}

export interface SampleWindows {
  current: TimeWindow;
  /** The same hour of the week (± `neighbourHours`) in each of the previous `weeks` weeks, in the rule's timezone. */
  history: TimeWindow[];
}

export interface SeasonalOptions {
  windowMinutes: number;
  weeks: number;
  neighbourHours: number;
  timezone: string;
}

/**
 * Windows compared by a seasonal rule evaluated at `at`. Weeks are subtracted in local time,
 * so Monday 09:00 in Paris is compared with the previous Mondays at 09:00 across a DST change.
 */
export function seasonalWindows(at: Date, options: SeasonalOptions): SampleWindows {
  const end = DateTime.fromJSDate(at, { zone: options.timezone });
  const window = (to: DateTime): TimeWindow => ({ from: to.minus({ minutes: options.windowMinutes }).toJSDate(), to: to.toJSDate() });
  const history: TimeWindow[] = [];
  for (let week = 1; week <= options.weeks; week++) {
    const sameHour = end.minus({ weeks: week });
    for (let shift = -options.neighbourHours; shift <= options.neighbourHours; shift++) {
      history.push(window(sameHour.plus({ hours: shift })));
    }
  }
  return { current: window(end), history };
}

/** Earliest instant any window of a rule evaluated in [from, to] can read. */
export function historyStart(from: Date, options: SeasonalOptions): Date {
  return DateTime.fromJSDate(from, { zone: options.timezone })
    .minus({ weeks: options.weeks, hours: options.neighbourHours + 1, minutes: options.windowMinutes })
    .toJSDate();
}
