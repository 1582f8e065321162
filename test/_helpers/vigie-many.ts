// Runs several vigie command lines one after the other in this one process, each through the CLI's entry point (what
// bin/vigie.js calls) with the process's own environment and working folder: one Node start-up instead of one per
// command. argv[2] is a JSON array of argument arrays; prints one JSON line per command: {args, code, stdout, stderr}.
import { main } from '../../src/cli.ts';

const lines = JSON.parse(process.argv[2] ?? '[]') as string[][];
for (const args of lines) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'vigie', ...args], { io: { stdout: (s) => out.push(s), stderr: (s) => err.push(s) } });
  process.stdout.write(`${JSON.stringify({ args, code, stdout: out.join(''), stderr: err.join('') })}\n`);
}
