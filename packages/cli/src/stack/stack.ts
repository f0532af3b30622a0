import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VigieError } from '@vigie/core';
import { artifacts, ensureArtifacts } from './artifacts.js';
import { elasticsearchEngine } from './elasticsearch.js';
import { kafkaEngine } from './kafka.js';
import { endpoints, stackPaths } from './paths.js';
import { alive, portTaken, runningPid, say, stopDetached, waitUntilAnswers, withLock, type Engine } from './process.js';
import { javaHome } from './tools.js';

export type EngineName = 'kafka' | 'es';
export const ENGINE_NAMES: readonly EngineName[] = ['kafka', 'es'];

function engines(): Record<EngineName, Engine> {
  const paths = stackPaths();
  const ep = endpoints();
  const art = artifacts(paths);
  return { kafka: kafkaEngine(paths, ep, art), es: elasticsearchEngine(paths, ep, art) };
}

/** The engine versions pinned in infra/local/pom.xml (container images follow them too). */
export function engineVersions(): { kafka: string; es: string } {
  const { kafkaVersion, esVersion } = artifacts(stackPaths());
  return { kafka: kafkaVersion, es: esVersion };
}

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');

async function launch(engine: Engine, java: string): Promise<void> {
  const pid = runningPid(engine.daemon);
  if (pid !== undefined) {
    say(`${engine.label} (pid ${pid}) is already starting; waiting for it`);
    return;
  }
  if (!isLoopback(engine.host)) {
    throw new VigieError('not_local', `${engine.label} is expected on ${engine.where}, which is not this machine; the local stack only runs engines on loopback: start that engine there, or unset VIGIE_KAFKA_BROKERS / VIGIE_ES_URL`);
  }
  for (const port of engine.ports) {
    if (await portTaken(engine.host, port)) {
      throw new VigieError('port_taken', `port ${engine.host}:${port} is in use, but nothing answers there as ${engine.label} on ${engine.where}; stop the process holding it (see \`ss -ltnp 'sport = :${port}'\`), or set VIGIE_KAFKA_BROKERS / VIGIE_ES_URL to free ports`);
    }
  }
  say(`started ${engine.label} (pid ${engine.start(java)}), log ${engine.daemon.logFile}`);
}

export type UpResult = Record<EngineName, 'reused' | 'started'>;

/** Makes the engines answer: reuses any that already do, starts only the missing ones, waits until all answer. */
export async function stackUp(names: readonly EngineName[] = ENGINE_NAMES): Promise<Partial<UpResult>> {
  const result = await up(names);
  // Someone asking for the stack wants it to outlive test runs: the last test run must not stop these.
  setLeasedEngines(leasedEngines().filter((name) => !names.includes(name)));
  return result;
}

async function up(names: readonly EngineName[]): Promise<Partial<UpResult>> {
  const all = engines();
  const missing = async (): Promise<EngineName[]> => {
    const health = await Promise.all(names.map((name) => all[name].health()));
    return names.filter((_, i) => !health[i]);
  };
  const result = Object.fromEntries(names.map((name) => [name, 'reused'])) as Partial<UpResult>;
  const report = (name: EngineName): void => say(`${all[name].label} answers on ${all[name].where}; reusing it`);
  if ((await missing()).length === 0) {
    names.forEach(report);
    return result;
  }

  const paths = stackPaths();
  await withLock(join(paths.run, 'up.lock'), async () => {
    // Checked again under the lock: another `stack up` may have started some while we waited.
    const toStart = await missing();
    names.filter((name) => !toStart.includes(name)).forEach(report);
    if (toStart.length === 0) return;
    for (const name of toStart) result[name] = 'started';
    const java = javaHome();
    await ensureArtifacts(paths);
    for (const name of toStart) await launch(all[name], java);
    await Promise.all(toStart.map(async (name) => {
      const engine = all[name];
      const started = Date.now();
      await waitUntilAnswers(engine.daemon, engine.where, async () => (await engine.health()) !== undefined, engine.readyTimeoutMs);
      say(`${engine.label} answers on ${engine.where} after ${((Date.now() - started) / 1000).toFixed(1)}s`);
    }));
  });
  return result;
}

/** Engines started for lease holders (see `leaseStack`), recorded so that the last holder stops exactly those. */
const leasedFile = (): string => join(stackPaths().run, 'leased-engines');
function leasedEngines(): EngineName[] {
  return existsSync(leasedFile()) ? (readFileSync(leasedFile(), 'utf8').split('\n').filter(Boolean) as EngineName[]) : [];
}
function setLeasedEngines(names: EngineName[]): void {
  if (names.length > 0) writeFileSync(leasedFile(), `${[...new Set(names)].join('\n')}\n`);
  else rmSync(leasedFile(), { force: true });
}

/** Stops the engines this stack started (pid files); an engine started some other way is left alone. */
export async function stackDown(names: readonly EngineName[] = ENGINE_NAMES): Promise<void> {
  const all = engines();
  const stopped: EngineName[] = [];
  await Promise.all(names.map(async (name) => {
    const engine = all[name];
    if (await stopDetached(engine.daemon, engine.stopGraceMs)) {
      stopped.push(name);
      say(`stopped ${engine.label}`);
    } else if (await engine.health()) say(`${engine.label} answers on ${engine.where} but was not started by vigie stack; left running`);
    else say(`${engine.label} is not running`);
  }));
  // Once stopped, an engine is no lease holder's to stop any more, even if someone starts it again by hand.
  setLeasedEngines(leasedEngines().filter((name) => !stopped.includes(name)));
}

/**
 * For processes sharing the local stack at once (parallel test runs): each holds a lease, a file named by its pid,
 * while it runs. Engines started for a lease holder are stopped when the last live holder releases, never under
 * another run; engines that were already running are never stopped.
 */
export async function leaseStack(): Promise<{ started: EngineName[]; release: () => Promise<void> }> {
  const run = stackPaths().run;
  const leases = join(run, 'leases');
  const lease = join(leases, String(process.pid));
  const lock = join(run, 'leases.lock');
  const started = await withLock(lock, async () => {
    mkdirSync(leases, { recursive: true });
    writeFileSync(lease, '');
    const result = await up(ENGINE_NAMES);
    const mine = ENGINE_NAMES.filter((name) => result[name] === 'started');
    setLeasedEngines([...leasedEngines(), ...mine]);
    return mine;
  });
  const release = (): Promise<void> => withLock(lock, async () => {
    rmSync(lease, { force: true });
    for (const pid of readdirSync(leases)) if (!alive(Number(pid))) rmSync(join(leases, pid), { force: true });
    if (readdirSync(leases).length > 0) return;
    await stackDown(leasedEngines());
  });
  return { started, release };
}

/** An Elasticsearch outage, for tests: stopped, then started again; a run that leased it still stops it when it ends. */
export const startElasticsearch = async (): Promise<void> => void (await up(['es']));
export async function stopElasticsearch(): Promise<void> {
  const leased = leasedEngines();
  await stackDown(['es']);
  setLeasedEngines(leased);
}

export interface EngineStatus {
  name: EngineName;
  label: string;
  where: string;
  /** Set when the engine was started by vigie stack and is running. */
  pid?: number;
  /** Undefined when the engine does not answer. */
  health?: string;
  logFile: string;
}

/** Prints and returns what runs where. */
export async function stackStatus(): Promise<EngineStatus[]> {
  const all = engines();
  const statuses = await Promise.all(ENGINE_NAMES.map(async (name): Promise<EngineStatus> => {
    const engine = all[name];
    return { name, label: engine.label, where: engine.where, pid: runningPid(engine.daemon), health: await engine.health(), logFile: engine.daemon.logFile };
  }));
  for (const s of statuses) {
    const state = s.health ? `up (${s.health})` : s.pid === undefined ? 'down' : 'not answering';
    const owner = s.pid === undefined ? (s.health ? 'not started by vigie stack' : '') : `pid ${s.pid}`;
    console.log([s.label.padEnd(22), s.where.padEnd(24), state.padEnd(34), owner, s.pid === undefined ? '' : s.logFile].filter(Boolean).join('  ').trimEnd());
  }
  return statuses;
}

/** Shows the engines' logs (the last lines, or following them with `follow`). */
export async function stackLogs(name?: EngineName, follow = false): Promise<void> {
  const all = engines();
  const files = (name ? [name] : ENGINE_NAMES).map((n) => all[n].daemon.logFile).filter((f) => existsSync(f));
  if (files.length === 0) throw new VigieError('no_logs', `no log yet for ${name ?? 'the stack'}: run vigie stack up first`);
  const tail = spawn('tail', ['-n', '100', ...(follow ? ['-F'] : []), ...files], { stdio: 'inherit' });
  await new Promise((resolve, reject) => tail.once('error', reject).once('close', resolve));
}
