import { DateTime } from 'luxon';
import type { Finding } from '../detection/detect.js';

export type Locale = 'fr' | 'en';

const TEXT = {
  en: {
    firing: 'Alert',
    escalation: 'Alert worsening',
    resolved: 'Resolved',
    digestDaily: 'Daily digest',
    digestWeekly: 'Weekly digest',
    observed: 'Observed',
    expected: 'Expected',
    unusual: 'How unusual',
    window: 'Window',
    since: 'Since',
    peak: 'Peak',
    aspects: 'Driving aspects',
    topics: 'Topics',
    emerging: 'Emerging terms',
    examples: 'Top mentions',
    dashboard: 'Open the dashboard',
    severity: { warning: 'warning', critical: 'critical' },
    metric: {
      'negative mentions': 'negative mentions',
      mentions: 'mentions',
      'net sentiment': 'net sentiment',
      'matching mentions': 'matching mentions',
      'influential negative mentions': 'negative mentions by influential authors',
      'topic mentions': 'mentions of the topic',
    },
    zScore: (z: string) => `${z} robust standard deviations above normal`,
    lift: (x: string) => `${x}× more frequent than usual`,
    immediate: 'immediate rule (no baseline)',
    resolvedAfter: (minutes: string) => `back to normal after ${minutes} min`,
    volume: 'Mentions',
    negativeShare: 'Negative',
    net: 'Net sentiment',
    change: 'vs previous period',
    topNegative: 'Top negative mentions',
    noMentions: 'No mentions.',
    by: 'by',
  },
  fr: {
    firing: 'Alerte',
    escalation: 'Alerte en aggravation',
    resolved: 'Résolu',
    digestDaily: 'Synthèse quotidienne',
    digestWeekly: 'Synthèse hebdomadaire',
    observed: 'Observé',
    expected: 'Attendu',
    unusual: 'Écart à la normale',
    window: 'Fenêtre',
    since: 'Depuis',
    peak: 'Pic',
    aspects: 'Aspects en cause',
    topics: 'Sujets',
    emerging: 'Termes émergents',
    examples: 'Mentions principales',
    dashboard: 'Ouvrir le tableau de bord',
    severity: { warning: 'avertissement', critical: 'critique' },
    metric: {
      'negative mentions': 'mentions négatives',
      mentions: 'mentions',
      'net sentiment': 'sentiment net',
      'matching mentions': 'mentions correspondantes',
      'influential negative mentions': "mentions négatives d'auteurs influents",
      'topic mentions': 'mentions du sujet',
    },
    zScore: (z: string) => `${z} écarts-types robustes au-dessus de la normale`,
    lift: (x: string) => `${x} fois plus fréquent que d'habitude`,
    immediate: 'règle immédiate (sans référence)',
    resolvedAfter: (minutes: string) => `retour à la normale après ${minutes} min`,
    volume: 'Mentions',
    negativeShare: 'Négatives',
    net: 'Sentiment net',
    change: 'vs période précédente',
    topNegative: 'Mentions négatives principales',
    noMentions: 'Aucune mention.',
    by: 'par',
  },
} as const;

export type Texts = (typeof TEXT)[Locale];

export function texts(locale: Locale): Texts {
  return TEXT[locale];
}

export function formatNumber(locale: Locale, value: number, digits = 0): string {
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

export function formatSigned(locale: Locale, value: number, digits = 2): string {
  return `${value > 0 ? '+' : ''}${formatNumber(locale, value, digits)}`;
}

export function formatPercent(locale: Locale, ratio: number): string {
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(ratio);
}

export function formatTime(locale: Locale, iso: string, timezone: string): string {
  return DateTime.fromISO(iso, { zone: timezone }).setLocale(locale === 'fr' ? 'fr-FR' : 'en-GB').toFormat('ccc d LLL yyyy HH:mm ZZZZ');
}

/** Observed and expected as a reader sees them: counts as integers, net sentiment with two decimals. */
export function formatValue(locale: Locale, finding: Finding, value: number): string {
  return finding.metric === 'net sentiment' ? formatSigned(locale, value) : formatNumber(locale, value, Number.isInteger(value) ? 0 : 1);
}

export function describeUnusual(locale: Locale, finding: Finding): string {
  const t = texts(locale);
  if (finding.metric === 'topic mentions') return t.lift(formatNumber(locale, finding.score, 1));
  if (finding.metric === 'matching mentions' || finding.metric === 'influential negative mentions') return t.immediate;
  return t.zScore(formatNumber(locale, finding.score, 1));
}
