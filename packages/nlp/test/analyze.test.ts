import { describe, expect, it } from 'vitest';
import { analyze, createAnalysisContext, estimateReach, type Brand } from '../src/index.js';

const brands: Brand[] = [
  {
    id: 'vigie',
    name: 'Vigie',
    query: '(vigie OR "vigie app" OR @vigie) AND NOT (emploi OR job)',
    aspects: [
      { name: 'prix', terms: ['prix', 'cher*', 'price', 'expensive'] },
      { name: 'service client', terms: ['"service client"', 'support', '"customer service"'] },
      { name: 'livraison', terms: ['livraison', 'delivery'] },
    ],
    competitors: ['argus'],
  },
  { id: 'argus', name: 'Argus', query: 'argus AND lang:fr', aspects: [{ name: 'prix', terms: ['prix'] }] },
];

describe('analyze', () => {
  const context = createAnalysisContext({ brands, duplicates: true });

  it('fills every enriched field of the Mention contract', () => {
    const result = analyze(
      {
        id: 'demo-1',
        text: "Chez #VigieApp la livraison est rapide, mais le service client n'est pas bon du tout 😡 @vigie https://vigie.fr/aide",
        author: { handle: 'jean', followers: 1200 },
        metrics: { likes: 10, shares: 2, comments: 1 },
      },
      context,
    );
    expect(result.brands).toEqual(['vigie']);
    // the hashtag's parts give `vigie app`; `@vigie` normalises like `vigie`, so they are one term
    expect(result.brandMatches).toEqual([{ brand: 'vigie', terms: ['vigie', '"vigie app"'] }]);
    expect(result.language).toMatchObject({ code: 'fr', source: 'detected' });
    expect(result.sentiment.label).toBe('negative');
    expect(result.aspectNames.sort()).toEqual(['livraison', 'service client']);
    expect(result.negativeAspects).toEqual(['service client']);
    expect(result.aspects.find((aspect) => aspect.name === 'livraison')?.label).not.toBe('negative');
    expect(result.hashtags).toEqual(['vigieapp']);
    expect(result.handles).toEqual(['vigie']);
    expect(result.links).toEqual(['https://vigie.fr/aide']);
    expect(result.topics).toContain('service client');
    expect(result.keywords).toContain('livraison');
    expect(result.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(result.duplicateOf).toBeUndefined();
    expect(result.reach).toBe(1200 + 2 * 150 + 5 + 20);
    expect(result.textNormalized).toBe(
      'chez vigieapp vigie app la livraison est rapide mais le service client est pas bon du tout 😡 vigie',
    );
  });

  it('respects the language the source gives and filters on it', () => {
    const french = analyze({ id: 'demo-2', text: 'Argus a baissé ses prix', lang: 'fr' }, context);
    expect(french.language).toEqual({ code: 'fr', confidence: 1, source: 'source' });
    expect(french.brands).toEqual(['argus']);
    expect(analyze({ id: 'demo-3', text: 'Argus a baissé ses prix', lang: 'en' }, context).brands).toEqual([]);
  });

  it('excludes with NOT and adds the brands a source is bound to', () => {
    expect(analyze({ id: 'demo-4', text: 'Vigie recrute : offre d’emploi' }, context).brands).toEqual([]);
    const bound = analyze({ id: 'demo-5', text: 'Great app, love it', sourceBrands: ['vigie'] }, context);
    expect(bound.brandMatches).toEqual([{ brand: 'vigie', terms: [] }]);
  });

  it('links a retweet to the original and leaves short posts alone', () => {
    const text = 'Vigie lance une nouvelle version de son application de veille ce matin';
    expect(analyze({ id: 'demo-6', text }, context).duplicateOf).toBeUndefined();
    expect(analyze({ id: 'demo-7', text: `RT @presse: ${text} https://t.co/x` }, context).duplicateOf).toBe('demo-6');
    analyze({ id: 'demo-8', text: 'merci !' }, context);
    expect(analyze({ id: 'demo-9', text: 'merci !' }, context).duplicateOf).toBeUndefined();
  });

  it("scores an aspect over its whole clause: French `ma` (my) is no Italian `ma` (but)", () => {
    const result = analyze({ id: 'ma-1', text: 'Vigie : la livraison de ma commande était catastrophique, trois semaines' }, context);
    expect(result.aspects.find((aspect) => aspect.name === 'livraison')?.label).toBe('negative');
  });

  it('analyses the title with the text', () => {
    const result = analyze({ id: 'demo-10', title: 'Vigie rachète Argus', text: 'Le marché de la veille se concentre.' }, context);
    expect(result.brands).toEqual(['vigie', 'argus']);
    expect(result.textNormalized).toBe('vigie rachete argus le marche de la veille se concentre');
  });
});

describe('topics and keywords', () => {
  const context = createAnalysisContext();

  it('drops French and English stop-words and keeps 1–3-word phrases', () => {
    const french = analyze({ id: 't1', text: "Le service client de la banque ne répond pas. Le service client est injoignable depuis lundi." }, context);
    expect(french.topics[0]).toBe('service client');
    expect(french.keywords.slice(0, 2)).toEqual(['service', 'client']);
    expect(french.keywords).not.toContain('le');
    const english = analyze({ id: 't2', text: 'The battery life of the phone is great. Battery life matters!' }, context);
    expect(english.topics[0]).toBe('battery life');
    expect(english.keywords).not.toContain('the');
    for (const topic of [...french.topics, ...english.topics]) expect(topic.split(' ').length).toBeLessThanOrEqual(3);
    expect(english.topics.length).toBeLessThanOrEqual(5);
  });

  it('drops stop-words written with an apostrophe (quelqu’un, aujourd’hui)', () => {
    const result = analyze({ id: 't3', text: "Quelqu'un sait si Acme livre aujourd’hui ? C'est urgent" }, context);
    expect(result.keywords).toEqual(['acme', 'livre', 'urgent']);
  });
});

describe('estimateReach', () => {
  it('adds the audiences of engagement to followers, with views as a floor', () => {
    expect(estimateReach({})).toBe(0);
    expect(estimateReach({ author: { followers: 100 }, metrics: { shares: 1, likes: 1, comments: 1 } })).toBe(100 + 150 + 2 + 5);
    expect(estimateReach({ author: { followers: 100 }, metrics: { views: 10_000 } })).toBe(10_000);
  });
});
