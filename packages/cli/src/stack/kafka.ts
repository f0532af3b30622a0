import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { VigieError } from '@vigie/core';
import type { Artifacts } from './artifacts.js';
import type { Endpoints, StackPaths } from './paths.js';
import { say, startDetached, type Engine } from './process.js';

const LOG4J2 = `# Written by vigie stack; stdout is redirected to .vigie/logs/kafka.log.
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
`;

function serverProperties(dataDir: string, { host, port, controllerPort }: Endpoints['kafka']): string {
  return `# Written by vigie stack on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=${host}:${controllerPort}
listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}
advertised.listeners=PLAINTEXT://${host}:${port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${dataDir}
num.partitions=6
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Tests create many short-lived groups: no 3 s wait before the first rebalance.
group.initial.rebalance.delay.ms=0
`;
}

/** Kafka's Uuid text form: 16 random bytes, base64url; Kafka never issues ids starting with '-' (they read as CLI flags). */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export async function kafkaClusterId(brokers: string[]): Promise<string | undefined> {
  const admin = new Kafka({
    clientId: 'vigie-stack',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    return (await admin.describeCluster()).clusterId;
  } catch {
    return undefined;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export function kafkaEngine(paths: StackPaths, ep: Endpoints, art: Artifacts): Engine {
  const config = join(paths.kafka, 'server.properties');
  const log4j = join(paths.kafka, 'log4j2.properties');
  const dataDir = join(paths.kafka, 'data');
  const classpath = join(art.kafkaLibs, '*');
  const daemon = { name: 'Kafka', pidFile: join(paths.run, 'kafka.pid'), logFile: join(paths.logs, 'kafka.log'), marker: config };
  return {
    label: `Kafka ${art.kafkaVersion}`,
    daemon,
    where: ep.kafka.brokers.join(','),
    host: ep.kafka.host,
    ports: [ep.kafka.port, ep.kafka.controllerPort],
    readyTimeoutMs: 120_000,
    stopGraceMs: 30_000,
    health: async () => {
      const id = await kafkaClusterId(ep.kafka.brokers);
      return id && `cluster ${id}`;
    },
    start(javaHome) {
      const java = join(javaHome, 'bin/java');
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(config, serverProperties(dataDir, ep.kafka));
      writeFileSync(log4j, LOG4J2);
      if (!existsSync(join(dataDir, 'meta.properties'))) {
        const id = clusterId();
        say(`formatting Kafka storage in ${dataDir} (cluster ${id})`);
        try {
          execFileSync(java, ['-cp', classpath, `-Dlog4j2.configurationFile=${log4j}`, 'kafka.tools.StorageTool', 'format', '--standalone', '-t', id, '-c', config], { stdio: 'pipe' });
        } catch (error) {
          const output = error as { stdout?: Buffer; stderr?: Buffer };
          throw new VigieError('kafka_format_failed', `formatting ${dataDir} failed:\n${output.stdout ?? ''}${output.stderr ?? ''}`, { cause: error });
        }
      }
      return startDetached(daemon, java, [
        '-Xms256m', '-Xmx1g', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${log4j}`, '-cp', classpath, 'kafka.Kafka', config,
      ], { cwd: paths.kafka, env: { ...process.env, JAVA_HOME: javaHome } });
    },
  };
}
