#!/usr/bin/env node
// Thin launcher: runs the compiled program (dist/, written by `npm run build`, which `npm install` runs on a clone).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  // the catalogue of messages is in dist/ too: this one is said in both languages here
  process.stderr.write('vigie: le programme compilé (dist/) manque : lancez `npm run build` · '
    + 'the compiled program (dist/) is missing: run `npm run build`\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
