import type { Kafka } from 'kafkajs';
import { type Logger } from '@vigie/core';
export interface DemoSourceOptions {
    /** Live mentions per second (default 5). */
    rate?: number;
    /** Hours of back-dated history produced at start so charts have a shape (default 24; 0 for none). */
    backfillHours?: number;
    /** Back-dated mentions per hour of history (default 100). */
    backfillPerHour?: number;
    /** Length of the cycle and of the negative episode (an outage at Luméo) inside it; default 10 min and 3 min. */
    cycleMs?: number;
    episodeMs?: number;
    /** Topic prefix; default `VIGIE_PREFIX`. */
    prefix?: string;
    seed?: number;
    kafka?: Kafka;
    logger?: Logger;
}
export interface RunningDemoSource {
    /** Mentions produced so far (history included). */
    produced(): number;
    stop(): Promise<void>;
}
/** Produce the demo stream to the raw topic, as a collector would: history first, then a steady live rate. */
export declare function startDemoSource(options?: DemoSourceOptions): Promise<RunningDemoSource>;
