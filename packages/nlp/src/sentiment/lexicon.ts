import { readFileSync } from 'node:fs';

/** Polarity lexicons shipped in model/lexicon.json, built by the training script. */
export interface SentimentLexicon {
  /** the languages of `words`, in a fixed order */
  readonly languages: readonly string[];
  /** language -> folded word or `word word` bigram -> polarity in -5..5 */
  readonly words: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly emojis: ReadonlyMap<string, number>;
  /** language -> first words of the bigram entries, so most words skip the bigram lookup */
  readonly bigramStarts: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface LexiconFile {
  words: Record<string, Record<string, number>>;
  emojis: Record<string, number>;
}

export function lexiconFromJson(file: LexiconFile): SentimentLexicon {
  const words = new Map<string, ReadonlyMap<string, number>>();
  const bigramStarts = new Map<string, ReadonlySet<string>>();
  for (const [language, entries] of Object.entries(file.words)) {
    words.set(language, new Map(Object.entries(entries)));
    const starts = new Set<string>();
    for (const entry of Object.keys(entries)) {
      const space = entry.indexOf(' ');
      if (space > 0) starts.add(entry.slice(0, space));
    }
    bigramStarts.set(language, starts);
  }
  return { languages: [...words.keys()], words, emojis: new Map(Object.entries(file.emojis)), bigramStarts };
}

export function loadLexicon(url: URL): SentimentLexicon {
  return lexiconFromJson(JSON.parse(readFileSync(url, 'utf8')) as LexiconFile);
}
