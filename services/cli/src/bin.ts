#!/usr/bin/env node
import { errorMessage, scrubSecrets } from '@wirestream/runtime';
import { buildProgram } from './program.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

// `pnpm start -- --once` hands the "--" through; without this, commander would take --once as an operand.
const argv = process.argv.slice(2);
const separator = argv.indexOf('--');
if (separator >= 0) argv.splice(separator, 1);

buildProgram()
  .parseAsync(argv, { from: 'user' })
  .catch((err: unknown) => {
    // Errors from clients can quote a connection string; this line bypasses the logger's scrubber.
    process.stderr.write(`wirestream: ${scrubSecrets(errorMessage(err))}\n`);
    process.exit(1);
  });
