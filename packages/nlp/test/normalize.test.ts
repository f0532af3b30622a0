import { describe, expect, it } from 'vitest';
import { normalizeForSearch, TokenFlag, TokenKind, tokenize } from '../src/index.js';

describe('normalizeForSearch', () => {
  it('decodes HTML entities and drops tags', () => {
    expect(normalizeForSearch('Fnac &amp; Darty &eacute;t&eacute; &#233;t&#xE9; <b>gras</b>')).toBe('fnac darty ete ete gras');
    expect(normalizeForSearch('AT&amp;amp;T')).toBe('at t');
  });

  it('decodes the literal \\uXXXX escapes of JSON encoded twice, emoji pairs included', () => {
    expect(normalizeForSearch('I don\\u2019t like it\\u002c really \\ud83d\\ude21')).toBe('i dont like it really 😡');
    expect(normalizeForSearch('J\\u2019ai pay\\u00e9')).toBe('ai paye');
    // a lone surrogate is no character: left as written
    expect(normalizeForSearch('bad \\ud83d end')).toBe('bad ud83d end');
  });

  it('drops links', () => {
    expect(normalizeForSearch('voir https://example.com/a?b=1, et www.vigie.fr.')).toBe('voir et');
    expect(normalizeForSearch('see http://t.co/xyz now')).toBe('see now');
  });

  it('keeps handles without the @ and keeps dotted/underscored handles whole', () => {
    expect(normalizeForSearch('merci @Vigie_App et @jean.dupont')).toBe('merci vigie_app et jean.dupont');
  });

  it('keeps hashtags and adds their camel-case parts', () => {
    expect(normalizeForSearch('#BlackFriday')).toBe('blackfriday black friday');
    expect(normalizeForSearch('#iPhone15 #SNCF #service_client')).toBe('iphone15 i phone 15 sncf service_client service client');
  });

  it('keeps emojis and emoticons as tokens', () => {
    expect(normalizeForSearch('top 😍😍 :-) :( <3')).toBe('top 😍 :) :( <3');
    expect(normalizeForSearch('ok 👍🏽')).toBe('ok 👍');
  });

  it('collapses letters repeated three times or more', () => {
    expect(normalizeForSearch('trèèès')).toBe('tres');
    expect(normalizeForSearch('Soooo goooood, cool')).toBe('so god cool');
    expect(normalizeForSearch('1000 www')).toBe('1000 w');
  });

  it('removes French elisions, typographic apostrophe included', () => {
    expect(normalizeForSearch("l'hôtel d'Orsay j'aime qu'il n'est s'il c'est m'a t'as")).toBe('hotel orsay aime il est il est a as');
    expect(normalizeForSearch('l’hôtel jusqu’à lorsqu’il')).toBe('hotel a il');
  });

  it('keeps English contractions as one word', () => {
    expect(normalizeForSearch("don't can't I'm")).toBe('dont cant im');
  });

  it("drops the English 's, so a search for acme finds Acme's", () => {
    expect(normalizeForSearch("Acme's app, it's ACME’S")).toBe('acme app it acme');
    expect(normalizeForSearch("the 90's")).toBe('the 90s');
  });

  it('lowercases and folds accents so hotel matches l’hôtel', () => {
    expect(normalizeForSearch('HÔTEL Œuvre Straße ÉLÈVE')).toBe('hotel oeuvre strasse eleve');
    expect(normalizeForSearch("L'Hôtel")).toBe(normalizeForSearch('hotel'));
  });

  it('splits on punctuation and hyphens but keeps decimals', () => {
    expect(normalizeForSearch('Ho-Chi-Minh, 3.5 étoiles!')).toBe('ho chi minh 3.5 etoiles');
  });
});

describe('tokenize', () => {
  it('types tokens and flags elongation, capitals and negative elision', () => {
    const tokens = tokenize("C'est NUL, il n'aime paaas https://x.fr #Fail @bob :) 😡 !!!");
    expect(tokens.map((token) => token.kind)).toEqual([
      TokenKind.Word, TokenKind.Word, TokenKind.Punct, TokenKind.Word, TokenKind.Word, TokenKind.Word, TokenKind.Url,
      TokenKind.Hashtag, TokenKind.Handle, TokenKind.Emoticon, TokenKind.Emoji, TokenKind.Punct,
    ]);
    expect(tokens[1]!.flags & TokenFlag.AllCaps).toBeTruthy();
    expect(tokens[4]!.text).toBe('aime');
    expect(tokens[4]!.flags & TokenFlag.NegativeElision).toBeTruthy();
    expect(tokens[5]!.text).toBe('pas');
    expect(tokens[5]!.flags & TokenFlag.Elongated).toBeTruthy();
    expect(tokens[11]!.flags & TokenFlag.Repeated).toBeTruthy();
  });

  it("flags a word whose apostrophe was dropped, so I'll is not taken for `ill`", () => {
    const [contraction, plain] = tokenize("I'll ill");
    expect(contraction!.text).toBe('ill');
    expect(contraction!.flags & TokenFlag.Contraction).toBeTruthy();
    expect(plain!.flags & TokenFlag.Contraction).toBeFalsy();
    // an elision is dropped, not contracted
    expect(tokenize("l'hôtel")[0]!.flags & TokenFlag.Contraction).toBeFalsy();
  });

  it('does not take a time or a word for an emoticon', () => {
    expect(tokenize('10:30 xDD Dune').every((token) => token.kind !== TokenKind.Emoticon)).toBe(true);
  });
});

describe('interned tokens', () => {
  it('gives every spelling of a word one lexeme, whatever the case, accents or elision', () => {
    const [first, second, third] = tokenize("Hôtel l'hotel HOTEL").map((token) => token.lexeme);
    expect(first).toBe(second);
    expect(second).toBe(third);
    expect(first?.text).toBe('hotel');
  });

  it('keeps the flags of a spelling seen before', () => {
    expect(tokenize('SUPERRRR')[0]!.flags).toBe(TokenFlag.Elongated | TokenFlag.AllCaps);
    expect(tokenize('ok SUPERRRR')[1]!.flags).toBe(TokenFlag.Elongated | TokenFlag.AllCaps);
    expect(tokenize("n'est")[0]!.flags).toBe(TokenFlag.NegativeElision);
    expect(tokenize('est')[0]!.flags).toBe(0);
  });

  it('folds the same after the tables of known spellings start over', () => {
    // more distinct spellings than the tables hold, long ones (beyond the inline part) included
    const words = Array.from({ length: 70_000 }, (_, index) => `Mot${index.toString(36)}${index % 7 === 0 ? 'ÉlongationTrèèèsLongue' : ''}`);
    const text = words.flatMap((word) => [word, `#${word}`, `@${word}`]).join(' ');
    const first = tokenize(text).map((token) => `${token.kind}:${token.text}:${token.flags}`);
    const second = tokenize(text).map((token) => `${token.kind}:${token.text}:${token.flags}`);
    expect(second).toEqual(first);
    expect(first.slice(0, 3)).toEqual(['0:mot0elongationtreslongue:1', '2:mot0elongationtreslongue:0', '3:mot0élongationtrèèèslongue:0']);
  });
});
