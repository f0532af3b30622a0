import cron, { type ScheduledTask } from 'node-cron';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Producer } from 'kafkajs';
import { deadLetterMessage, ValidationError, type RawMention, type SourceConfig } from '@vigie/core';
import type { Message } from 'kafkajs';
import type { Logger } from 'pino';
import type { CheckpointStore } from '../checkpoints/store.js';
import type { Connector, ConnectorContext, Page } from '../connectors/types.js';
import { DEFAULT_HTTP_POLICY, HttpClient, type HttpPolicy } from '../http/client.js';
import { completeMention, produceMentions } from '../mentions.js';
import type { CollectorMetrics } from '../metrics.js';

export interface RunnerDeps {
  checkpoints: CheckpointStore;
  producer: Producer;
  topic: string;
  /** Where items the source returns but the mention schema refuses go, with the reason. */
  deadLetterTopic: string;
  metrics: CollectorMetrics;
  log: Logger;
  http?: Partial<HttpPolicy>;
  env?: NodeJS.ProcessEnv;
}

export interface SourceHealth {
  source: string;
  type: string;
  mode: 'poll' | 'stream';
  running: boolean;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
  consecutiveFailures: number;
  produced: number;
}

export interface RunResult {
  produced: number;
  skipped: number;
  invalid: number;
}

/** Runs one configured source: on its cron schedule (poll) or continuously (stream). */
export class SourceRunner {
  private readonly abort = new AbortController();
  private task?: ScheduledTask;
  private current?: Promise<unknown>;
  private readonly log: Logger;
  private readonly http: HttpClient;
  readonly health: SourceHealth;

  constructor(
    readonly source: SourceConfig,
    private readonly connector: Connector,
    private readonly deps: RunnerDeps,
  ) {
    this.log = deps.log.child({ source: source.id, type: source.type });
    this.health = { source: source.id, type: source.type, mode: connector.mode, running: false, consecutiveFailures: 0, produced: 0 };
    this.http = this.createHttp();
  }

  start(options: { runNow?: boolean } = {}): void {
    if (this.connector.mode === 'stream') {
      this.current = this.streamLoop();
      return;
    }
    this.task = cron.schedule(this.source.schedule, () => this.runGuarded(), { name: `source:${this.source.id}`, noOverlap: true });
    if (options.runNow ?? true) void this.runGuarded();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.task?.destroy();
    await this.current?.catch(() => undefined);
  }

  /** One poll: every page until caught up. Rejects with the error that stopped it (already counted). */
  async runOnce(): Promise<RunResult> {
    const result: RunResult = { produced: 0, skipped: 0, invalid: 0 };
    const seen = new Set<string>();
    this.health.running = true;
    try {
      const cursor = await this.deps.checkpoints.load(this.source);
      for await (const page of this.connector.run(this.context(), cursor)) {
        await this.commit(page, seen, result);
        if (this.abort.signal.aborted) break;
      }
      this.succeeded();
      return result;
    } catch (error) {
      this.failed(error);
      throw error;
    } finally {
      this.health.running = false;
    }
  }

  private runGuarded(): Promise<unknown> {
    if (this.health.running || this.abort.signal.aborted) return Promise.resolve();
    this.current = this.runOnce().catch(() => undefined);
    return this.current;
  }

  private async streamLoop(): Promise<void> {
    let backoffMs = 1_000;
    while (!this.abort.signal.aborted) {
      const seen = new Set<string>();
      const result: RunResult = { produced: 0, skipped: 0, invalid: 0 };
      this.health.running = true;
      try {
        const cursor = await this.deps.checkpoints.load(this.source);
        for await (const page of this.connector.run(this.context(), cursor)) {
          await this.commit(page, seen, result);
          this.succeeded();
          backoffMs = 1_000;
          if (this.abort.signal.aborted) break;
        }
      } catch (error) {
        if (this.abort.signal.aborted) break;
        this.failed(error);
      }
      this.health.running = false;
      if (this.abort.signal.aborted) break;
      const delay = backoffMs / 2 + Math.random() * (backoffMs / 2);
      this.log.info({ delayMs: Math.round(delay) }, 'stream ended; reconnecting from the last checkpoint');
      await sleep(delay, undefined, { signal: this.abort.signal }).catch(() => undefined);
      backoffMs = Math.min(backoffMs * 2, 60_000);
    }
  }

  /** Produce a page, wait for Kafka's acks, then (and only then) store its cursor. */
  private async commit(page: Page<unknown>, seen: Set<string>, result: RunResult): Promise<void> {
    const labels = { source: this.source.id };
    const collectedAt = new Date().toISOString();
    const mentions: RawMention[] = [];
    const deadLetters: Message[] = [];
    let duplicates = page.skipped ?? 0;
    this.deps.metrics.fetched.inc(labels, page.mentions.length + (page.skipped ?? 0));
    for (const draft of page.mentions) {
      try {
        const mention = completeMention(draft, this.source, collectedAt);
        if (seen.has(mention.id)) {
          duplicates += 1;
          continue;
        }
        seen.add(mention.id);
        mentions.push(mention);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        result.invalid += 1;
        this.deps.metrics.invalid.inc(labels);
        this.log.warn({ sourceId: draft.sourceId, issues: error.issues }, 'item does not satisfy the mention schema; sent to the DLQ');
        deadLetters.push(deadLetterMessage({
          stage: 'collector',
          reason: `source '${this.source.id}': ${error.message}`,
          key: Buffer.from(String(draft.sourceId ?? '')),
          value: Buffer.from(JSON.stringify(draft)),
          headers: {},
        }));
      }
    }
    await produceMentions(this.deps.producer, this.deps.topic, mentions);
    if (deadLetters.length > 0) await this.deps.producer.send({ topic: this.deps.deadLetterTopic, messages: deadLetters, acks: -1 });
    await this.deps.checkpoints.save(this.source, page.cursor);
    result.produced += mentions.length;
    result.skipped += duplicates;
    this.health.produced += mentions.length;
    this.deps.metrics.produced.inc(labels, mentions.length);
    this.deps.metrics.duplicates.inc(labels, duplicates);
  }

  /** One HTTP client per source, so its rate limit and any Retry-After pause span runs. */
  private createHttp(): HttpClient {
    const labels = { source: this.source.id };
    const policy: HttpPolicy = {
      ...DEFAULT_HTTP_POLICY,
      ...this.deps.http,
      ...(this.source.rateLimitPerMinute ? { ratePerMinute: this.source.rateLimitPerMinute } : {}),
    };
    return new HttpClient(
      policy,
      {
        onResponse: (status) => this.deps.metrics.responses.inc({ ...labels, status: String(status) }),
        onRetry: (reason, attempt) => {
          this.deps.metrics.retries.inc(labels);
          this.log.warn({ attempt, reason }, 'request failed; retrying with backoff');
        },
      },
      this.abort.signal,
    );
  }

  private context(): ConnectorContext {
    const env = this.deps.env ?? process.env;
    return {
      source: this.source,
      http: this.http,
      secret: (name) => {
        const variable = this.source.secrets[name];
        return variable ? env[variable] : undefined;
      },
      log: this.log,
      signal: this.abort.signal,
      now: () => new Date(),
    };
  }

  private succeeded(): void {
    this.health.lastSuccessAt = new Date().toISOString();
    this.health.consecutiveFailures = 0;
    this.deps.metrics.lastSuccess.set({ source: this.source.id }, Date.now() / 1000);
  }

  private failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.health.lastErrorAt = new Date().toISOString();
    this.health.lastError = message;
    this.health.consecutiveFailures += 1;
    this.deps.metrics.errors.inc({ source: this.source.id, kind: 'run' });
    this.log.error({ err: error }, 'source run failed; its checkpoint stays where it was');
  }
}
