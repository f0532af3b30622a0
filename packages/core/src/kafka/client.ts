import { Kafka, logLevel, Partitioners, type Producer, type KafkaConfig, type LogEntry } from 'kafkajs';
import { createLogger } from '../logger.js';
import { readEnv } from '../env.js';

const kafkaLog = createLogger('kafkajs');
const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info', [logLevel.DEBUG]: 'debug',
};

/** Route kafkajs' own logs into pino so every line is structured. */
function pinoLogCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...rest } = log;
    kafkaLog[LEVELS[level] ?? 'info']({ ...rest }, message);
  };
}

export function createKafka(clientId: string, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId,
    brokers: readEnv().kafkaBrokers,
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator,
    retry: { initialRetryTime: 300, retries: 10 },
    ...overrides,
  });
}

/** An idempotent producer: acks=all is enforced by kafkajs for idempotent producers. */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
