/**
 * The expected figures, computed in plain code from the seeded documents: independent of Lucene, of the translator
 * and of Elasticsearch. A selection of All on brand means "any tracked brand" (`brands:*`), as in the dashboards.
 */
import type { MentionDocument } from '@vigie/core';
import type { AlertEpisode } from './seed.js';
import type { Selection, TimeRange } from './translate.js';

const isAll = (values: string[] | undefined): boolean => !values || (values.length === 1 && values[0] === '$__all');
const allows = (values: string[] | undefined, value: string): boolean => isAll(values) || (values as string[]).includes(value);

export interface MentionScope {
  brand?: boolean;
  sentiment?: boolean;
}

export function selectMentions(mentions: MentionDocument[], selection: Selection, range: TimeRange, scope: MentionScope = {}): MentionDocument[] {
  const { brand = true, sentiment = true } = scope;
  return mentions.filter((mention) => {
    const at = Date.parse(mention.publishedAt);
    if (at < range.from || at > range.to) return false;
    if (brand && (mention.brands.length === 0 || !mention.brands.some((b) => allows(selection.brand, b)))) return false;
    if (!allows(selection.source, mention.source)) return false;
    if (!allows(selection.language, mention.language.code)) return false;
    return !sentiment || allows(selection.sentiment, mention.sentiment.label);
  });
}

export function selectEpisodes(episodes: AlertEpisode[], selection: Selection, range: TimeRange): AlertEpisode[] {
  return episodes.filter((episode) => {
    const at = Date.parse(episode.startedAt);
    return at >= range.from && at <= range.to && allows(selection.brand, episode.brand) && allows(selection.rule, episode.ruleName);
  });
}

/** Count per value of a (possibly multi-valued) field. */
export function countBy<T>(items: T[], key: (item: T) => string | string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    for (const value of [key(item)].flat()) counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

export function groupBy<T>(items: T[], key: (item: T) => string | string[]): Record<string, T[]> {
  const groups: Record<string, T[]> = {};
  for (const item of items) {
    for (const value of [key(item)].flat()) (groups[value] ??= []).push(item);
  }
  return groups;
}

export function netSentiment(mentions: MentionDocument[]): number {
  const count = (label: string) => mentions.filter((mention) => mention.sentiment.label === label).length;
  return ((count('positive') - count('negative')) / mentions.length) * 100;
}

export const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
export const mean = (values: number[]): number => sum(values) / values.length;

/** Top `size` keys by count, as a terms aggregation returns them (ties broken by key). */
export function top(counts: Record<string, number>, size: number): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb)).slice(0, size));
}
