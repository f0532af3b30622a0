import type { Brand as BrandConfig } from '@vigie/core';
import { intern, type Lexeme } from '../normalize/lexeme.js';
import type { QueryField, QueryNode, WordPattern } from './ast.js';
import { parseQuery } from './parse.js';
import { PhraseIndex } from './phrase-index.js';

/**
 * A monitored brand as configured in core (its boolean query and the aspects to follow);
 * aspects and competitors may be left out.
 */
export type Brand = Pick<BrandConfig, 'id' | 'name' | 'query'> & Partial<Pick<BrandConfig, 'aspects' | 'competitors'>>;

export interface BrandMatch {
  brand: string;
  /** the query terms (as written in the query) that matched */
  terms: string[];
}

/** Facts of the mention that field filters (`lang:`, `source:`, `author:`) test. */
export type MentionFacts = Readonly<Record<QueryField, readonly string[]>>;

type CompiledNode =
  | { type: 'leaf'; leaf: number }
  | { type: 'field'; field: QueryField; value: WordPattern }
  | { type: 'and' | 'or'; children: CompiledNode[] }
  | { type: 'not'; child: CompiledNode }
  | { type: 'near'; distance: number; left: CompiledNode; right: CompiledNode };

export interface CompiledBrand {
  readonly brand: Brand;
  readonly index: number;
  readonly root: CompiledNode;
  /** leaves outside any NOT: the ones reported as matched terms */
  readonly positiveLeaves: readonly number[];
}

export interface CompiledBrands {
  readonly brands: readonly CompiledBrand[];
  readonly byId: ReadonlyMap<string, CompiledBrand>;
  readonly leafSources: readonly string[];
  readonly leafBrands: readonly (readonly number[])[];
  readonly terms: PhraseIndex;
  /** brands whose query can hold without any term (e.g. `lang:fr AND NOT spam`): always evaluated */
  readonly termless: readonly number[];
}

/** Inclusive word spans where a leaf matched, per leaf id. */
export type LeafMatches = ReadonlyMap<number, readonly (readonly [number, number])[]>;

/** True when the node can only hold if some term matched. */
function requiresTerm(node: CompiledNode): boolean {
  switch (node.type) {
    case 'leaf':
    case 'near':
      return true;
    case 'field':
    case 'not':
      return false;
    case 'and':
      return node.children.some(requiresTerm);
    case 'or':
      return node.children.every(requiresTerm);
  }
}

/**
 * Parse every brand query once and index all their terms together.
 * Throws the first {@link QuerySyntaxError}, with the brand id in its message.
 */
export function compileBrands(brands: readonly Brand[]): CompiledBrands {
  const terms = new PhraseIndex();
  const leafIds = new Map<string, number>();
  const leafSources: string[] = [];
  const leafBrands: number[][] = [];
  const compiled: CompiledBrand[] = [];
  const termless: number[] = [];

  brands.forEach((brand, brandIndex) => {
    let ast: QueryNode;
    try {
      ast = parseQuery(brand.query);
    } catch (error) {
      if (error instanceof Error) error.message = `brand '${brand.id}': ${error.message}`;
      throw error;
    }
    const positiveLeaves: number[] = [];
    const convert = (node: QueryNode, negated: boolean): CompiledNode => {
      switch (node.type) {
        case 'term': {
          const key = node.words.map((word) => (word.prefix ? `${word.text}*` : word.text)).join(' ');
          let leaf = leafIds.get(key);
          if (leaf === undefined) {
            leaf = leafSources.length;
            leafIds.set(key, leaf);
            leafSources.push(node.source);
            leafBrands.push([]);
            terms.add(node.words, leaf);
          }
          const owners = leafBrands[leaf] as number[];
          if (!owners.includes(brandIndex)) owners.push(brandIndex);
          if (!negated && !positiveLeaves.includes(leaf)) positiveLeaves.push(leaf);
          return { type: 'leaf', leaf };
        }
        case 'field':
          return { type: 'field', field: node.field, value: node.value };
        case 'and':
        case 'or':
          return { type: node.type, children: node.children.map((child) => convert(child, negated)) };
        case 'not':
          return { type: 'not', child: convert(node.child, !negated) };
        case 'near':
          return { type: 'near', distance: node.distance, left: convert(node.left, negated), right: convert(node.right, negated) };
      }
    };
    const root = convert(ast, false);
    compiled.push({ brand, index: brandIndex, root, positiveLeaves });
    if (!requiresTerm(root)) termless.push(brandIndex);
  });

  return {
    brands: compiled,
    byId: new Map(compiled.map((entry) => [entry.brand.id, entry])),
    leafSources,
    leafBrands,
    terms,
    termless,
  };
}

function fieldMatches(value: WordPattern, candidates: readonly string[]): boolean {
  for (const candidate of candidates) {
    if (value.prefix ? candidate.startsWith(value.text) : candidate === value.text) return true;
  }
  return false;
}

function spansOf(node: CompiledNode, matches: LeafMatches): (readonly [number, number])[] {
  switch (node.type) {
    case 'leaf':
      return [...(matches.get(node.leaf) ?? [])];
    case 'or':
      return node.children.flatMap((child) => spansOf(child, matches));
    case 'near': {
      const spans: [number, number][] = [];
      for (const left of spansOf(node.left, matches)) {
        for (const right of spansOf(node.right, matches)) {
          const gap = left[1] < right[0] ? right[0] - left[1] - 1 : left[0] - right[1] - 1;
          if (gap <= node.distance) spans.push([Math.min(left[0], right[0]), Math.max(left[1], right[1])]);
        }
      }
      return spans;
    }
    default:
      return [];
  }
}

function evaluate(node: CompiledNode, matches: LeafMatches, facts: MentionFacts): boolean {
  switch (node.type) {
    case 'leaf':
      return matches.has(node.leaf);
    case 'field':
      return fieldMatches(node.value, facts[node.field]);
    case 'and':
      return node.children.every((child) => evaluate(child, matches, facts));
    case 'or':
      return node.children.some((child) => evaluate(child, matches, facts));
    case 'not':
      return !evaluate(node.child, matches, facts);
    case 'near':
      return spansOf(node, matches).length > 0;
  }
}

const NO_MATCHES: LeafMatches = new Map();

/** Find every term of every query in the mention's normalised words; undefined when none is there (most mentions). */
export function scanTerms(compiled: CompiledBrands, words: readonly Lexeme[]): Map<number, [number, number][]> | undefined {
  let matches: Map<number, [number, number][]> | undefined;
  if (compiled.terms.size === 0) return matches;
  compiled.terms.scanLexemes(words, (leaf, start, end) => {
    matches ??= new Map();
    const spans = matches.get(leaf);
    if (spans) spans.push([start, end]);
    else matches.set(leaf, [[start, end]]);
  });
  return matches;
}

/**
 * Brands whose query holds for the mention. Only brands owning a matched term (or whose
 * query needs no term) are evaluated, so the cost follows the mention, not the brand count.
 */
export function matchBrands(compiled: CompiledBrands, words: readonly string[], facts: MentionFacts): BrandMatch[] {
  return matchBrandTerms(compiled, words.map(intern), facts);
}

/** {@link matchBrands} over the interned words analyze() already has. */
export function matchBrandTerms(compiled: CompiledBrands, words: readonly Lexeme[], facts: MentionFacts): BrandMatch[] {
  const matches = scanTerms(compiled, words) ?? NO_MATCHES;
  if (matches.size === 0 && compiled.termless.length === 0) return [];
  const candidates = new Set<number>(compiled.termless);
  for (const leaf of matches.keys()) for (const brand of compiled.leafBrands[leaf] as number[]) candidates.add(brand);
  const result: BrandMatch[] = [];
  for (const brandIndex of [...candidates].sort((a, b) => a - b)) {
    const brand = compiled.brands[brandIndex] as CompiledBrand;
    if (!evaluate(brand.root, matches, facts)) continue;
    const terms = brand.positiveLeaves.filter((leaf) => matches.has(leaf)).map((leaf) => compiled.leafSources[leaf] as string);
    result.push({ brand: brand.brand.id, terms });
  }
  return result;
}

/** Evaluate one standalone query (e.g. from the API) against normalised words. */
export function compileQuery(query: string): (words: readonly string[], facts: MentionFacts) => boolean {
  const compiled = compileBrands([{ id: 'query', name: 'query', query }]);
  return (words, facts) => matchBrands(compiled, words, facts).length > 0;
}
