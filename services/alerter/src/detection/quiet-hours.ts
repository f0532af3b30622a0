import { DateTime } from 'luxon';

export interface QuietHours {
  start: string;
  end: string;
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Whether `at` falls in the quiet hours, read in `timezone`; a range such as 22:00–07:00 wraps midnight. */
export function inQuietHours(at: Date, timezone: string, quiet: QuietHours | undefined): boolean {
  if (!quiet) return false;
  const local = DateTime.fromJSDate(at, { zone: timezone });
  const now = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}
