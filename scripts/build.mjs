#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ with the TypeScript compiler (tsconfig.build.json), from an empty dist/ so
// that a file removed from src/ leaves nothing behind. tsc, not a bundler: dist/ keeps src/'s layout, so every
// `new URL('../../data/…', import.meta.url)` finds the package's data/ from dist/ as it does from src/, and the
// dynamic imports that keep the start fast stay separate files.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
process.exitCode = r.status ?? 1;
