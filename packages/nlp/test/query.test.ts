import { describe, expect, it } from 'vitest';
import { seededRandom } from '@vigie/core';
import { PhraseIndex } from '../src/query/phrase-index.js';
import type { WordPattern } from '../src/query/ast.js';
import { compileBrands, matchBrands, normalizeForSearch, parseQuery, QuerySyntaxError, type Brand, type MentionFacts } from '../src/index.js';

const noFacts: MentionFacts = { lang: ['fr'], source: ['reddit'], author: ['jean'] };

function matches(query: string, text: string, facts: MentionFacts = noFacts): string[] | undefined {
  const compiled = compileBrands([{ id: 'b', name: 'B', query }]);
  return matchBrands(compiled, normalizeForSearch(text).split(' '), facts)[0]?.terms;
}

function syntaxError(query: string): QuerySyntaxError {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`'${query}' parsed`);
}

describe('brand query operators', () => {
  it('matches a term case- and accent-insensitively, elisions included', () => {
    expect(matches('hôtel', "J'ai adoré L'HOTEL")).toEqual(['hôtel']);
    expect(matches('Hotel', 'Great hôtel!')).toEqual(['Hotel']);
    expect(matches('hotel', 'hotels')).toBeUndefined();
  });

  it("matches a brand in the English possessive (Acme's, Acme’s)", () => {
    expect(matches('acme', "Acme's new app keeps crashing")).toEqual(['acme']);
    expect(matches('"acme mobile"', 'Acme Mobile’s network is down')).toEqual(['"acme mobile"']);
  });

  it('matches exact phrases only in order', () => {
    expect(matches('"service client"', 'le Service Client est nul')).toEqual(['"service client"']);
    expect(matches('"service client"', 'client du service')).toBeUndefined();
    expect(matches('"customer service"', 'their customer service rocks')).toEqual(['"customer service"']);
  });

  it('AND, implicit AND, OR and NOT', () => {
    expect(matches('vigie AND prix', 'vigie est chère, prix fou')).toEqual(['vigie', 'prix']);
    expect(matches('vigie prix', 'le prix de vigie')).toEqual(['vigie', 'prix']);
    expect(matches('vigie AND prix', 'vigie seulement')).toBeUndefined();
    expect(matches('vigie OR watchtower', 'the watchtower app')).toEqual(['watchtower']);
    expect(matches('vigie AND NOT emploi', 'vigie recrute, offre d’emploi')).toBeUndefined();
    expect(matches('vigie AND NOT job', 'vigie is great')).toEqual(['vigie']);
  });

  it('respects parentheses and precedence (AND binds tighter than OR)', () => {
    expect(matches('a OR b AND c', 'a')).toEqual(['a']);
    expect(matches('(a OR b) AND c', 'a')).toBeUndefined();
    expect(matches('(a OR b) AND c', 'b c')).toEqual(['b', 'c']);
    expect(matches('NOT (spam OR promo) AND vigie', 'vigie promo')).toBeUndefined();
  });

  it('NEAR/n counts the words between both sides, in either order', () => {
    expect(matches('vigie NEAR/2 cher', 'vigie est trop cher')).toEqual(['vigie', 'cher']);
    expect(matches('vigie NEAR/1 cher', 'vigie est trop cher')).toBeUndefined();
    expect(matches('cher NEAR/2 vigie', 'vigie est trop cher')).toEqual(['cher', 'vigie']);
    expect(matches('(app OR application) NEAR/3 "customer service"', 'the customer service of the app')).toEqual(['app', '"customer service"']);
  });

  it('wildcards match word prefixes', () => {
    expect(matches('vigi*', 'Vigilance et VIGIE')).toEqual(['vigi*']);
    expect(matches('"vigie ap*"', 'vigie application')).toEqual(['"vigie ap*"']);
    expect(matches('vigi*', 'vig')).toBeUndefined();
  });

  it('field filters test language, source and author', () => {
    expect(matches('vigie AND lang:fr', 'vigie')).toEqual(['vigie']);
    expect(matches('vigie AND lang:en', 'vigie')).toBeUndefined();
    expect(matches('vigie AND source:reddit', 'vigie')).toEqual(['vigie']);
    expect(matches('vigie AND NOT author:jean', 'vigie')).toBeUndefined();
    expect(matches('vigie AND author:je*', 'vigie')).toEqual(['vigie']);
    expect(matches('lang:fr AND NOT spam', 'bonjour')).toEqual([]);
  });

  it('matches hashtags, handles and emojis', () => {
    expect(matches('#blackfriday', 'Promo #BlackFriday')).toEqual(['#blackfriday']);
    expect(matches('"black friday"', '#BlackFriday')).toEqual(['"black friday"']);
    expect(matches('@vigie', 'merci @Vigie')).toEqual(['@vigie']);
    expect(matches('vigie AND 😡', 'vigie 😡😡')).toEqual(['vigie', '😡']);
  });

  it('returns every matching brand and only those, among many', () => {
    const brands: Brand[] = Array.from({ length: 5000 }, (_, index) => ({ id: `brand-${index}`, name: `Brand ${index}`, query: `marque${index} OR "produit ${index}"` }));
    brands.push({ id: 'vigie', name: 'Vigie', query: 'vigie AND NOT marque42' });
    const compiled = compileBrands(brands);
    const words = normalizeForSearch('Marque7 et le produit 4999, pas vigie').split(' ');
    expect(matchBrands(compiled, words, noFacts)).toEqual([
      { brand: 'brand-7', terms: ['marque7'] },
      { brand: 'brand-4999', terms: ['"produit 4999"'] },
      { brand: 'vigie', terms: ['vigie'] },
    ]);
  });
});

describe('brand query syntax errors', () => {
  it.each([
    ['', 0, OPERAND()],
    ['vigie AND', 9, OPERAND()],
    ['(vigie OR prix', 14, "')' to close the '(' at position 0"],
    ['vigie OR prix)', 13, 'AND, OR, NOT, NEAR/n or end of query'],
    ['"service client', 15, 'a closing \'"\''],
    ['vigie NEAR/x prix', 6, 'NEAR/<number of words>, e.g. NEAR/3'],
    ['vigie NEAR/2 NOT prix', 13, OPERAND()],
    ['(a AND b) NEAR/2 c', 10, 'terms, phrases or (… OR …) groups of them on both sides of NEAR/n'],
    ['country:fr', 0, 'a known field (lang:, source:, author:)'],
    ['lang: fr', 5, "a value after 'lang:'"],
    ['vi*gie', 2, "letters before a single trailing '*' wildcard"],
    ['*', 0, "letters before a single trailing '*' wildcard"],
    ['OR vigie', 0, OPERAND()],
  ])('%j fails at %i expecting %s', (query, position, expected) => {
    const error = syntaxError(query);
    expect(error.position).toBe(position);
    expect(error.expected).toBe(expected);
    expect(error.message).toContain(`position ${position}`);
  });

  it('names the brand when compiling', () => {
    expect(() => compileBrands([{ id: 'vigie', name: 'Vigie', query: 'vigie AND' }])).toThrow(/brand 'vigie'/);
  });
});

function OPERAND(): string {
  return "a term, a \"phrase\", a field filter (lang:, source:, author:) or '('";
}

describe('phrase index', () => {
  const pattern = (text: string): WordPattern => (text.endsWith('*') ? { text: text.slice(0, -1), prefix: true } : { text, prefix: false });

  it('reports matches in the order of a plain scan, however many phrases share a first word', () => {
    const random = seededRandom(11);
    const vocabulary = ['pro', 'produit', 'prix', 'p*', 'pro*', 'produ*', 'a', 'b', 'b*', 'c'];
    const phrases: WordPattern[][] = [];
    const index = new PhraseIndex();
    for (let id = 0; id < 300; id++) {
      const words = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pattern(vocabulary[Math.floor(random() * vocabulary.length)] as string));
      phrases.push(words);
      index.add(words, id);
    }
    // the reference: entries (identical patterns merged) with an exact first word in order of addition, then prefix ones by prefix length
    const key = (words: readonly WordPattern[]) => words.map((word) => word.text + (word.prefix ? '*' : '')).join(' ');
    const entries = new Map<string, { words: WordPattern[]; ids: number[] }>();
    phrases.forEach((words, id) => {
      const entry = entries.get(key(words)) ?? entries.set(key(words), { words, ids: [] }).get(key(words))!;
      if (!entry.ids.includes(id)) entry.ids.push(id);
    });
    const fits = (word: WordPattern, term: string) => (word.prefix ? term.startsWith(word.text) : term === word.text);
    const ordered = (term: string) => [
      ...[...entries.values()].filter((entry) => !entry.words[0]!.prefix && entry.words[0]!.text === term),
      ...[1, 2, 3].flatMap((length) =>
        [...entries.values()].filter((entry) => entry.words[0]!.prefix && entry.words[0]!.text.slice(0, 3).length === length && term.slice(0, length) === entry.words[0]!.text.slice(0, 3) && fits(entry.words[0]!, term)),
      ),
    ];
    const terms = ['pro', 'produit', 'prix', 'pr', 'a', 'b', 'bb', 'c', 'produits'];
    for (let text = 0; text < 200; text++) {
      const words = Array.from({ length: 1 + Math.floor(random() * 8) }, () => terms[Math.floor(random() * terms.length)] as string);
      const expected: [number, number, number][] = [];
      words.forEach((term, start) => {
        for (const entry of ordered(term)) {
          if (start + entry.words.length > words.length || !entry.words.every((word, offset) => fits(word, words[start + offset] as string))) continue;
          for (const id of entry.ids) expected.push([id, start, start + entry.words.length - 1]);
        }
      });
      const found: [number, number, number][] = [];
      index.scan(words, (id, start, end) => found.push([id, start, end]));
      expect(found).toEqual(expected);
    }
  });
});
