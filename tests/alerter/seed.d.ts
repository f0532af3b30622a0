import type { Client } from '@elastic/elasticsearch';
import { type IndexNames, type MentionDocument, type SentimentLabel } from '@vigie/core';
export interface SeedMention {
    brand: string;
    publishedAt: Date;
    label: SentimentLabel;
    text?: string;
    aspects?: string[];
    topics?: string[];
    keywords?: string[];
    reach?: number;
    author?: string;
    url?: string;
}
/** A mention document valid against the strict mention template, as the indexer would write it. */
export declare function mentionDocument(seed: SeedMention): MentionDocument;
/** Bulk-index mentions into their monthly indices (through the template), then refresh. */
export declare function seedMentions(es: Client, names: IndexNames, seeds: SeedMention[]): Promise<void>;
export declare function dropIndices(es: Client, prefix: string): Promise<void>;
/** Deterministic pseudo-random numbers (mulberry32), so noisy traffic is the same on every run. */
export declare function random(seed: number): () => number;
/** Poisson draw (Knuth), fine for the small means used here. */
export declare function poisson(rand: () => number, mean: number): number;
