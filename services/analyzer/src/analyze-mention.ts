import type { EnrichedMention, RawMention } from '@vigie/core';
import { analyze, type AnalysisContext } from '@vigie/nlp';

/**
 * Enrich one mention, or return `undefined` when it concerns no configured brand
 * (a source bound to brands puts them in `sourceBrands`, which analyze() counts as matched).
 */
export function analyzeMention(mention: RawMention, context: AnalysisContext, now = new Date()): EnrichedMention | undefined {
  const analysis = analyze(mention, context);
  if (analysis.brands.length === 0) return undefined;
  return { ...mention, ...analysis, analyzedAt: now.toISOString() };
}
