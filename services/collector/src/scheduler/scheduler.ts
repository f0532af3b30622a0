import type { SourceConfig } from '@vigie/core';
import { connectorFor } from '../connectors/index.js';
import type { Connector } from '../connectors/types.js';
import { SourceRunner, type RunnerDeps, type SourceHealth } from './source-runner.js';

/** Pushed sources (webhook, file import) have no connector to schedule. */
const PUSHED = new Set(['webhook', 'import']);

/**
 * Keeps one runner per enabled source and applies configuration changes without a restart:
 * new sources start, changed ones restart, removed or disabled ones stop. A failing source never
 * blocks the others: each runs on its own timer and its errors stay in its runner.
 */
export class Scheduler {
  private readonly runners = new Map<string, { runner: SourceRunner; snapshot: string }>();
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly connectors: ReadonlyMap<string, Connector>,
    private readonly deps: RunnerDeps,
    private readonly options: { runNow?: boolean } = {},
  ) {}

  /** Apply a full list of sources; calls are serialised so quick successive changes cannot interleave. */
  apply(sources: SourceConfig[]): Promise<void> {
    this.applying = this.applying.then(() => this.reconcile(sources)).catch((error: unknown) => {
      this.deps.log.error({ err: error }, 'could not apply the source configuration');
    });
    return this.applying;
  }

  health(): SourceHealth[] {
    return [...this.runners.values()].map(({ runner }) => ({ ...runner.health }));
  }

  runner(sourceId: string): SourceRunner | undefined {
    return this.runners.get(sourceId)?.runner;
  }

  async stop(): Promise<void> {
    await this.applying;
    await Promise.all([...this.runners.values()].map(({ runner }) => runner.stop()));
    this.runners.clear();
  }

  private async reconcile(sources: SourceConfig[]): Promise<void> {
    const wanted = new Map(sources.filter((s) => s.enabled && !PUSHED.has(s.type)).map((s) => [s.id, s]));
    for (const [id, { runner, snapshot }] of this.runners) {
      const next = wanted.get(id);
      if (next && JSON.stringify(next) === snapshot) continue;
      await runner.stop();
      this.runners.delete(id);
      this.deps.log.info({ source: id }, next ? 'source changed; restarting it' : 'source removed or disabled; stopped');
    }
    for (const [id, source] of wanted) {
      if (this.runners.has(id)) continue;
      const connector = connectorFor(this.connectors, source);
      if (!connector) {
        this.deps.log.error({ source: id, type: source.type }, `no connector for source type '${source.type}'; source not scheduled`);
        continue;
      }
      const runner = new SourceRunner(source, connector, this.deps);
      this.runners.set(id, { runner, snapshot: JSON.stringify(source) });
      runner.start({ runNow: this.options.runNow });
      this.deps.log.info({ source: id, type: source.type, schedule: source.schedule, mode: connector.mode }, 'source scheduled');
    }
  }
}
