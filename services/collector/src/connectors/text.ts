import { convert } from 'html-to-text';

const HTML_OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
  ],
};

/** Plain text from an HTML fragment (feed descriptions, Mastodon statuses, YouTube comments). */
export function htmlToText(html: string | undefined): string {
  if (!html) return '';
  return convert(html, HTML_OPTIONS).replace(/\n{3,}/g, '\n\n').trim();
}

const TRACKING = /^(utm_[a-z]+|fbclid|gclid|mc_[a-z]+|ocid|cmpid|xtor)$/i;

/**
 * The link people should see: unwrap Google redirect links (Google Alerts' `google.com/url?url=`),
 * drop tracking parameters and fragments. Invalid links give undefined.
 */
export function canonicalUrl(link: string | undefined): string | undefined {
  if (!link) return undefined;
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  if (/(^|\.)google\.[a-z.]+$/.test(url.hostname) && url.pathname === '/url') {
    const target = url.searchParams.get('url') ?? url.searchParams.get('q');
    if (target) return canonicalUrl(target);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  url.hash = '';
  return url.toString();
}

/** ISO date from anything a source gives (ISO strings, RFC 822 dates, epoch seconds), or undefined. */
export function isoDate(value: string | number | undefined | null): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Keep the most recent `max` ids (a seen-set carried in a cursor stays bounded). */
export function boundedIds(previous: readonly string[], added: readonly string[], max = 1_000): string[] {
  const merged = [...new Set([...added, ...previous])];
  return merged.slice(0, max);
}
