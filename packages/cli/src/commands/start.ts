import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import {
  ConfigStore, NotFoundError, createElasticsearch, createKafka, ensureTemplates, ensureTopics, indexNames, readEnv, type ConfigKind,
} from '@vigie/core';
import { demoConfig, startDemoSource, type RunningDemoSource } from '../demo/index.js';
import { repoRoot, stackPaths } from '../stack/paths.js';
import { stackUp } from '../stack/stack.js';

/** Every service `vigie start` runs, in start order (each one's `services/<name>/src/main.ts`). */
export const SERVICES = ['collector', 'analyzer', 'indexer', 'api', 'alerter'] as const;
type ServiceName = (typeof SERVICES)[number];

const STOP_GRACE_MS = 15_000;

function say(line: string): void {
  console.log(`${'vigie'.padEnd(9)} | ${line}`);
}

function launch(name: ServiceName): ChildProcess | undefined {
  const entry = join('services', name, 'src', 'main.ts');
  if (!existsSync(join(repoRoot, entry))) {
    say(`${name}: not built yet (no ${entry}); skipped`);
    return undefined;
  }
  // `node --import tsx` rather than the tsx wrapper: one process per service, so signals reach it directly.
  // Own process group: a terminal's Ctrl-C reaches only `vigie start`, which stops each service exactly once.
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: repoRoot, env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => console.log(`${name.padEnd(9)} | ${line}`));
  }
  child.once('exit', (code, signal) => say(`${name} exited (${signal ?? `code ${code}`})`));
  say(`${name} started (pid ${child.pid})`);
  return child;
}

/**
 * The API's bootstrap admin key: `VIGIE_ADMIN_KEY` when set, else one generated on the first start and kept in
 * `.vigie/admin-key` (readable by its owner only), so a newcomer can call the API right away.
 */
function adminKey(): { key: string; file?: string } {
  if (process.env.VIGIE_ADMIN_KEY) return { key: process.env.VIGIE_ADMIN_KEY };
  const file = join(stackPaths().home, 'admin-key');
  if (!existsSync(file)) {
    mkdirSync(stackPaths().home, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  }
  return { key: readFileSync(file, 'utf8').trim(), file };
}

/** Store the demo brands and alert rule unless they already exist (a user's edits are kept). */
async function seedDemoConfig(store: ConfigStore): Promise<void> {
  const seed = async (kind: ConfigKind, items: readonly { id: string }[]) => {
    for (const item of items) {
      try {
        await store.get(kind, item.id);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        await store.put(kind, item);
        say(`demo ${kind.replace('_', ' ')} '${item.id}' added`);
      }
    }
  };
  await seed('brand', demoConfig.brands);
  await seed('alert_rule', demoConfig.alertRules);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

export interface StartOptions {
  demo?: boolean;
  demoRate: number;
  engines: boolean;
}

/** Engines, then every service as a child process (and the demo stream); Ctrl-C stops them all cleanly. */
export async function startEverything(options: StartOptions): Promise<void> {
  if (options.engines) await stackUp();
  const env = readEnv();
  const kafka = createKafka('vigie-start');
  const es = createElasticsearch();
  const names = indexNames(env.namePrefix);
  await ensureTopics(kafka, env.namePrefix);
  await ensureTemplates(es, names);
  if (options.demo) await seedDemoConfig(new ConfigStore(es, names.config));
  await es.close();

  const admin = adminKey();
  process.env.VIGIE_ADMIN_KEY = admin.key;
  const children = SERVICES.map(launch).filter((child): child is ChildProcess => child !== undefined);
  let demo: RunningDemoSource | undefined;
  if (options.demo) {
    demo = await startDemoSource({ rate: options.demoRate });
    say(`demo source: ${demo.produced()} mentions of history produced, now ${options.demoRate}/s live (Luméo outage one minute in, then every 10 minutes)`);
  }
  say(`API: http://127.0.0.1:${process.env.VIGIE_API_PORT ?? 8080}/docs — admin key ${admin.file ? `in ${admin.file}` : 'from VIGIE_ADMIN_KEY'} (header: authorization: Bearer <key>)`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      // Handlers stay installed while stopping: the tsx wrapper may relay a Ctrl-C the terminal already delivered,
      // and with no handler left that second SIGINT would end this process before its services have stopped.
      if (stopping) return;
      stopping = true;
      say(`${signal}: stopping`);
      (async () => {
        await demo?.stop();
        await Promise.all(children.map(stopChild));
      })().then(resolve, (error: unknown) => {
        say(`could not stop cleanly: ${(error as Error).message}`);
        resolve();
      });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    say('running; Ctrl-C stops the services (the engines keep running: `vigie stack down` stops them)');
  });
  say('stopped');
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('start the engines (if needed) and every Vigie service; with --demo, also a demo stream about a French brand and two competitors')
    .option('--demo', 'seed the demo brands and alert rule, and replay a realistic multilingual stream')
    .option('--demo-rate <n>', 'live demo mentions per second', (v) => Number.parseFloat(v), 5)
    .option('--no-engines', 'do not start Kafka and Elasticsearch (use VIGIE_KAFKA_BROKERS / VIGIE_ES_URL)')
    .action((opts: StartOptions) => startEverything(opts));
}
