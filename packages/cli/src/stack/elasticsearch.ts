import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VigieError } from '@vigie/core';
import type { Artifacts } from './artifacts.js';
import type { Endpoints, StackPaths } from './paths.js';
import { say, startDetached, type Engine } from './process.js';

/** Elasticsearch refuses to run as root; as root we run it as this system user. */
const ES_USER = 'vigie';

function elasticsearchYml(dir: string, { host, port }: Endpoints['es']): string {
  // The integ-test zip ships only x-pack-core and x-pack-security among x-pack modules, so the security switch exists
  // and must be off (otherwise HTTP wants credentials). Loopback binding keeps it in dev mode: bootstrap checks
  // (vm.max_map_count, file descriptors) only warn.
  return `# Written by vigie stack on every start; edits are overwritten.
cluster.name: vigie-local
node.name: vigie-local
path.data: ${join(dir, 'data')}
path.logs: ${join(dir, 'logs')}
network.host: ${host}
http.port: ${port}
discovery.type: single-node
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
`;
}

// The distribution's jvm.options logs every GC to 32 x 64 MB files; keep only JVM warnings.
const JVM_OPTIONS = `-Xlog:disable
-Xlog:all=warning:stderr:utctime,level,tags
`;

function userIds(): { uid: number; gid: number } | undefined {
  try {
    const id = (flag: string): number => Number(execFileSync('id', [flag, ES_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

function serviceUser(): { uid: number; gid: number } {
  const existing = userIds();
  if (existing) return existing;
  say(`creating system user '${ES_USER}' to run Elasticsearch (it refuses to run as root)`);
  execFileSync('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', ES_USER]);
  const created = userIds();
  if (!created) throw new VigieError('es_user_failed', `useradd did not create user '${ES_USER}'`);
  return created;
}

function assertUserCan(user: { uid: number; gid: number }, test: string, path: string): void {
  try {
    execFileSync('test', [test, path], { ...user, stdio: 'ignore' });
  } catch {
    throw new VigieError('es_permissions', `user '${ES_USER}' cannot access ${path}: every parent directory must be traversable by other users; set VIGIE_HOME to such a place (e.g. /var/tmp/vigie)`);
  }
}

export async function esHealth(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok || response.headers.get('x-elastic-product') !== 'Elasticsearch') return undefined;
    const { status } = (await response.json()) as { status?: string };
    return status === 'green' || status === 'yellow' ? status : undefined;
  } catch {
    return undefined;
  }
}

export function elasticsearchEngine(paths: StackPaths, ep: Endpoints, art: Artifacts): Engine {
  const config = join(paths.es, 'config');
  const daemon = { name: 'Elasticsearch', pidFile: join(paths.run, 'elasticsearch.pid'), logFile: join(paths.logs, 'elasticsearch.log'), marker: art.esHome };
  return {
    label: `Elasticsearch ${art.esVersion}`,
    daemon,
    where: ep.es.url,
    host: ep.es.host,
    // The transport port is left to Elasticsearch, which takes the first free one in 9300-9399.
    ports: [ep.es.port],
    readyTimeoutMs: 300_000,
    stopGraceMs: 60_000,
    health: async () => {
      const status = await esHealth(ep.es.url);
      return status && `health ${status}`;
    },
    start(javaHome) {
      if (!existsSync(config)) cpSync(join(art.esHome, 'config'), config, { recursive: true });
      writeFileSync(join(config, 'elasticsearch.yml'), elasticsearchYml(paths.es, ep.es));
      writeFileSync(join(config, 'jvm.options.d', 'vigie.options'), JVM_OPTIONS);
      for (const dir of ['data', 'logs', 'tmp']) mkdirSync(join(paths.es, dir), { recursive: true });
      const user = process.getuid?.() === 0 ? serviceUser() : undefined;
      if (user) {
        execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, paths.es]);
        assertUserCan(user, '-x', join(art.esHome, 'bin/elasticsearch'));
        assertUserCan(user, '-w', join(paths.es, 'data'));
      }
      return startDetached(daemon, join(art.esHome, 'bin/elasticsearch'), [], {
        cwd: paths.es,
        ...user,
        env: {
          ...process.env,
          ES_JAVA_HOME: javaHome,
          ES_PATH_CONF: config,
          ES_TMPDIR: join(paths.es, 'tmp'),
          ES_JAVA_OPTS: '-Xms2g -Xmx2g',
        },
      });
    },
  };
}
