import type { Token } from '../normalize/tokenize.js';

/** Words (already folded) that open a negation scope, all supported languages together. */
export const NEGATORS: ReadonlySet<string> = new Set([
  // en (apostrophes are dropped by the tokenizer: don't -> dont)
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'nor', 'neither', 'without', 'cannot', 'dont', 'doesnt', 'didnt',
  'isnt', 'arent', 'wasnt', 'werent', 'cant', 'couldnt', 'wont', 'wouldnt', 'shouldnt', 'aint', 'havent', 'hasnt',
  'hadnt', 'mustnt', 'neednt', 'nt',
  // fr
  'ne', 'pas', 'jamais', 'rien', 'aucun', 'aucune', 'ni', 'sans', 'guere',
  // es, it, pt
  'nunca', 'nada', 'sin', 'jamas', 'tampoco', 'ningun', 'ninguna', 'nadie', 'non', 'mai', 'niente', 'nessuno',
  'nessuna', 'senza', 'nao', 'nem', 'sem', 'ninguem', 'nenhum', 'nenhuma',
  // de
  'nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'nie', 'niemals', 'nichts', 'ohne', 'weder',
]);

/**
 * A negator followed by one of these words negates nothing: `can't believe how good`, `not only cheap`, `nothing but
 * praise` are praise (folded: `can't` -> `cant`).
 */
const NOT_NEGATING: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['cant', new Set(['believe'])], ['cannot', new Set(['believe'])], ['not', new Set(['only'])], ['nothing', new Set(['but'])],
]);

/** Whether the negator at `index` is one that negates nothing here (see NOT_NEGATING). */
export function negatesNothing(tokens: readonly Token[], index: number, end: number): boolean {
  const next = NOT_NEGATING.get((tokens[index] as Token).text);
  return next !== undefined && index + 1 < end && next.has((tokens[index + 1] as Token).text);
}

/** How many words after a negator stay negated, unless punctuation or a contrast word ends it first. */
export const NEGATION_SCOPE = 4;

export const INTENSIFIERS: ReadonlySet<string> = new Set([
  'tres', 'trop', 'vraiment', 'tellement', 'super', 'hyper', 'vachement', 'grave', 'completement', 'totalement',
  'extremement', 'absolument', 'si', 'very', 'really', 'so', 'too', 'extremely', 'totally', 'absolutely', 'completely',
  'super', 'incredibly', 'muy', 'realmente', 'demasiado', 'sehr', 'echt', 'total', 'voll', 'wirklich', 'molto',
  'troppo', 'davvero', 'veramente', 'muito', 'demais', 'realmente', 'mega', 'ultra',
]);

export const DOWNTONERS: ReadonlySet<string> = new Set([
  'peu', 'assez', 'plutot', 'moyennement', 'slightly', 'somewhat', 'kinda', 'barely', 'bit', 'poco', 'etwas', 'bisschen',
  'pouco',
]);

/** Words that turn the conversation: what follows them usually carries the writer's view. */
export const CONTRAST_WORDS: ReadonlySet<string> = new Set([
  'mais', 'cependant', 'pourtant', 'toutefois', 'neanmoins', 'but', 'however', 'though', 'although', 'yet', 'pero',
  'aunque', 'aber', 'jedoch', 'allerdings', 'ma', 'tuttavia', 'mas', 'porem', 'contudo', 'entretanto',
]);

/** Polarity of canonical emoticons (see the tokenizer's canonical forms), on the lexicon's -5..5 scale. */
export const EMOTICON_POLARITY: ReadonlyMap<string, number> = new Map([
  [':)', 2], [':D', 3], ['xD', 2], [';)', 2], [':P', 1], ['<3', 3], ['^^', 2], [':*', 2],
  [':(', -2], [":'(", -3], [':/', -1], [':|', -1], ['</3', -3], ['D:', -2], ['-_-', -1], ['>:(', -3],
]);

/**
 * What a negated word means when plain sign flipping is wrong: `pas terrible` is a complaint,
 * not praise. Keyed by language, then folded word.
 */
export const NEGATED_OVERRIDES: Readonly<Record<string, ReadonlyMap<string, number>>> = {
  fr: new Map([['terrible', -2], ['top', -2], ['ouf', -1], ['fou', -1], ['folichon', -2], ['fameux', -2], ['genial', -2]]),
  en: new Map([['bad', 1.5], ['terrible', 1], ['awful', 1], ['wrong', 1], ['worry', 1], ['worries', 1], ['problem', 1]]),
};

/** A fixed formula whose words mislead one by one: its folded tokens and what it means as a whole. */
export interface Formula {
  readonly words: readonly string[];
  /** on the lexicon's -5..5 scale; 0: no opinion */
  readonly polarity: number;
}

/**
 * Courtesy formulas that close a request (`merci d'avance`, `thanks in advance`) thank for nothing yet, so a
 * complaint or a question that ends with one is no praise: they carry no polarity. Ironic thanks (`merci pour
 * rien`, `thanks for nothing`) are complaints, as are `pas de réponse` and a price rise; `rien à redire` (nothing
 * to find fault with) is praise. Sentiment features read each formula as one lexicon hit and skip its words.
 * Folded tokens (the tokenizer drops elisions: `d'avance` -> `avance`).
 */
export const FORMULAS: readonly Formula[] = [
  ...[
    ['merci', 'avance'], ['merci', 'par', 'avance'], ['avance', 'merci'],
    ['thanks', 'in', 'advance'], ['thank', 'you', 'in', 'advance'], ['thx', 'in', 'advance'],
    ['gracias', 'de', 'antemano'], ['gracias', 'por', 'adelantado'], ['danke', 'im', 'voraus'], ['dank', 'im', 'voraus'],
    ['grazie', 'in', 'anticipo'], ['obrigado', 'desde', 'ja'], ['obrigada', 'desde', 'ja'], ['desde', 'ja', 'obrigado'],
    ['desde', 'ja', 'obrigada'],
  ].map((words) => ({ words, polarity: 0 })),
  // the "you're welcome" forms (`de rien`, `de nada`, `di niente`) are no formula: only "for nothing" is ironic
  ...[
    ['merci', 'pour', 'rien'], ['merci', 'du', 'cadeau'], ['thanks', 'for', 'nothing'], ['thank', 'you', 'for', 'nothing'],
    ['thx', 'for', 'nothing'], ['gracias', 'por', 'nada'], ['danke', 'fur', 'nichts'], ['grazie', 'per', 'niente'],
    ['obrigado', 'por', 'nada'], ['obrigada', 'por', 'nada'],
  ].map((words) => ({ words, polarity: -3 })),
  { words: ['rien', 'a', 'redire'], polarity: 2 },
  // a service that does not answer or connect (`pas de réponse`: `réponse` alone is no complaint)
  ...[
    ['pas', 'de', 'reponse'], ['pas', 'de', 'reseau'], ['pas', 'de', 'connexion'], ['pas', 'de', 'remboursement'],
  ].map((words) => ({ words, polarity: -2 })),
  // a price rise (`augmenté ses prix`, `hausse des tarifs`) is a complaint; `augmenté` alone is the translated AFINN's +1
  ...['augmente ses', 'augmente les', 'augmentation du', 'augmentation des', 'hausse du', 'hausse des', 'hausse de'].flatMap((opening) =>
    ['prix', 'tarif', 'tarifs'].map((noun) => ({ words: [...opening.split(' '), noun], polarity: -2 }))),
];

const formulasByFirstWord = new Map<string, Formula[]>();
for (const formula of FORMULAS) {
  const first = formula.words[0] as string;
  formulasByFirstWord.set(first, [...(formulasByFirstWord.get(first) ?? []), formula]);
}

/** The formula that starts at `index` and ends before `end`, if any. */
export function formulaAt(tokens: readonly Token[], index: number, end: number): Formula | undefined {
  const formulas = formulasByFirstWord.get((tokens[index] as Token).text);
  if (formulas === undefined) return undefined;
  return formulas.find(({ words }) => index + words.length <= end && words.every((word, offset) => (tokens[index + offset] as Token).text === word));
}

export const Cue = { Negator: 1, Intensifier: 2, Downtoner: 4, Contrast: 8, FormulaStart: 16, LanguageBound: 32 } as const;

/**
 * Cue words that are other words in other languages are cues only in these: `ma` is Italian "but" and French "my",
 * `mas` Portuguese "but" and Spanish "más" (more), `mais` French "but" and Portuguese "more", `mai` Italian "never"
 * and French "May", `si` French "so" and Spanish or Italian "if", `grave` French slang "very" and Spanish, Italian or
 * Portuguese "serious", `total` German "totally", `sin` Spanish "without" and English "sin".
 */
const CUE_LANGUAGES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['ma', new Set(['it'])], ['mas', new Set(['pt'])], ['mais', new Set(['fr'])], ['mai', new Set(['it'])], ['si', new Set(['fr'])],
  ['grave', new Set(['fr'])], ['total', new Set(['de'])], ['sin', new Set(['es'])],
]);

/** The cue bits of `word` (as CUES gives them) that hold in `language`. */
export function cueIn(word: string, cue: number, language: string): number {
  return cue & Cue.LanguageBound && !(CUE_LANGUAGES.get(word) as ReadonlySet<string>).has(language) ? 0 : cue;
}

/** Whether `word` turns the conversation in `language` (see CONTRAST_WORDS). */
export function isContrastWord(word: string, language: string): boolean {
  return (cueIn(word, CUES.get(word) ?? 0, language) & Cue.Contrast) !== 0;
}

/** All cue words in one map (word -> Cue bits), so a word costs one lookup. */
export const CUES: ReadonlyMap<string, number> = (() => {
  const cues = new Map<string, number>();
  const mark = (words: Iterable<string>, bit: number): void => {
    for (const word of words) cues.set(word, (cues.get(word) ?? 0) | bit);
  };
  mark(NEGATORS, Cue.Negator);
  mark(INTENSIFIERS, Cue.Intensifier);
  mark(DOWNTONERS, Cue.Downtoner);
  mark(CONTRAST_WORDS, Cue.Contrast);
  mark(formulasByFirstWord.keys(), Cue.FormulaStart);
  for (const word of CUE_LANGUAGES.keys()) if (cues.has(word)) mark([word], Cue.LanguageBound);
  return cues;
})();
