import type { Client } from '@elastic/elasticsearch';
import type { IndexNames } from '../indices.js';
import { alertTemplate, configTemplate, mentionTemplate } from './templates.js';

/** Put the index templates and create the single (non-monthly) indices; idempotent, runs at service start. */
export async function ensureTemplates(es: Client, names: IndexNames): Promise<void> {
  for (const template of [mentionTemplate(names), alertTemplate(names), configTemplate(names)]) {
    await es.indices.putIndexTemplate(template);
  }
  for (const index of [names.alerts, names.config]) {
    if (!(await es.indices.exists({ index }))) {
      await es.indices.create({ index }, { ignore: [400] }); // 400: created concurrently by another service
    }
  }
}
