#!/usr/bin/env node
import { buildProgram } from './program.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`wirestream: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
