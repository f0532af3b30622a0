import { type RawMention } from '@vigie/core';
export interface DemoStreamOptions {
    seed?: number;
    /** Id namespace, so two runs with the same seed do not collide (default: the start time). */
    runId?: string;
}
export interface DemoStream {
    /** The next mention, published at `publishedAt`; `outage` adds the negative episode to the mix. */
    next(publishedAt: Date, outage: boolean): RawMention;
}
export declare function createDemoStream(options?: DemoStreamOptions): DemoStream;
