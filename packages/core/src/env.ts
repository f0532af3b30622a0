/** Environment variables every service reads, with their local defaults. */
export interface VigieEnv {
  kafkaBrokers: string[];
  esUrl: string;
  /** Prefix for topic and index names (tests and isolated deployments). */
  namePrefix: string;
  logLevel: string;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): VigieEnv {
  return {
    kafkaBrokers: (env.VIGIE_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean),
    esUrl: env.VIGIE_ES_URL ?? 'http://127.0.0.1:9200',
    namePrefix: env.VIGIE_PREFIX ?? '',
    logLevel: env.VIGIE_LOG_LEVEL ?? 'info',
  };
}
