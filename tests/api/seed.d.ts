import type { Client } from '@elastic/elasticsearch';
import { type IndexNames, type MentionDocument } from '@vigie/core';
/** Deterministic generator (mulberry32) so a seed always gives the same dataset. */
export declare function random(seed: number): () => number;
export declare const SEED_BRANDS: {
    id: string;
    name: string;
    query: string;
    aspects: {
        name: string;
        terms: string[];
    }[];
    competitors: string[];
}[];
export interface SeedOptions {
    /** Publication dates are spread evenly over [from, to). */
    from: Date;
    to: Date;
    seed?: number;
    /** Offset of the first sourceId, so several batches do not collide. */
    offset?: number;
}
/** A realistic indexed mention: what the analyzer and indexer would have written, valid against the strict mapping. */
export declare function makeMention(i: number, rand: () => number, options: SeedOptions): MentionDocument;
export declare function makeMentions(count: number, options: SeedOptions): MentionDocument[];
/** Bulk-index mentions into their monthly indices (behind the read alias); throws on the first rejected document. */
export declare function indexMentions(es: Client, names: IndexNames, mentions: Iterable<MentionDocument>, options?: {
    refresh?: boolean;
    chunk?: number;
}): Promise<number>;
/** A lazily generated stream of mentions, for datasets too large to hold in memory. */
export declare function generateMentions(count: number, options: SeedOptions): Generator<MentionDocument>;
/** Delete every index of a test prefix. */
export declare function dropPrefix(es: Client, prefix: string): Promise<void>;
/** A small but valid mention, for datasets of millions where seeding time matters more than variety. */
export declare function makeCompactMention(i: number, from: Date, spanMs: number): MentionDocument;
/** Seed `count` generated mentions with a few bulk requests in flight; returns when all are searchable. */
export declare function indexGenerated(es: Client, names: IndexNames, count: number, make: (i: number) => MentionDocument, options?: {
    onProgress?: (done: number) => void;
    parallel?: number;
    chunk?: number;
}): Promise<void>;
/** Seed `count` compact mentions (see makeCompactMention). */
export declare function indexCompactMentions(es: Client, names: IndexNames, count: number, options: {
    from: Date;
    to: Date;
    onProgress?: (done: number) => void;
    parallel?: number;
}): Promise<void>;
