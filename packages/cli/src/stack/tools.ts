import { spawnSync } from 'node:child_process';
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { VigieError } from '@vigie/core';

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The JDK both engines run on: `JAVA_HOME`, else the `java` on PATH. Kafka 4 brokers and Elasticsearch 8 need 17+. */
export function javaHome(): string {
  const onPath = which('java');
  const home = process.env.JAVA_HOME ?? (onPath && dirname(dirname(realpathSync(onPath))));
  // `java -version` prints on stderr.
  const version = home ? spawnSync(join(home, 'bin/java'), ['-version'], { encoding: 'utf8' }).stderr ?? '' : '';
  if (!home || !version) {
    throw new VigieError('java_missing', `no Java found (JAVA_HOME=${process.env.JAVA_HOME ?? 'unset'}, java on PATH: ${onPath ?? 'none'}); install a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME`);
  }
  const major = Number(/version "(\d+)/.exec(version)?.[1]);
  if (!(major >= 17)) throw new VigieError('java_too_old', `Java 17+ is required, ${home} is: ${version.split('\n')[0]}; set JAVA_HOME to a JDK 17+`);
  return home;
}

export function mavenCommand(): string {
  const mvn = which('mvn');
  if (!mvn) throw new VigieError('maven_missing', 'mvn not found on PATH: Maven 3.8+ is needed once to fetch Kafka and Elasticsearch from Maven Central (e.g. apt-get install maven)');
  return mvn;
}
