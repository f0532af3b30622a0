import { isWorse, type Finding, type Severity } from './detect.js';

export type NoticeKind = 'firing' | 'escalation' | 'resolved';

/** One rule+brand episode: opened when the rule fires, closed when its condition clears. */
export interface Episode {
  id: string;
  ruleId: string;
  brand: string;
  state: 'firing' | 'resolved';
  startedAt: string;
  updatedAt: string;
  resolvedAt?: string;
  last: Finding;
  peak: Finding;
  /** Firing and escalation notices enqueued so far (0 while held back by quiet hours). */
  notices: number;
  lastNotifiedAt?: string;
  lastNotified?: { observed: number; severity: Severity };
  /** A resolution is owed when the episode was announced; true once it is enqueued (or nothing is owed). */
  resolutionNoticed: boolean;
}

export interface Decision {
  /** The episode to persist (new or updated), or null when nothing changed. */
  episode: Episode | null;
  notice: NoticeKind | null;
}

export interface LifecycleContext {
  ruleId: string;
  brand: string;
  now: Date;
  cooldownMinutes: number;
  worseRatio: number;
  /** Notifications are held back during the rule's quiet hours; detection goes on. */
  quiet: boolean;
}

function peakOf(a: Finding, b: Finding): Finding {
  return b.score > a.score ? b : a;
}

/**
 * The lifecycle: firing → (re-notified after the cooldown only if still firing and worse) → resolved.
 * Pure: the caller persists the episode and enqueues the notice.
 */
export function decide(open: Episode | null, finding: Finding, context: LifecycleContext): Decision {
  const now = context.now.toISOString();
  if (!open) {
    if (!finding.firing) return { episode: null, notice: null };
    const episode: Episode = {
      id: `${context.ruleId}.${context.brand}.${context.now.getTime()}`,
      ruleId: context.ruleId,
      brand: context.brand,
      state: 'firing',
      startedAt: now,
      updatedAt: now,
      last: finding,
      peak: finding,
      notices: 0,
      resolutionNoticed: true,
    };
    return context.quiet ? { episode, notice: null } : { episode: announce(episode, finding, now), notice: 'firing' };
  }
  if (finding.clear) {
    const owed = open.notices > 0;
    const episode: Episode = {
      ...open,
      state: 'resolved',
      updatedAt: now,
      resolvedAt: now,
      last: finding,
      resolutionNoticed: !owed || !context.quiet,
    };
    return { episode, notice: owed && !context.quiet ? 'resolved' : null };
  }
  const updated: Episode = { ...open, updatedAt: now, last: finding, peak: peakOf(open.peak, finding) };
  if (context.quiet || !finding.firing) return { episode: updated, notice: null };
  if (open.notices === 0) return { episode: announce(updated, finding, now), notice: 'firing' };
  const cooled = !open.lastNotifiedAt || context.now.getTime() - Date.parse(open.lastNotifiedAt) >= context.cooldownMinutes * 60_000;
  if (cooled && open.lastNotified && isWorse(finding, open.lastNotified, context.worseRatio)) {
    return { episode: announce(updated, finding, now), notice: 'escalation' };
  }
  return { episode: updated, notice: null };
}

/** A resolved episode whose resolution notice waited for the end of quiet hours. */
export function owedResolution(episode: Episode, quiet: boolean): Decision {
  if (episode.resolutionNoticed || quiet) return { episode: null, notice: null };
  return { episode: { ...episode, resolutionNoticed: true }, notice: 'resolved' };
}

function announce(episode: Episode, finding: Finding, now: string): Episode {
  return { ...episode, notices: episode.notices + 1, lastNotifiedAt: now, lastNotified: { observed: finding.observed, severity: finding.severity } };
}
