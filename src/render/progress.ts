/**
 * A progress line on stderr for long imports, drawn only when stderr is a terminal (nothing when piped or in CI).
 * It shows the phase and, while DuckDB works, the running query's own progress.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Io } from '../io.ts';
import { msg } from '../messages.ts';

export interface Progress {
  phase(name: 'read' | 'check' | 'write'): void;
  done(): void;
}

const NONE: Progress = { phase: () => undefined, done: () => undefined };

export async function startProgress(io: Io, conn: DuckDBConnection, label: string): Promise<Progress> {
  if (!io.stderrIsTTY) return NONE;
  await conn.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0');
  const m = msg(io.lang);
  let phase = '';
  const started = Date.now();
  const draw = () => {
    let pct = -1;
    try {
      pct = conn.progress.percentage;
    } catch {
      /* no query running */
    }
    const width = 24;
    const filled = pct >= 0 ? Math.round((Math.min(pct, 100) / 100) * width) : 0;
    const bar = pct >= 0 ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct.toFixed(0).padStart(3)}%` : '';
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    io.stderr(`\r\x1b[2K${label}: ${m.progress[phase] ?? phase} ${bar} ${secs}s`);
  };
  const timer = setInterval(draw, 250);
  timer.unref();
  return {
    phase(name) {
      phase = name;
      draw();
    },
    done() {
      clearInterval(timer);
      io.stderr('\r\x1b[2K');
    },
  };
}
