import { Command } from 'commander';
import { describeFailure } from './failure.js';
import { registerAlertsCommand } from './commands/alerts.js';
import { registerAnalyzeCommand } from './commands/analyze.js';
import { registerApplyCommand } from './commands/apply.js';
import { registerDlqCommand } from './commands/dlq.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerImportCommand } from './commands/import.js';
import { registerKeysCommand } from './commands/keys.js';
import { registerStackCommands } from './commands/stack.js';
import { registerStartCommand } from './commands/start.js';

const program = new Command('vigie')
  .description('Vigie: social listening and e-reputation monitoring')
  .showHelpAfterError();

for (const register of [
  registerStartCommand,
  registerStackCommands,
  registerImportCommand,
  registerAnalyzeCommand,
  registerEvalCommand,
  registerDlqCommand,
  registerApplyCommand,
  registerKeysCommand,
  registerAlertsCommand,
]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(describeFailure(error));
  process.exitCode = 1;
}
