#!/usr/bin/env node
import { Command } from 'commander';

const program = new Command('vigie')
  .description('Vigie: social listening and e-reputation monitoring')
  .showHelpAfterError();

await program.parseAsync(process.argv);
