import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { VigieError } from '@vigie/core';
import type { StackPaths } from './paths.js';
import { say } from './process.js';
import { mavenCommand } from './tools.js';

export interface Artifacts {
  kafkaVersion: string;
  esVersion: string;
  /** Directory of the broker's jars. */
  kafkaLibs: string;
  /** Unpacked Elasticsearch distribution (ES_HOME). */
  esHome: string;
}

/** Versions live once, in infra/local/pom.xml. */
export function artifacts(paths: StackPaths): Artifacts {
  const pom = readFileSync(paths.pom, 'utf8');
  const property = (name: string): string => {
    const value = new RegExp(`<${name}>([^<]+)</${name}>`).exec(pom)?.[1];
    if (!value) throw new VigieError('invalid_pom', `${paths.pom} has no <${name}> property`);
    return value;
  };
  const kafkaVersion = property('kafka.version');
  const esVersion = property('elasticsearch.version');
  return {
    kafkaVersion,
    esVersion,
    kafkaLibs: join(paths.cache, `kafka-${kafkaVersion}`, 'libs'),
    esHome: join(paths.cache, `elasticsearch-${esVersion}`),
  };
}

/** Resolves the engines with Maven once; later runs find the completion marker and skip Maven entirely. */
export async function ensureArtifacts(paths: StackPaths): Promise<void> {
  const found = artifacts(paths);
  const marker = join(paths.cache, `resolved-kafka-${found.kafkaVersion}-es-${found.esVersion}`);
  if (existsSync(marker)) return;

  const mvn = mavenCommand();
  mkdirSync(paths.cache, { recursive: true });
  say(`fetching Kafka ${found.kafkaVersion} and Elasticsearch ${found.esVersion} from Maven Central into ${paths.cache} (first run only)`);
  const child = spawn(mvn, ['-B', '-f', paths.pom, 'generate-resources', `-Dvigie.cache=${paths.cache}`, `-Dmaven.repo.local=${paths.mavenRepo}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let downloads = 0;
  let lastReport = Date.now();
  const collect = (line: string): void => {
    output.push(line);
    const name = /Downloaded from \S+: \S+\/([^/\s]+\.(?:jar|zip)) /.exec(line)?.[1];
    if (!name) return;
    downloads += 1;
    // Maven fetches ~150 files on a cold machine: one line every few seconds is enough to show progress.
    if (Date.now() - lastReport > 3000 || name.endsWith('.zip')) {
      say(`  ${downloads} files downloaded (latest: ${name})`);
      lastReport = Date.now();
    }
  };
  createInterface({ input: child.stdout }).on('line', collect);
  createInterface({ input: child.stderr }).on('line', collect);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new VigieError('artifacts_failed', `mvn -f ${paths.pom} failed (exit ${code}); last lines:\n${output.slice(-30).join('\n')}`);
  }
  say(`engines ready in ${paths.cache} (${downloads} files downloaded)`);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
}
