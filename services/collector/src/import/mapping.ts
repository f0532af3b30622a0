import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { MentionDraft } from '../connectors/types.js';

/** Mention fields a column can feed; `author` is a shorthand for `author.handle`. */
const TARGETS = [
  'sourceId', 'text', 'title', 'url', 'publishedAt', 'lang', 'parentId',
  'author.id', 'author.handle', 'author.name', 'author.followers', 'author.url',
  'metrics.likes', 'metrics.shares', 'metrics.comments', 'metrics.views', 'metrics.score',
] as const;
type Target = (typeof TARGETS)[number];
const ALIASES: Record<string, Target> = { author: 'author.handle', id: 'sourceId', date: 'publishedAt', link: 'url' };
const NUMERIC = new Set<Target>(['author.followers', 'metrics.likes', 'metrics.shares', 'metrics.comments', 'metrics.views', 'metrics.score']);

export type ColumnMap = Partial<Record<Target, string>>;

/** `text=body,author=user,publishedAt=date` -> target field -> column. Unmapped targets read the column of the same name. */
export function parseColumnMap(spec: string | undefined): ColumnMap {
  const map: ColumnMap = {};
  for (const pair of (spec ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [rawTarget, column] = pair.split('=').map((s) => s.trim());
    const target = (ALIASES[rawTarget ?? ''] ?? rawTarget) as Target;
    if (!column || !TARGETS.includes(target)) {
      throw new Error(`--map: '${pair}' is not field=column with field one of ${[...TARGETS, ...Object.keys(ALIASES)].join(', ')}`);
    }
    map[target] = column;
  }
  return map;
}

/**
 * Parses dates: `iso` (default: ISO 8601 / RFC 2822), `unix` (seconds), `unix-ms`, or a Luxon format such as
 * `dd/MM/yyyy HH:mm` (times without a zone are UTC). Returns an ISO string or undefined when unparseable.
 */
export function dateParser(format = 'iso'): (value: string) => string | undefined {
  const valid = (d: DateTime) => (d.isValid ? d.toUTC().toISO() ?? undefined : undefined);
  if (format === 'unix') return (v) => (/^\d+(\.\d+)?$/.test(v) ? valid(DateTime.fromSeconds(Number(v))) : undefined);
  if (format === 'unix-ms') return (v) => (/^\d+$/.test(v) ? valid(DateTime.fromMillis(Number(v))) : undefined);
  if (format === 'iso') {
    return (v) => {
      const iso = DateTime.fromISO(v, { zone: 'utc' });
      return valid(iso.isValid ? iso : DateTime.fromRFC2822(v, { zone: 'utc' }));
    };
  }
  // A prebuilt parser: DateTime.fromFormat would recompile the format for every row.
  const parser = DateTime.buildFormatParser(format, { locale: 'en-US' });
  return (v) => valid(DateTime.fromFormatParser(v, parser, { zone: 'utc' }));
}

function cell(record: Record<string, unknown>, column: string): unknown {
  if (column in record) return record[column];
  // Dotted columns reach into nested JSON objects (`user.name`).
  return column.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), record);
}

/**
 * Turn one file record into a mention draft. Throws an Error saying which field is wrong;
 * the schema check itself happens when the draft is completed.
 */
export function recordToDraft(record: Record<string, unknown>, map: ColumnMap, parseDate: (value: string) => string | undefined): MentionDraft {
  const draft: Record<string, unknown> = {};
  const author: Record<string, unknown> = {};
  const metrics: Record<string, unknown> = {};
  for (const target of TARGETS) {
    const value = cell(record, map[target] ?? target);
    if (value === undefined || value === null || value === '') continue;
    let converted: unknown = typeof value === 'string' ? value.trim() : value;
    if (NUMERIC.has(target)) {
      converted = Number(value);
      if (!Number.isFinite(converted)) throw new Error(`${target} (column '${map[target] ?? target}') is not a number: '${String(value)}'`);
    } else if (target === 'publishedAt') {
      converted = parseDate(String(value));
      if (!converted) throw new Error(`publishedAt (column '${map[target] ?? target}') '${String(value)}' does not match the date format; use --date-format`);
    } else if (typeof converted !== 'string') {
      converted = String(converted);
    }
    const [group, field] = target.split('.') as [string, string | undefined];
    if (field === undefined) draft[group] = converted;
    else (group === 'author' ? author : metrics)[field] = converted;
  }
  if (!draft.text) throw new Error(`text (column '${map.text ?? 'text'}') is empty or missing`);
  if (!draft.publishedAt) throw new Error(`publishedAt (column '${map.publishedAt ?? 'publishedAt'}') is empty or missing`);
  // Without an id column, the content identifies the row, so re-importing a file never duplicates it.
  draft.sourceId ??= createHash('sha256').update(JSON.stringify(record)).digest('hex').slice(0, 32);
  if (Object.keys(author).length > 0) draft.author = author;
  if (Object.keys(metrics).length > 0) draft.metrics = metrics;
  return draft as MentionDraft;
}
