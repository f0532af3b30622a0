// Runs `vigie import` exactly as the CLI wires it, then prints the process's peak RSS for the memory test.
import { Command } from 'commander';
import { registerImportCommand } from '../../packages/cli/src/commands/import.js';

const program = new Command('vigie').exitOverride();
registerImportCommand(program);
await program.parseAsync(process.argv);
process.stdout.write(`\npeak-rss-kb=${process.resourceUsage().maxRSS}\n`);
