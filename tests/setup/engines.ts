import { createServer } from 'node:net';
import { readEnv } from '@vigie/core';
import { engineVersions, leaseStack } from '@vigie/cli/stack';

export interface Engines {
  kafkaBrokers: string[];
  esUrl: string;
  /** True when this run started at least one engine, which `stopEngines()` will stop. */
  startedByUs: boolean;
}

let stopStarted: (() => Promise<void>) | undefined;

/**
 * The engines for this test run, in order of preference: the ones named by `VIGIE_KAFKA_BROKERS` and `VIGIE_ES_URL`,
 * containers when a Docker engine answers, else the local stack (`vigie stack up`, reusing engines that already run).
 */
export async function ensureEngines(): Promise<Engines> {
  if (process.env.VIGIE_KAFKA_BROKERS && process.env.VIGIE_ES_URL) return { ...configured(), startedByUs: false };
  return (await startContainers()) ?? (await startLocalStack());
}

export async function stopEngines(): Promise<void> {
  await stopStarted?.();
  stopStarted = undefined;
}

async function startLocalStack(): Promise<Engines> {
  // Parallel test runs share the local stack: the last run to finish stops what test runs started.
  const { started, release } = await leaseStack();
  stopStarted = release;
  return { ...configured(), startedByUs: started.length > 0 };
}

function configured(): Pick<Engines, 'kafkaBrokers' | 'esUrl'> {
  const { kafkaBrokers, esUrl } = readEnv();
  return { kafkaBrokers, esUrl };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Undefined when no Docker engine answers (or testcontainers cannot load), so the caller falls back to the local stack. */
async function startContainers(): Promise<Engines | undefined> {
  let tc: typeof import('testcontainers');
  try {
    tc = await import('testcontainers');
    await tc.getContainerRuntimeClient();
  } catch (error) {
    console.warn(`engines: no usable Docker engine (${(error as Error).message}); using the local stack`);
    return undefined;
  }
  const { GenericContainer, Wait } = tc;
  const versions = engineVersions();
  // Kafka advertises the address clients must dial back, so the host port is chosen before the container starts.
  const kafkaPort = await freePort();
  const kafka = new GenericContainer(`apache/kafka:${versions.kafka}`)
    .withExposedPorts({ container: 9092, host: kafkaPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_NUM_PARTITIONS: '6',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  const es = new GenericContainer(`docker.elastic.co/elasticsearch/elasticsearch:${versions.es}`)
    .withExposedPorts(9200)
    .withEnvironment({
      'discovery.type': 'single-node',
      'xpack.security.enabled': 'false',
      'cluster.routing.allocation.disk.threshold_enabled': 'false',
      'action.destructive_requires_name': 'false',
      ES_JAVA_OPTS: '-Xms2g -Xmx2g',
    })
    .withWaitStrategy(Wait.forHttp('/_cluster/health', 9200).forStatusCode(200))
    .start();
  const [k, e] = await Promise.all([kafka, es]);
  stopStarted = async () => {
    await Promise.all([k.stop(), e.stop()]);
  };
  return { kafkaBrokers: [`127.0.0.1:${kafkaPort}`], esUrl: `http://${e.getHost()}:${e.getMappedPort(9200)}`, startedByUs: true };
}
