import { type Token, TokenKind } from '../normalize/tokenize.js';
import { NEGATORS } from '../sentiment/cues.js';
import { stopwordsFor } from './stopwords.js';

export interface Keyphrases {
  /** 1–3-word phrases, most salient first */
  topics: string[];
  /** content words, most frequent first */
  keywords: string[];
}

const MAX_PHRASE_WORDS = 3;

/**
 * Runs of content words between stop-words and punctuation are the candidate phrases
 * (RAKE-style); a phrase scores the mean frequency of its words plus a bonus per extra word,
 * so a repeated pair beats a longer phrase seen once.
 */
export function extractKeyphrases(tokens: readonly Token[], language: string, maxTopics: number, maxKeywords: number): Keyphrases {
  const stopwords = stopwordsFor(language);
  const frequency = new Map<string, number>();
  const runs: string[][] = [];
  let run: string[] = [];
  const closeRun = (): void => {
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (const token of tokens) {
    const word = token.text;
    if (token.kind !== TokenKind.Word || word.length < 3 || stopwords.has(word) || NEGATORS.has(word)) {
      closeRun();
      continue;
    }
    frequency.set(word, (frequency.get(word) ?? 0) + 1);
    run.push(word);
  }
  closeRun();

  const keywords = [...frequency.keys()]
    .map((word, order) => ({ word, order, count: frequency.get(word) as number }))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, maxKeywords)
    .map((entry) => entry.word);

  const scored = new Map<string, { score: number; order: number }>();
  let order = 0;
  for (const words of runs) {
    const size = Math.min(words.length, MAX_PHRASE_WORDS);
    for (let start = 0; start + size <= words.length; start++) {
      const phraseWords = words.slice(start, start + size);
      const phrase = phraseWords.join(' ');
      if (scored.has(phrase)) continue;
      const score = phraseWords.reduce((sum, word) => sum + (frequency.get(word) as number), 0) / size + 0.3 * (size - 1);
      scored.set(phrase, { score, order: order++ });
    }
  }
  const topics: string[] = [];
  for (const [phrase] of [...scored].sort((a, b) => b[1].score - a[1].score || a[1].order - b[1].order)) {
    if (topics.length >= maxTopics) break;
    if (topics.some((chosen) => chosen.includes(phrase))) continue;
    topics.push(phrase);
  }
  return { topics, keywords };
}
