import type { Command } from 'commander';
import { ENGINE_NAMES, stackDown, stackLogs, stackStatus, stackUp, type EngineName } from '../stack/stack.js';

export function registerStackCommands(program: Command): void {
  const stack = program.command('stack').description('run Kafka and Elasticsearch on this machine, without Docker (state in .vigie/)');
  stack.command('up').description('start the engines that do not answer yet, and wait until both answer').action(async () => {
    await stackUp();
  });
  stack.command('down').description('stop the engines started by `vigie stack up`').action(() => stackDown());
  stack.command('status').description('show what runs where').action(async () => {
    await stackStatus();
  });
  stack
    .command('logs')
    .description('show the engines\' logs')
    .argument('[engine]', `one of ${ENGINE_NAMES.join(', ')}`)
    .option('-f, --follow', 'keep printing new lines')
    .action(async (engine: string | undefined, options: { follow?: boolean }) => {
      if (engine !== undefined && !ENGINE_NAMES.includes(engine as EngineName)) {
        stack.error(`unknown engine "${engine}": expected one of ${ENGINE_NAMES.join(', ')}`);
      }
      await stackLogs(engine as EngineName | undefined, options.follow);
    });
}
