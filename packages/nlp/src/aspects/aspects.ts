import type { CompiledBrands } from '../query/brands.js';
import { PhraseIndex } from '../query/phrase-index.js';
import { parseTerm } from '../query/parse.js';

export interface AspectEntry {
  readonly brandIndex: number;
  readonly name: string;
}

/** All aspect terms of all brands in one index; ids point into `entries`. */
export interface CompiledAspects {
  readonly index: PhraseIndex;
  readonly entries: readonly AspectEntry[];
}

export function compileAspects(brands: CompiledBrands): CompiledAspects {
  const index = new PhraseIndex();
  const entries: AspectEntry[] = [];
  for (const compiled of brands.brands) {
    for (const aspect of compiled.brand.aspects ?? []) {
      const id = entries.length;
      entries.push({ brandIndex: compiled.index, name: aspect.name });
      for (const term of aspect.terms) {
        const words = parseTerm(term);
        if (words.length > 0) index.add(words, id);
      }
    }
  }
  return { index, entries };
}
