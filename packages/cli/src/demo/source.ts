import type { Kafka } from 'kafkajs';
import { createKafka, createLogger, createProducer, ensureTopics, readEnv, topicNames, type Logger } from '@vigie/core';
import { createDemoStream } from './stream.js';

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

const TICK_MS = 200;

/** Produce the demo stream to the raw topic, as a collector would: history first, then a steady live rate. */
export async function startDemoSource(options: DemoSourceOptions = {}): Promise<RunningDemoSource> {
  const prefix = options.prefix ?? readEnv().namePrefix;
  const log = options.logger ?? createLogger('demo');
  const kafka = options.kafka ?? createKafka('vigie-demo');
  const topic = topicNames(prefix).raw;
  const rate = options.rate ?? 5;
  const cycleMs = options.cycleMs ?? 10 * 60_000;
  const episodeMs = options.episodeMs ?? 3 * 60_000;
  const stream = createDemoStream({ seed: options.seed });
  // The outage starts one minute into each cycle, so a new user sees it early.
  const started = Date.now();
  const inEpisode = (at: number) => {
    const phase = (((at - started - 60_000) % cycleMs) + cycleMs) % cycleMs;
    return at - started >= 60_000 && phase < episodeMs;
  };

  await ensureTopics(kafka, prefix);
  const producer = createProducer(kafka);
  await producer.connect();
  let produced = 0;
  const send = async (mentions: ReturnType<typeof stream.next>[]) => {
    if (mentions.length === 0) return;
    await producer.send({ topic, acks: -1, messages: mentions.map((m) => ({ key: m.id, value: JSON.stringify(m) })) });
    produced += mentions.length;
  };

  const hours = options.backfillHours ?? 24;
  const perHour = options.backfillPerHour ?? 100;
  const history = [];
  for (let i = hours * perHour; i > 0; i -= 1) history.push(stream.next(new Date(started - (i * 3_600_000) / perHour), false));
  for (let i = 0; i < history.length; i += 500) await send(history.slice(i, i + 500));
  if (history.length > 0) log.info({ mentions: history.length, hours }, 'demo history produced');

  // A steady rate: each tick produces what the elapsed time owes, tripled during the outage.
  let owed = 0;
  let last = Date.now();
  let wasEpisode = false;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const now = Date.now();
    const episode = inEpisode(now);
    if (episode !== wasEpisode) log.info(episode ? 'demo: Luméo network outage begins (negative episode)' : 'demo: outage over');
    wasEpisode = episode;
    owed += ((now - last) / 1000) * rate * (episode ? 3 : 1);
    last = now;
    const count = Math.floor(owed);
    owed -= count;
    busy = true;
    send(Array.from({ length: count }, () => stream.next(new Date(), episode)))
      .catch((error: unknown) => log.warn({ err: error }, 'demo source could not produce; retrying on the next tick'))
      .finally(() => {
        busy = false;
      });
  }, TICK_MS);

  return {
    produced: () => produced,
    async stop() {
      clearInterval(timer);
      while (busy) await new Promise((resolve) => setTimeout(resolve, 20));
      await producer.disconnect();
    },
  };
}
