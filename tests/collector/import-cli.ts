// Runs `vigie import` exactly as the CLI wires it, then prints the process's peak RSS for the memory test.
import { Command } from 'commander';
import { registerImportCommand } from '@vigie/cli/commands/import';

const program = new Command('vigie').exitOverride();
registerImportCommand(program);
await program.parseAsync(process.argv);
process.stdout.write(`\npeak-rss-kb=${process.resourceUsage().maxRSS}\n`);
