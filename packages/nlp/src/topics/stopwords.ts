import { createRequire } from 'node:module';
import { foldWord } from '../normalize/fold.js';
import { tokenize } from '../normalize/tokenize.js';

const STOPWORD_LANGUAGES = ['en', 'fr', 'es', 'de', 'it', 'pt'] as const;
/** Social-media noise that no stop-word list carries. */
const SOCIAL_NOISE = ['rt', 'via', 'http', 'https', 'amp', 'www', 'com', 'lol', 'mdr', 'cc', 'dm', 'pls', 'plz', 'user'];

const lists = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;

/**
 * The words folded, and those with an apostrophe also as the tokenizer gives them (`quelqu'un` is the token
 * `quelquun`, `c'est` the token `est`): keyphrases compare tokens, which never hold an apostrophe.
 */
function foldedSet(words: Iterable<string>): Set<string> {
  const set = new Set<string>();
  for (const word of words) {
    set.add(foldWord(word));
    if (/['’]/.test(word)) for (const token of tokenize(word)) set.add(token.text);
  }
  return set;
}

const english = foldedSet([...(lists.en ?? []), ...SOCIAL_NOISE]);
const byLanguage = new Map<string, ReadonlySet<string>>(
  STOPWORD_LANGUAGES.map((language) => [language, language === 'en' ? english : foldedSet([...(lists[language] ?? []), ...english])]),
);

/** Stop-words of a language plus English ones (English is mixed into every language online); French+English when unknown. */
export function stopwordsFor(language: string): ReadonlySet<string> {
  return byLanguage.get(language) ?? (byLanguage.get('fr') as ReadonlySet<string>);
}

/** Bit of a language in a stop-word mask ({@link stopwordMask}); French for languages without a list. */
export function stopwordBit(language: string): number {
  const index = STOPWORD_LANGUAGES.indexOf(language as (typeof STOPWORD_LANGUAGES)[number]);
  return 1 << (index < 0 ? STOPWORD_LANGUAGES.indexOf('fr') : index);
}

/** Every stop-word of any language -> the bits of the languages whose lists hold it. */
const masks = new Map<string, number>();
STOPWORD_LANGUAGES.forEach((language, index) => {
  for (const word of byLanguage.get(language) ?? []) masks.set(word, (masks.get(word) ?? 0) | (1 << index));
});

/** Which languages' stop-word lists hold `word`, one bit per language. */
export function stopwordMask(word: string): number {
  return masks.get(word) ?? 0;
}
