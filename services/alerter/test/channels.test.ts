import { describe, expect, it } from 'vitest';
import { addressRefusal, checkOutboundUrl } from '../src/channels/url-guard.js';
import { layout, renderSlack, renderText } from '../src/channels/render.js';
import type { AlertMessage } from '../src/messages.js';

const strict = { allowPrivate: false };

describe('outbound URL guard', () => {
  it.each(['http://127.0.0.1/x', 'http://169.254.169.254/latest', 'http://[::1]/x', 'https://10.0.0.1/', 'https://172.16.0.1/', 'https://192.168.1.1/', 'https://[fd00::1]/', 'https://[::ffff:127.0.0.1]/', 'https://100.64.0.1/', 'https://0.0.0.0/'])(
    'refuses %s',
    async (url) => {
      await expect(checkOutboundUrl(url, strict)).rejects.toThrow(/refused/);
    },
  );

  it('refuses names resolving to loopback, and plain http', async () => {
    await expect(checkOutboundUrl('https://localhost/hook', strict)).rejects.toThrow(/resolves to an address that is a loopback address/);
    await expect(checkOutboundUrl('http://93.184.215.14/hook', strict)).rejects.toThrow(/not https/);
  });

  it('accepts public addresses, and private ones only when allowed', async () => {
    expect(addressRefusal('93.184.215.14')).toBeNull();
    await expect(checkOutboundUrl('https://93.184.215.14/hook', strict)).resolves.toBeUndefined();
    await expect(checkOutboundUrl('http://127.0.0.1:8080/hook', { allowPrivate: true })).resolves.toBeUndefined();
  });
});

describe('rendering', () => {
  const finding = { firing: true, clear: false, observed: 1234, expected: 12.5, score: 9.25, severity: 'critical' as const, metric: 'negative mentions' as const, baselineSamples: 20 };
  const message: AlertMessage = {
    type: 'alert', notice: 'firing', alertId: 'a', rule: { id: 'r', name: 'Bad buzz', type: 'negative_spike', windowMinutes: 60 }, brand: { id: 'acme', name: 'Acme' },
    severity: 'critical', finding, peak: finding, startedAt: '2026-01-10T08:00:00.000Z', timezone: 'Europe/Paris',
    explanation: { window: { from: '', to: '' }, aspects: [{ name: 'livraison', count: 800 }], topics: [], examples: [{ id: 'm', url: 'https://x.example/1', text: 'Colis <perdu> & jamais livré', author: 'jo', reach: 12000, publishedAt: '', source: 'x' }] },
  };

  it('formats numbers per locale', () => {
    expect(renderText(layout(message, 'fr'), 'fr')).toContain('Observé: 1\u202f234 mentions négatives');
    expect(renderText(layout(message, 'en'), 'en')).toContain('Expected: 12.5 negative mentions');
  });

  it('escapes mention text in Slack links', () => {
    const slack = renderSlack(layout(message, 'en'), 'en');
    expect(JSON.stringify(slack.blocks)).toContain('<https://x.example/1|“Colis &lt;perdu&gt; &amp; jamais livré”');
  });
});
