import Type, { type Static } from 'typebox';
import { MentionFilterProperties, checkDate, checkTimezone, type MentionFilter } from '../mentions/filters.js';
import { unprocessable } from '../problem.js';

export const INTERVALS = ['auto', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
type CalendarInterval = Exclude<(typeof INTERVALS)[number], 'auto'>;

export const AnalyticsProperties = {
  ...MentionFilterProperties,
  interval: Type.Optional(Type.Enum(INTERVALS, { default: 'auto' })),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, default: 'UTC', description: 'IANA time zone for buckets' })),
};
export const AnalyticsQuery = Type.Object(AnalyticsProperties, { additionalProperties: false });
export type AnalyticsParams = Static<typeof AnalyticsQuery>;

const DEFAULT_DAYS = 30;
const MAX_BUCKETS = 2_000;
const UNIT_MS: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
const INTERVAL_MS: Record<CalendarInterval, number> = { hour: 36e5, day: 864e5, week: 6048e5, month: 2592e6, quarter: 7776e6, year: 31536e6 };

/** Resolve ISO dates and `now±N<unit>` (with optional `/unit` rounding, UTC) to an instant. */
export function resolveDate(field: string, value: string, now = Date.now()): Date {
  checkDate(field, value);
  if (!value.startsWith('now')) return new Date(value);
  const date = new Date(now);
  const [math, round] = value.slice(3).split('/');
  for (const [, sign, amount, unit] of (math ?? '').matchAll(/([+-])(\d+)([yMwdhms])/g)) {
    const n = Number(amount) * (sign === '-' ? -1 : 1);
    if (unit === 'y') date.setUTCFullYear(date.getUTCFullYear() + n);
    else if (unit === 'M') date.setUTCMonth(date.getUTCMonth() + n);
    else date.setTime(date.getTime() + n * UNIT_MS[unit!]!);
  }
  if (round === 'd') date.setUTCHours(0, 0, 0, 0);
  else if (round === 'h') date.setUTCMinutes(0, 0, 0);
  else if (round === 'M' || round === 'y') {
    date.setUTCHours(0, 0, 0, 0);
    if (round === 'M') date.setUTCDate(1);
    else date.setUTCMonth(0, 1);
  }
  return date;
}

export interface Period {
  from: Date;
  to: Date;
  interval: CalendarInterval;
  timezone: string;
  /** The filter with the period's bounds as ISO instants. */
  filter: MentionFilter;
}

/** The analytics period: `from`/`to` default to the last 30 days, `auto` picks an interval giving a readable number of buckets. */
export function resolvePeriod(params: AnalyticsParams): Period {
  const { interval = 'auto', timezone = 'UTC', ...filter } = params;
  checkTimezone(timezone);
  const now = Date.now();
  const to = params.to ? resolveDate('to', params.to, now) : new Date(now);
  const from = params.from ? resolveDate('from', params.from, now) : new Date(to.getTime() - DEFAULT_DAYS * 864e5);
  if (from >= to) throw unprocessable('from', `(${from.toISOString()}) must be before to (${to.toISOString()})`);
  const span = to.getTime() - from.getTime();
  const chosen: CalendarInterval = interval !== 'auto' ? interval
    : span <= 3 * 864e5 ? 'hour' : span <= 180 * 864e5 ? 'day' : span <= 3 * 365 * 864e5 ? 'week' : 'month';
  if (span / INTERVAL_MS[chosen] > MAX_BUCKETS) {
    throw unprocessable('interval', `'${chosen}' gives over ${MAX_BUCKETS} buckets between from and to; choose a coarser interval or a shorter period`);
  }
  return { from, to, interval: chosen, timezone, filter: { ...filter, from: from.toISOString(), to: to.toISOString() } };
}
