import type { Lexeme } from './lexeme.js';
import { type Token, TokenKind, tokenize } from './tokenize.js';

/**
 * The terms of a token as they appear in the normalised text: a hashtag gives its tag
 * and its camel-case parts, links and punctuation give nothing. Returns how many it appended.
 */
export function appendSearchTerms(token: Token, terms: Lexeme[]): number {
  switch (token.kind) {
    case TokenKind.Url:
    case TokenKind.Punct:
      return 0;
    case TokenKind.Hashtag:
      terms.push(token.lexeme);
      if (token.parts) for (const part of token.parts) terms.push(part);
      return 1 + (token.parts ? token.parts.length : 0);
    default:
      terms.push(token.lexeme);
      return 1;
  }
}

/** For each term {@link appendSearchTerms} gives, in order, the index of the token it comes from. */
export function searchTermTokens(tokens: readonly Token[]): number[] {
  const indexes: number[] = [];
  const terms: Lexeme[] = [];
  for (let index = 0; index < tokens.length; index++) {
    for (let k = appendSearchTerms(tokens[index] as Token, terms); k > 0; k--) indexes.push(index);
  }
  return indexes;
}

export function searchTextOf(tokens: readonly Token[]): string {
  const terms: Lexeme[] = [];
  for (const token of tokens) appendSearchTerms(token, terms);
  return joinTexts(terms);
}

export function joinTexts(terms: readonly Lexeme[]): string {
  if (terms.length === 0) return '';
  let text = (terms[0] as Lexeme).text;
  // `text + ' ' + word`, not a template literal: V8 builds it at half the cost
  for (let i = 1; i < terms.length; i++) text = text + ' ' + (terms[i] as Lexeme).text;
  return text;
}

/**
 * The one normaliser shared by brand matching, the indexed search field and the API's
 * query text: entities decoded, links dropped, handles and hashtags kept (hashtags also
 * split), emojis/emoticons kept as tokens, lowercase, accents folded, elongations
 * collapsed and French elisions removed, so `hotel` matches `l'hôtel`.
 */
export function normalizeForSearch(text: string): string {
  return searchTextOf(tokenize(text));
}
