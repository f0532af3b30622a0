import { readFileSync } from 'node:fs';

/** Polarity lexicons shipped in model/lexicon.json, built by the training script. */
export interface SentimentLexicon {
  /** the languages of `words`, in a fixed order */
  readonly languages: readonly string[];
  /** language -> folded word or `word word` bigram -> polarity in -5..5 */
  readonly words: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly emojis: ReadonlyMap<string, number>;
  /** language -> first word -> second word -> polarity: the `word word` entries of `words`, looked up without building the pair */
  readonly bigrams: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, number>>>;
}

export interface LexiconFile {
  words: Record<string, Record<string, number>>;
  emojis: Record<string, number>;
}

export function lexiconFromJson(file: LexiconFile): SentimentLexicon {
  const words = new Map<string, ReadonlyMap<string, number>>();
  const bigrams = new Map<string, ReadonlyMap<string, ReadonlyMap<string, number>>>();
  for (const [language, entries] of Object.entries(file.words)) {
    words.set(language, new Map(Object.entries(entries)));
    const byFirst = new Map<string, Map<string, number>>();
    for (const [entry, polarity] of Object.entries(entries)) {
      const space = entry.indexOf(' ');
      if (space <= 0) continue;
      const first = entry.slice(0, space);
      let seconds = byFirst.get(first);
      if (seconds === undefined) byFirst.set(first, (seconds = new Map()));
      seconds.set(entry.slice(space + 1), polarity);
    }
    bigrams.set(language, byFirst);
  }
  return { languages: [...words.keys()], words, emojis: new Map(Object.entries(file.emojis)), bigrams };
}

export function loadLexicon(url: URL): SentimentLexicon {
  return lexiconFromJson(JSON.parse(readFileSync(url, 'utf8')) as LexiconFile);
}
