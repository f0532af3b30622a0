import type { Analysis, RawMention } from '@vigie/core';
import { analyze, type AnalysisContext } from '@vigie/nlp';

/** What the analyzer adds to a raw mention to make it an enriched one. */
export type Enrichment = Analysis & { analyzedAt: string };

/**
 * The analysis of one mention, or `undefined` when it concerns no configured brand
 * (a source bound to brands puts them in `sourceBrands`, which analyze() counts as matched).
 */
export function analyzeMention(mention: RawMention, context: AnalysisContext, analyzedAt: string): Enrichment | undefined {
  const analysis = analyze(mention, context);
  if (analysis.brands.length === 0) return undefined;
  return Object.assign(analysis, { analyzedAt });
}
