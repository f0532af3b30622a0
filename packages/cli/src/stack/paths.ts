import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnv } from '@vigie/core';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface StackPaths {
  home: string;
  cache: string;
  run: string;
  logs: string;
  kafka: string;
  es: string;
  pom: string;
  mavenRepo: string;
}

/** True when every folder from `/` down to `path` lets other users through (the unprivileged Elasticsearch user needs it). */
function traversableByOthers(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

/**
 * Everything the local stack writes lives under `.vigie/` at the repo root (git-ignored), or under `VIGIE_HOME`.
 * As root in a checkout the Elasticsearch user cannot reach (e.g. under /root), it moves to /var/lib/vigie/<repo hash>.
 */
function defaultHome(): string {
  if (process.getuid?.() !== 0 || traversableByOthers(repoRoot)) return join(repoRoot, '.vigie');
  return join('/var/lib/vigie', createHash('sha256').update(repoRoot).digest('hex').slice(0, 12));
}

export function stackPaths(env: NodeJS.ProcessEnv = process.env): StackPaths {
  const home = resolve(env.VIGIE_HOME ?? defaultHome());
  return {
    home,
    cache: join(home, 'cache'),
    run: join(home, 'run'),
    logs: join(home, 'logs'),
    kafka: join(home, 'kafka'),
    es: join(home, 'es'),
    pom: join(repoRoot, 'infra/local/pom.xml'),
    mavenRepo: env.VIGIE_MAVEN_REPO ?? join(homedir(), '.m2/repository'),
  };
}

export interface Endpoints {
  kafka: { host: string; port: number; controllerPort: number; brokers: string[] };
  es: { host: string; port: number; url: string };
}

/** Where the engines answer, from `VIGIE_KAFKA_BROKERS` / `VIGIE_ES_URL`; the local Kafka serves the first broker address. */
export function endpoints(): Endpoints {
  const { kafkaBrokers, esUrl } = readEnv();
  const first = kafkaBrokers[0] ?? '127.0.0.1:9092';
  const sep = first.lastIndexOf(':');
  const kafkaPort = Number(first.slice(sep + 1));
  if (sep < 0 || !Number.isInteger(kafkaPort)) throw new Error(`VIGIE_KAFKA_BROKERS: expected host:port, got "${first}"`);
  const url = new URL(esUrl);
  return {
    kafka: { host: first.slice(0, sep), port: kafkaPort, controllerPort: kafkaPort + 1, brokers: kafkaBrokers },
    es: { host: url.hostname, port: Number(url.port || 9200), url: esUrl.replace(/\/+$/, '') },
  };
}
