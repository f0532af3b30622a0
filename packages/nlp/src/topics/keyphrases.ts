import type { Lexeme } from '../normalize/lexeme.js';
import { type Token, TokenKind } from '../normalize/tokenize.js';
import { NEGATORS } from '../sentiment/cues.js';
import { stopwordBit, stopwordMask } from './stopwords.js';

export interface Keyphrases {
  /** 1–3-word phrases, most salient first */
  topics: string[];
  /** content words, most frequent first */
  keywords: string[];
}

const MAX_PHRASE_WORDS = 3;
/** In a lexeme's stop-word mask, beside the language bits: a negator, never a keyword. */
const NEGATOR_BIT = 1 << 20;

function excludedMask(lexeme: Lexeme): number {
  if (lexeme.stopwords < 0) lexeme.stopwords = stopwordMask(lexeme.text) | (NEGATORS.has(lexeme.text) ? NEGATOR_BIT : 0);
  return lexeme.stopwords;
}

/**
 * Runs of content words between stop-words and punctuation are the candidate phrases
 * (RAKE-style); a phrase scores the mean frequency of its words plus a bonus per extra word,
 * so a repeated pair beats a longer phrase seen once.
 */
export function extractKeyphrases(tokens: readonly Token[], language: string, maxTopics: number, maxKeywords: number): Keyphrases {
  const excluded = stopwordBit(language) | NEGATOR_BIT;
  const frequency = new Map<string, number>();
  /** content words in text order; runEnds[k] is where run k stops */
  const words: string[] = [];
  const runEnds: number[] = [];
  for (const token of tokens) {
    const word = token.text;
    if (token.kind !== TokenKind.Word || word.length < 3 || (excludedMask(token.lexeme) & excluded) !== 0) {
      if (words.length > (runEnds.length === 0 ? 0 : (runEnds[runEnds.length - 1] as number))) runEnds.push(words.length);
      continue;
    }
    frequency.set(word, (frequency.get(word) ?? 0) + 1);
    words.push(word);
  }
  if (words.length > (runEnds.length === 0 ? 0 : (runEnds[runEnds.length - 1] as number))) runEnds.push(words.length);

  // Most posts repeat no content word: then keywords keep text order, and phrases rank by size, then text order.
  const repeats = frequency.size < words.length;
  const keywords = repeats
    ? [...frequency.keys()]
        .map((word, order) => ({ word, order, count: frequency.get(word) as number }))
        .sort((a, b) => b.count - a.count || a.order - b.order)
        .slice(0, maxKeywords)
        .map((entry) => entry.word)
    : words.slice(0, maxKeywords);

  // Candidate phrases as (first word, size, score), in text order; identical phrases tie on score
  // and sort after their first occurrence, which the containment test below then drops.
  const starts: number[] = [];
  const sizes: number[] = [];
  const scores: number[] = [];
  let runStart = 0;
  for (const runEnd of runEnds) {
    const size = Math.min(runEnd - runStart, MAX_PHRASE_WORDS);
    for (let start = runStart; start + size <= runEnd; start++) {
      let sum = 0;
      if (repeats) for (let k = start; k < start + size; k++) sum += frequency.get(words[k] as string) as number;
      else sum = size;
      starts.push(start);
      sizes.push(size);
      scores.push(sum / size + 0.3 * (size - 1));
    }
    runStart = runEnd;
  }
  const order = starts.map((_, index) => index).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  const topics: string[] = [];
  for (const candidate of order) {
    if (topics.length >= maxTopics) break;
    const start = starts[candidate] as number;
    const size = sizes[candidate] as number;
    const phrase = size === 1 ? (words[start] as string) : words.slice(start, start + size).join(' ');
    if (topics.some((chosen) => chosen.includes(phrase))) continue;
    topics.push(phrase);
  }
  return { topics, keywords };
}
