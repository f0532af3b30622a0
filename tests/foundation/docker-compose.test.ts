import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComposeService {
  ports?: string[];
  command?: string[];
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, ComposeService> };
const readme = readFileSync('README.md', 'utf8');

/** Rows of the README's "Services and ports" table: `| name | port | what |`. */
function readmeServices(): { name: string; port: string }[] {
  const section = readme.split('## Services and ports')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| `([a-z-]+)` \| (\d+) \|/gm)].map((m) => ({ name: m[1]!, port: m[2]! }));
}

describe('docker-compose.yml', () => {
  const services = readmeServices();

  it('the README lists the services', () => {
    expect(services.map((s) => s.name)).toEqual(
      expect.arrayContaining(['kafka', 'elasticsearch', 'grafana', 'collector', 'analyzer', 'indexer', 'api', 'alerter']),
    );
  });

  it('names every service and publishes every port the README names', () => {
    for (const { name, port } of services) {
      expect(compose.services, `service ${name}`).toHaveProperty(name);
      expect(compose.services[name]!.ports ?? [], `port of ${name}`).toContain(`${port}:${port}`);
    }
  });

  it('runs each Vigie service from its own main.ts', () => {
    for (const name of ['collector', 'analyzer', 'indexer', 'api', 'alerter']) {
      const entry = compose.services[name]?.command?.[0];
      expect(entry).toBe(`services/${name}/src/main.ts`);
      expect(() => readFileSync(entry!)).not.toThrow();
    }
  });
});
