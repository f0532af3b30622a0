import { describe, expect, it } from 'vitest';
import { AFTERTHOUGHTS, asideText, createDemoStream, EVERYDAY, OPENERS, OUTAGE, type Aside, type Template } from '../src/demo/stream.js';

/** A template as a pattern: the brand, other brand, city and number slots match anything. */
function templatePattern(template: Template): RegExp {
  const escaped = template.text.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(b|o|city|n)\}/g, '.+');
  // an opener ending with a comma lowers the first letter of the template
  return new RegExp(`(^|[,:.] )${escaped.replace(/^\p{Lu}/u, (letter) => `[${letter}${letter.toLowerCase()}]`)}`, 'u');
}

const restricted = [...Object.values(OPENERS), ...Object.values(AFTERTHOUGHTS)].flat().filter((aside): aside is Exclude<Aside, string> => typeof aside !== 'string');

describe('demo stream', () => {
  const texts = (seed: number, count: number, outage = false) => {
    const stream = createDemoStream({ seed, runId: 'test' });
    return Array.from({ length: count }, (_, i) => stream.next(new Date(Date.UTC(2026, 1, 1, 0, 0, i)), outage).text);
  };

  it('is the same stream for the same seed', () => {
    expect(texts(5, 50)).toEqual(texts(5, 50));
    expect(texts(5, 50)).not.toEqual(texts(6, 50));
  });

  it('puts on a post only the openers and afterthoughts that fit its tone, each once', () => {
    const templates = [...EVERYDAY, ...OUTAGE].map((template) => ({ template, pattern: templatePattern(template) }));
    let checked = 0;
    for (const text of [...texts(1, 1500), ...texts(2, 500, true)]) {
      if (text.startsWith('RT ')) continue;
      const template = templates.find(({ pattern }) => pattern.test(text))?.template;
      expect(template, text).toBeDefined();
      for (const aside of restricted) {
        if (text.includes(aside.text)) expect(aside.tones, `${template!.tone} post: ${text}`).toContain(template!.tone);
      }
      for (const aside of Object.values(AFTERTHOUGHTS).flat().map(asideText)) {
        if (!aside.includes('{')) expect(text.split(aside).length, text).toBeLessThanOrEqual(2);
      }
      checked += 1;
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('goes on in lower case after an opener that ends with a comma', () => {
    const afterComma = texts(3, 1000).filter((text) => /^(Honnêtement|Alors voilà|Bonjour à tous|Coucou|Je confirme|Sérieusement), /.test(text));
    expect(afterComma.length).toBeGreaterThan(10);
    for (const text of afterComma) expect(text.slice(text.indexOf(', ') + 2), text).toMatch(/^(\p{Ll}|Luméo|Vagatel|Nordcom)/u);
  });
});
