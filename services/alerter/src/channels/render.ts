import type { AlertMessage, DigestMessage, ExampleMention, Message, PeriodStats } from '../messages.js';
import { describeUnusual, formatNumber, formatPercent, formatSigned, formatTime, formatValue, texts, type Locale } from './i18n.js';

/** A message laid out once, then written as e-mail text, e-mail HTML or Slack blocks. */
export interface Layout {
  title: string;
  headline: string;
  facts: { label: string; value: string }[];
  lists: { label: string; items: string[] }[];
  examples: { label: string; mentions: ExampleMention[] };
  link?: { label: string; url: string };
}

function noticeTitle(message: AlertMessage, locale: Locale): string {
  const t = texts(locale);
  const prefix = message.notice === 'resolved' ? `✅ ${t.resolved}` : message.notice === 'escalation' ? `🔺 ${t.escalation}` : `🔴 ${t.firing}`;
  return `${prefix}: ${message.rule.name} — ${message.brand.name}`;
}

function alertLayout(message: AlertMessage, locale: Locale): Layout {
  const t = texts(locale);
  const shown = message.notice === 'resolved' ? message.peak : message.finding;
  const metric = t.metric[shown.metric];
  const facts: Layout['facts'] = [
    { label: t.observed, value: `${formatValue(locale, shown, shown.observed)} ${metric}` },
    { label: t.expected, value: `${formatValue(locale, shown, shown.expected)} ${metric}` },
    { label: t.unusual, value: `${describeUnusual(locale, shown)} (${t.severity[message.severity]})` },
    { label: t.window, value: `${formatNumber(locale, message.rule.windowMinutes)} min` },
    { label: t.since, value: formatTime(locale, message.startedAt, message.timezone) },
  ];
  let headline = `${metric}: ${formatValue(locale, shown, shown.observed)} / ${formatValue(locale, shown, shown.expected)}`;
  if (message.notice === 'resolved' && message.resolvedAt) {
    const minutes = Math.round((Date.parse(message.resolvedAt) - Date.parse(message.startedAt)) / 60_000);
    headline = `${t.resolvedAfter(formatNumber(locale, minutes))} — ${t.peak}: ${formatValue(locale, shown, shown.observed)} ${metric}`;
    facts[0] = { label: t.peak, value: `${formatValue(locale, shown, shown.observed)} ${metric}` };
  }
  const lists: Layout['lists'] = [];
  const counted = (items: { name: string; count: number }[]) => items.map((i) => `${i.name} (${formatNumber(locale, i.count)})`);
  if (message.emerging?.length) lists.push({ label: t.emerging, items: message.emerging.map((e) => `${e.term} (${formatNumber(locale, e.windowCount)}, ×${formatNumber(locale, e.lift, 1)})`) });
  if (message.explanation?.aspects.length) lists.push({ label: t.aspects, items: counted(message.explanation.aspects) });
  if (message.explanation?.topics.length) lists.push({ label: t.topics, items: counted(message.explanation.topics) });
  return {
    title: noticeTitle(message, locale),
    headline,
    facts,
    lists,
    examples: { label: t.examples, mentions: message.notice === 'resolved' ? [] : (message.explanation?.examples ?? []) },
    link: message.dashboardUrl ? { label: t.dashboard, url: message.dashboardUrl } : undefined,
  };
}

function change(locale: Locale, current: number, previous: number): string {
  return previous === 0 ? '' : ` (${formatPercent(locale, (current - previous) / previous)} ${texts(locale).change})`;
}

function digestLayout(message: DigestMessage, locale: Locale): Layout {
  const t = texts(locale);
  const c: PeriodStats = message.current;
  const p: PeriodStats = message.previous;
  const share = (s: PeriodStats) => (s.total === 0 ? 0 : s.negative / s.total);
  return {
    title: `📊 ${message.frequency === 'weekly' ? t.digestWeekly : t.digestDaily}: ${message.brand.name}`,
    headline: `${formatTime(locale, message.period.from, message.timezone)} → ${formatTime(locale, message.period.to, message.timezone)}`,
    facts: [
      { label: t.volume, value: `${formatNumber(locale, c.total)}${change(locale, c.total, p.total)}` },
      { label: t.negativeShare, value: `${formatNumber(locale, c.negative)} (${formatPercent(locale, share(c)).replace(/^\+/, '')})${change(locale, c.negative, p.negative)}` },
      { label: t.net, value: `${formatSigned(locale, c.netSentiment)} (${formatSigned(locale, c.netSentiment - p.netSentiment)} ${t.change})` },
    ],
    lists: [
      { label: t.topics, items: message.topics.map((i) => `${i.name} (${formatNumber(locale, i.count)})`) },
      { label: t.aspects, items: message.aspects.map((i) => `${i.name} (${formatNumber(locale, i.count)})`) },
    ].filter((l) => l.items.length > 0),
    examples: { label: t.topNegative, mentions: message.topNegative },
    link: message.dashboardUrl ? { label: t.dashboard, url: message.dashboardUrl } : undefined,
  };
}

export function layout(message: Message, locale: Locale): Layout {
  return message.type === 'alert' ? alertLayout(message, locale) : digestLayout(message, locale);
}

function mentionLine(locale: Locale, mention: ExampleMention): string {
  const by = mention.author ? ` — ${texts(locale).by} ${mention.author}` : '';
  return `“${mention.text}”${by} (${mention.source}, reach ${formatNumber(locale, mention.reach)})`;
}

export function renderText(view: Layout, locale: Locale): string {
  const lines = [view.title, '', view.headline, ''];
  for (const fact of view.facts) lines.push(`${fact.label}: ${fact.value}`);
  for (const list of view.lists) lines.push('', `${list.label}:`, ...list.items.map((i) => `  - ${i}`));
  if (view.examples.mentions.length) {
    lines.push('', `${view.examples.label}:`);
    for (const m of view.examples.mentions) lines.push(`  - ${mentionLine(locale, m)}`, ...(m.url ? [`    ${m.url}`] : []));
  }
  if (view.link) lines.push('', `${view.link.label}: ${view.link.url}`);
  return `${lines.join('\n')}\n`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

export function renderHtml(view: Layout, locale: Locale): string {
  const facts = view.facts.map((f) => `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`).join('');
  const lists = view.lists.map((l) => `<h3>${escapeHtml(l.label)}</h3><ul>${l.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`).join('');
  const examples = view.examples.mentions.length
    ? `<h3>${escapeHtml(view.examples.label)}</h3><ul>${view.examples.mentions
        .map((m) => `<li>${m.url ? `<a href="${escapeHtml(m.url)}">${escapeHtml(mentionLine(locale, m))}</a>` : escapeHtml(mentionLine(locale, m))}</li>`)
        .join('')}</ul>`
    : '';
  const link = view.link ? `<p><a href="${escapeHtml(view.link.url)}">${escapeHtml(view.link.label)}</a></p>` : '';
  return `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif"><h2>${escapeHtml(view.title)}</h2><p><strong>${escapeHtml(view.headline)}</strong></p><table>${facts}</table>${lists}${examples}${link}</body></html>`;
}

function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack Block Kit for an incoming webhook; `text` is the notification fallback. */
export function renderSlack(view: Layout, locale: Locale): { text: string; blocks: unknown[] } {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: view.title.slice(0, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(view.headline)}*` } },
    { type: 'section', fields: view.facts.map((f) => ({ type: 'mrkdwn', text: `*${slackEscape(f.label)}*\n${slackEscape(f.value)}` })) },
  ];
  for (const list of view.lists) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `*${slackEscape(list.label)}*: ${slackEscape(list.items.join(', '))}` }] });
  }
  if (view.examples.mentions.length) {
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(view.examples.label)}*` } });
    for (const m of view.examples.mentions) {
      const line = slackEscape(mentionLine(locale, m));
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: m.url ? `<${m.url}|${line}>` : line } });
    }
  }
  if (view.link) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: view.link.label }, url: view.link.url }] });
  }
  return { text: `${view.title} — ${view.headline}`, blocks };
}
